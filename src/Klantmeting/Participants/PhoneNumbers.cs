namespace Klantmeting.Participants;

/// <summary>
/// Phone numbers as people write them, normalised to E.164 (<c>+31612345678</c>): Dutch national numbers
/// (<c>06 12345678</c>, <c>010-1234567</c>), <c>+31</c> and <c>0031</c> forms (also with <c>(0)</c>), and other
/// countries as <c>+CC...</c> or <c>00CC...</c>. Spaces, dots, dashes, slashes and brackets are ignored.
/// </summary>
public static class PhoneNumbers
{
    /// <summary>Longest stored form: <c>+</c> and at most 15 digits (E.164).</summary>
    public const int MaxLength = 16;

    /// <summary>Shortest international number we accept (country code included): E.164 has no hard minimum; 8 rules out typos.</summary>
    private const int MinInternationalDigits = 8;

    /// <summary>
    /// The E.164 form of <paramref name="text"/>, or null with a Dutch <paramref name="error"/> that never repeats the
    /// number (errors are stored and shown; the number is contact data).
    /// </summary>
    public static string? Normalise(string text, out string? error)
    {
        error = null;
        var digits = new System.Text.StringBuilder(text.Length);
        var plus = false;
        var trimmed = text.Trim().Replace("(0)", "", StringComparison.Ordinal);
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && i == 0)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '.' or '/' or '(' or ')'))
            {
                error = "het telefoonnummer bevat andere tekens dan cijfers, spaties, streepjes, haakjes of een + aan het begin";
                return null;
            }
        }

        var number = digits.ToString();
        if (!plus && number.StartsWith("00", StringComparison.Ordinal))
        {
            plus = true;
            number = number[2..];
        }

        return plus ? International(number, out error) : National(number, out error);
    }

    private static string? International(string number, out string? error)
    {
        error = null;
        if (number.StartsWith("31", StringComparison.Ordinal))
        {
            return Dutch(number[2..], out error);
        }

        if (number.Length == 0 || number[0] == '0')
        {
            error = "na + of 00 komt een landnummer (bijvoorbeeld 31 voor Nederland of 32 voor België), dat niet met 0 begint";
            return null;
        }

        if (number.Length is < MinInternationalDigits or > MaxLength - 1)
        {
            error = $"een internationaal telefoonnummer heeft {MinInternationalDigits} tot {MaxLength - 1} cijfers, het landnummer meegeteld";
            return null;
        }

        return "+" + number;
    }

    private static string? National(string number, out string? error)
    {
        error = null;
        if (number.Length == 0 || number[0] != '0')
        {
            error = "schrijf een Nederlands nummer met 0 ervoor (06 12345678, 010 1234567) of een buitenlands nummer met + en landnummer";
            return null;
        }

        return Dutch(number[1..], out error);
    }

    /// <summary>The 9 digits after <c>0</c> or <c>+31</c>: area or mobile code and subscriber number.</summary>
    private static string? Dutch(string significant, out string? error)
    {
        error = null;
        if (significant.Length != 9 || significant[0] == '0')
        {
            error = "een Nederlands telefoonnummer heeft 10 cijfers, met de 0 ervoor (06 12345678, 010 1234567)";
            return null;
        }

        return "+31" + significant;
    }
}
