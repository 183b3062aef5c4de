using System.Text;

namespace Klantmeting.DataExport;

/// <summary>
/// The R script that reads the coded CSV of <see cref="DataFormats"/> into the data frame <c>klantmeting</c>: a column
/// type per variable, categories as factors with their labels, "weet niet" (0) on the statements as <c>NA</c>, and
/// each column's label in <c>attr(x, "label")</c> (the convention of the haven and labelled packages; base R keeps it).
/// </summary>
public static class RScript
{
    /// <summary>The script for <paramref name="data"/>, reading <paramref name="csvFileName"/> from the working directory.</summary>
    public static string Write(RespondentData data, string csvFileName)
    {
        var s = new StringBuilder();
        s.Append("# Klantmeting: gegevens van ronde ").Append(data.Round.Name.ReplaceLineEndings(" ")).Append(", vragenlijst ")
            .Append(data.Survey.Id).Append(" versie ").Append(data.Survey.Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
        s.Append("# Zet de werkmap op de map met ").Append(csvFileName).Append(" (setwd) en voer dit script uit met source().\n");
        s.Append("klantmeting <- read.csv(").Append(Quote(csvFileName)).Append(", fileEncoding = \"UTF-8\", na.strings = \"\", check.names = FALSE,\n")
            .Append("  colClasses = c(");
        s.AppendJoin(",", data.Variables.Select(v => $"\n    {v.SyntaxName} = {Quote(ColumnClass(v.Kind))}")).Append("))\n");

        foreach (var v in data.Variables.Where(v => v.Kind == VariableKind.Category))
        {
            s.Append("klantmeting$").Append(v.SyntaxName).Append(" <- factor(klantmeting$").Append(v.SyntaxName)
                .Append(", levels = 1:").Append(v.Categories.Count.ToString(CultureInfo.InvariantCulture))
                .Append(", labels = c(").AppendJoin(", ", v.ShownCategories.Select(Quote)).Append("))\n");
        }

        var statements = data.Variables.Where(v => v.Kind == VariableKind.Statement).Select(v => Quote(v.SyntaxName)).ToList();
        if (statements.Count > 0)
        {
            s.Append("# Stellingen: ").AppendJoin(", ", RespondentData.ScaleLabels.Select((l, i) => $"{i + 1} = {l}"))
                .Append("; 0 (").Append(RespondentData.DontKnowLabel).Append(") wordt NA.\n");
            s.Append("for (v in c(").AppendJoin(", ", statements).Append(")) {\n")
                .Append("  klantmeting[[v]][klantmeting[[v]] %in% 0] <- NA\n")
                .Append("  attr(klantmeting[[v]], \"labels\") <- c(").AppendJoin(", ", RespondentData.ScaleLabels.Select((l, i) => $"{Quote(l)} = {i + 1}")).Append(")\n")
                .Append("}\n");
        }

        foreach (var v in data.Variables)
        {
            s.Append("attr(klantmeting$").Append(v.SyntaxName).Append(", \"label\") <- ").Append(Quote(v.Label.ReplaceLineEndings(" "))).Append('\n');
        }

        return s.ToString();
    }

    private static string ColumnClass(VariableKind kind) => kind switch
    {
        VariableKind.Text => "character",
        VariableKind.Number => "numeric",
        _ => "integer",
    };

    /// <summary>An R string literal: double quotes, backslash and quote escaped, non-ASCII kept (the script is UTF-8).</summary>
    internal static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) + "\"";
}
