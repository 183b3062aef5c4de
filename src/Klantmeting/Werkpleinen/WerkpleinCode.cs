namespace Klantmeting.Werkpleinen;

/// <summary>
/// The format of a Werkplein code, used in imports, exports and web addresses: 1-20 letters (A-Z, a-z), digits and
/// dashes. Codes are unique without regard to case (<c>WP-AMS</c> and <c>wp-ams</c> are the same Werkplein). One
/// place for the rule, so the import, <c>db check</c> and any later form give the same message.
/// </summary>
public static class WerkpleinCode
{
    /// <summary>Longest code in characters.</summary>
    public const int MaxLength = 20;

    /// <summary>The rule in words, for messages and documentation.</summary>
    public const string Rule = "een Werkplein-code bestaat uit 1 tot 20 letters (A-Z), cijfers of streepjes (-), zoals WP-AMS";

    /// <summary>How codes are compared: without regard to case.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>Null when <paramref name="code"/> follows the rule, otherwise the Dutch message that names the rule.</summary>
    public static string? Check(string code)
    {
        if (code.Length == 0)
        {
            return $"de code is leeg; {Rule}";
        }

        if (code.Length > MaxLength)
        {
            return $"de code is te lang ({code.Length} tekens); {Rule}";
        }

        foreach (var c in code)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return $"de code bevat een teken dat niet mag ({Describe(c)}); {Rule}";
            }
        }

        return null;
    }

    /// <summary>A character for a message: itself when it is visible, its code point otherwise.</summary>
    internal static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate
            ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}")
            : $"'{c}'";
}
