using System.Text.RegularExpressions;

namespace Klantmeting.Comments;

/// <summary>
/// Removes what could identify a person from an open answer before anybody reads or downloads it: e-mail addresses,
/// URLs, IBANs, telephone numbers, BSN-like numbers (8 or 9 digits, also written 1234.56.789) and a postcode with
/// its house number. Each becomes <see cref="Removed"/>. Masking is done on every display and export, never stored,
/// so a better rule applies to old answers too.
/// </summary>
public static partial class CommentMasker
{
    /// <summary>What stands where something was removed.</summary>
    public const string Removed = "[verwijderd]";

    /// <summary>The comment with every identifying pattern replaced by <see cref="Removed"/>.</summary>
    public static string Mask(string comment)
    {
        var text = comment;
        foreach (var pattern in _patterns)
        {
            text = pattern.Replace(text, Removed);
        }

        return text;
    }

    // Order matters: e-mail and URLs first (they contain digits and dots), then IBAN (contains digit runs),
    // then telephone numbers, BSN-like numbers and postcodes.
    private static readonly Regex[] _patterns = [Email(), Url(), Iban(), Phone(), Bsn(), Postcode()];

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+\s*(@|\(at\)|\[at\])\s*[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""]+|\b[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:nl|com|org|net|eu|be|de|info|gov)(?:/[^\s<>""]*)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    // NL91 ABNA 0417 1643 00, also without spaces and in lower case; other countries' IBANs alike.
    [GeneratedRegex(@"\b[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d){7,24}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Iban();

    // Dutch numbers (06-12345678, 020 123 4567, +31 6 1234 5678, 0031 ...) and other international (+ and 8-14 digits).
    [GeneratedRegex(@"(?<![\w+])(?:(?:\+|00)31[\s\-]?(?:\(0\))?[\s\-]?[1-9]|0[1-9])(?:[\s\-]?\d){8}(?!\d)|(?<![\w+])\+[1-9](?:[\s\-]?\d){7,13}(?!\d)")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<![\d.])(?:\d{8,9}|\d{4}[.\s]\d{2}[.\s]\d{3}|\d{3}[.\s]\d{3}[.\s]\d{3})(?![\d.]?\d)")]
    private static partial Regex Bsn();

    // 1234 AB, 1234AB, with an optional house number (and addition) after it: "1234 AB 12a", "1234AB, 7".
    // Letters in capitals, or lower case written against the digits ("1234ab"): "in 2009 en 2010" is no postcode.
    [GeneratedRegex(@"\b[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})\b(?:[\s,]*\d{1,5}(?:\s?[a-zA-Z]\b|-\d{1,4})?)?")]
    private static partial Regex Postcode();
}
