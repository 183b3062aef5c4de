using Klantmeting.Comparison;
using Klantmeting.Landkaart;

namespace Klantmeting.Reports;

/// <summary>
/// The short summary of a report area in plain Dutch, built only from its figures: a suppressed figure is never
/// named, "hoger" or "lager" only for a significant change (otherwise "gelijk aan"), as on the comparison page.
/// </summary>
public static class TertaalSummary
{
    /// <summary>The sentences for one area.</summary>
    public static IReadOnlyList<string> Write(Tertaal tertaal, IReadOnlyList<AudienceFigures> audiences, double? landkaart, double? previousLandkaart)
    {
        var before = Short(tertaal.Previous, tertaal);
        var lines = new List<string>();
        foreach (var audience in audiences)
        {
            var who = Capital(audience.Audience);
            if (audience.Measures.FirstOrDefault() is not { Current: { Suppressed: false, Mean: not null } grade } overall)
            {
                lines.Add($"{who}: te weinig antwoorden voor een totaaloordeel.");
                continue;
            }

            lines.Add($"{who}: het totaaloordeel is {ReportText.Mean(grade)}{Versus(overall, before)}.");
            foreach (var group in audience.Breakdowns.Where(b => b.Current is { Suppressed: false, Mean: not null }))
            {
                var previous = group.Previous is { Suppressed: false, Mean: not null } p ? $" ({before}: {ReportText.Mean(p)})" : "";
                lines.Add($"{who} {Lower(group.Name)} geven een {ReportText.Mean(group.Current)}{previous}.");
            }

            if (audience.Response?.Rr1 is { } rr1)
                lines.Add($"De respons van de {audience.Audience} was {ReportText.Fraction(rr1)}.");
        }

        if (landkaart is { } score)
            lines.Add($"De score op de landkaart is {ReportText.Percent(score)}" + (previousLandkaart is { } p ? $" ({before}: {ReportText.Percent(p)})." : "."));
        return lines;
    }

    /// <summary>", gelijk aan T2 (6,7)", ", hoger dan in T2 (6,3)", " (T2: te weinig antwoorden)" or nothing without a previous figure.</summary>
    private static string Versus(ReportFigure figure, string before)
    {
        if (figure.Previous is null)
            return "";
        var previous = ReportText.Mean(figure.Previous);
        return figure.Change switch
        {
            { Significant: true, Test: { } t } => t.Difference > 0 ? $", hoger dan in {before} ({previous})" : $", lager dan in {before} ({previous})",
            { Status: ChangeStatus.Tested } => $", gelijk aan {before} ({previous})",
            _ => $" ({before}: {previous})",
        };
    }

    /// <summary>"T2" in the same year, "T3 2008" across a year.</summary>
    public static string Short(Tertaal tertaal, Tertaal from) => tertaal.Year == from.Year ? $"T{tertaal.Number}" : $"T{tertaal.Number} {tertaal.Year}";

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];
}
