namespace Klantmeting.Rounds;

/// <summary>
/// The format of a round name, which appears in web addresses and exports: 1-100 characters of printable text,
/// without <c>/</c> or <c>\</c>, without control or invisible characters, without a space at the start or end, and
/// not starting with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> (a spreadsheet reads those as a formula). One place for
/// the rule, so the command line, <c>db check</c> and any later form give the same message.
/// </summary>
public static class RoundName
{
    /// <summary>Longest round name in characters.</summary>
    public const int MaxLength = 100;

    /// <summary>The rule in words, for messages and documentation.</summary>
    public const string Rule =
        "de naam van een ronde heeft 1 tot 100 tekens, zonder / of \\, zonder stuurtekens of onzichtbare tekens, " +
        "zonder spatie aan het begin of eind, en begint niet met =, +, - of @";

    /// <summary>Null when <paramref name="name"/> follows the rule, otherwise the Dutch message that names the rule.</summary>
    public static string? Check(string name)
    {
        var problem = Problem(name);
        return problem is null ? null : $"De naam van de ronde {problem}. Regel: {Rule}.";
    }

    private static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "is leeg";
        }

        if (name.Length > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is te lang ({name.Length} tekens)");
        }

        if (name.AsSpan().IndexOfAny('/', '\\') >= 0)
        {
            return "bevat een / of \\ (dan werkt de link naar de ronde niet)";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var category = char.GetUnicodeCategory(c);
            var unpaired = char.IsHighSurrogate(c) ? i + 1 >= name.Length || !char.IsLowSurrogate(name[++i]) : char.IsLowSurrogate(c);
            if (unpaired || category is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return string.Create(CultureInfo.InvariantCulture, $"bevat een stuurteken of onzichtbaar teken (U+{(int)c:X4})");
            }
        }

        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]))
        {
            return "begint of eindigt met een spatie";
        }

        if (name[0] is '=' or '+' or '-' or '@')
        {
            return $"begint met {name[0]} (een spreadsheet leest dat als formule)";
        }

        return null;
    }
}
