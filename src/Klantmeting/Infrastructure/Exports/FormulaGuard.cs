namespace Klantmeting.Infrastructure.Exports;

/// <summary>
/// Keeps text cells from running as formulas when an export is opened in a spreadsheet (OWASP "CSV Injection"):
/// text that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a leading
/// <c>'</c>, which Excel and LibreOffice read as "this cell is text". Only text cells go through here: numbers are
/// written as numbers, so a negative difference such as <c>-0.42</c> stays a number. Every export format
/// (<see cref="TableWriter"/>: both CSV formats and XLSX) calls this one function.
/// </summary>
public static class FormulaGuard
{
    /// <summary>The characters that make a spreadsheet read a cell as a formula when it starts with one.</summary>
    public const string FormulaStarters = "=+-@\t\r";

    /// <summary><paramref name="text"/> itself when it is safe, otherwise <c>'</c> + <paramref name="text"/>.</summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && FormulaStarters.Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;
}
