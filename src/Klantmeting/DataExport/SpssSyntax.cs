using System.Text;

namespace Klantmeting.DataExport;

/// <summary>
/// The SPSS syntax that reads the coded CSV of <see cref="DataFormats"/>: GET DATA with a type per variable, VARIABLE
/// LABELS (statement texts, attribute labels), VALUE LABELS (the agreement scale with "weet niet", categories),
/// MISSING VALUES (0 = "weet niet" on the statements) and VARIABLE LEVEL. Runs in SPSS and in GNU PSPP (tested).
/// </summary>
public static class SpssSyntax
{
    // SPSS allows labels up to 256 bytes (longer ones are an error in PSPP); statement texts are shorter, but be safe.
    private const int MaxLabelBytes = 250;

    /// <summary>The syntax for <paramref name="data"/>, reading <paramref name="csvFileName"/> from the working folder.</summary>
    public static string Write(RespondentData data, string csvFileName)
    {
        var s = new StringBuilder();
        s.Append("* Klantmeting: gegevens van ronde ").Append(Comment(data.Round.Name)).Append(", vragenlijst ")
            .Append(data.Survey.Id).Append(" versie ").Append(data.Survey.Version.ToString(CultureInfo.InvariantCulture)).Append(".\n");
        s.Append("* Zet dit bestand in dezelfde map als ").Append(Comment(csvFileName)).Append(" en voer het uit vanuit die map.\n");
        s.Append("GET DATA\n  /TYPE=TXT\n  /FILE=").Append(Quote(csvFileName)).Append("\n  /ENCODING='UTF-8'\n  /ARRANGEMENT=DELIMITED\n")
            .Append("  /DELCASE=LINE\n  /FIRSTCASE=2\n  /DELIMITERS=\",\"\n  /QUALIFIER='\"'\n  /VARIABLES=\n");
        for (var i = 0; i < data.Variables.Count; i++)
        {
            var v = data.Variables[i];
            s.Append("    ").Append(v.SyntaxName).Append(' ').Append(Format(data, i)).Append(i == data.Variables.Count - 1 ? ".\n" : "\n");
        }

        s.Append("VARIABLE LABELS\n");
        s.AppendJoin("\n", data.Variables.Select((v, i) => $"  {(i == 0 ? " " : "/")}{v.SyntaxName} {Quote(v.Label)}")).Append(".\n");

        var statements = Names(data, VariableKind.Statement);
        var valueLabels = new List<string>();
        if (statements.Count > 0)
        {
            var scale = string.Join(" ", RespondentData.ScaleLabels.Select((l, i) => $"{i + 1} {Quote(l)}"));
            valueLabels.Add($"{string.Join(" ", statements)} 0 {Quote(RespondentData.DontKnowLabel)} {scale}");
        }

        valueLabels.AddRange(data.Variables.Where(v => v.Kind == VariableKind.Category)
            .Select(v => $"{v.SyntaxName} {string.Join(" ", v.ShownCategories.Select((c, i) => $"{i + 1} {Quote(c)}"))}"));
        if (valueLabels.Count > 0)
        {
            s.Append("VALUE LABELS\n");
            s.AppendJoin("\n", valueLabels.Select((l, i) => $"  {(i == 0 ? " " : "/")}{l}")).Append(".\n");
        }

        if (statements.Count > 0)
        {
            s.Append("MISSING VALUES ").AppendJoin(" ", statements).Append(" (0).\n");
        }

        var levels = new[]
        {
            ("NOMINAL", data.Variables.Where(v => v.Kind is VariableKind.Text or VariableKind.Category).Select(v => v.SyntaxName).ToList()),
            ("ORDINAL", statements),
            ("SCALE", data.Variables.Where(v => v.Kind is VariableKind.Integer or VariableKind.Number).Select(v => v.SyntaxName).ToList()),
        }.Where(l => l.Item2.Count > 0).ToList();
        s.Append("VARIABLE LEVEL\n");
        s.AppendJoin("\n", levels.Select((l, i) => $"  {(i == 0 ? " " : "/")}{string.Join(" ", l.Item2)} ({l.Item1})")).Append(".\n");
        s.Append("EXECUTE.\n");
        return s.ToString();
    }

    private static List<string> Names(RespondentData data, VariableKind kind) =>
        data.Variables.Where(v => v.Kind == kind).Select(v => v.SyntaxName).ToList();

    /// <summary>The input format: strings as wide as the longest value (UTF-8 bytes), numbers with their decimals.</summary>
    private static string Format(RespondentData data, int index) => data.Variables[index].Kind switch
    {
        VariableKind.Text => "A" + Math.Max(1, data.Rows.Select(r => r.Values[index] is string t ? Encoding.UTF8.GetByteCount(t) : 0)
            .DefaultIfEmpty(0).Max()).ToString(CultureInfo.InvariantCulture),
        VariableKind.Number => "F8.4",
        VariableKind.Integer => "F8.0",
        _ => "F2.0",
    };

    /// <summary>A quoted string: single quotes, a quote inside doubled, cut to <see cref="MaxLabelBytes"/> bytes.</summary>
    internal static string Quote(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        while (Encoding.UTF8.GetByteCount(flat) > MaxLabelBytes)
        {
            flat = flat[..^1];
        }

        return "'" + flat.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static string Comment(string text) => text.ReplaceLineEndings(" ").Replace(".", "", StringComparison.Ordinal);
}
