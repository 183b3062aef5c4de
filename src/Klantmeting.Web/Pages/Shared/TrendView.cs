using Klantmeting.Results;
using Klantmeting.Trends;
using Klantmeting.Web.Charts;
using Klantmeting.Web.Infrastructure;

namespace Klantmeting.Web.Pages.Shared;

/// <summary>One chart with its table in the trends partial: the overall grade, the principles, or one breakdown.</summary>
/// <param name="Id">Id prefix of the chart caption and table (unique on the page).</param>
/// <param name="Heading">Heading of the block.</param>
/// <param name="Chart">The chart with its text alternative, or the sentence said instead.</param>
/// <param name="Lines">The lines of the block; the table shows every point of each.</param>
public sealed record TrendBlock(string Id, string Heading, ChartView Chart, IReadOnlyList<TrendLine> Lines);

/// <summary>What the partial <c>_Trends</c> shows for one audience.</summary>
/// <param name="Trend">The trend from <see cref="TrendService"/>.</param>
/// <param name="Id">Id of the audience heading (unique on the page).</param>
/// <param name="UnitName">"dit Werkplein", a Werkplein's name or "Nederland": who the figures are of.</param>
/// <param name="ShowNational">Show the national figure beside each point (a Werkplein's trend).</param>
/// <param name="HeadingLevel">Level of the audience heading (2 or 3); blocks are one level lower.</param>
/// <param name="Blocks">The charts and tables.</param>
public sealed record TrendView(AudienceTrend Trend, string Id, string UnitName, bool ShowNational, int HeadingLevel, IReadOnlyList<TrendBlock> Blocks)
{
    /// <summary>Plain-Dutch title of an audience.</summary>
    public static string AudienceTitle(string audience) => audience switch
    {
        "werkzoekenden" => "Werkzoekenden",
        "werkgevers" => "Werkgevers",
        _ => audience,
    };

    /// <summary>
    /// The blocks of one audience: overall grade (with Nederland beside a Werkplein), the principles, and the overall
    /// grade per group of each breakdown. Chart text comes only from survey files, round names and numbers.
    /// </summary>
    /// <param name="trend">The audience's trend.</param>
    /// <param name="unitName">Who the figures are of, as in the legend ("Dit Werkplein", "Nederland").</param>
    /// <param name="idPrefix">Makes the ids unique on the page.</param>
    /// <param name="headingLevel">Level of the audience heading.</param>
    public static TrendView For(AudienceTrend trend, string unitName, string idPrefix, int headingLevel)
    {
        var national = trend.Unit != ResultKeys.National;
        var prefix = $"{idPrefix}-{trend.Audience}";
        var blocks = new List<TrendBlock>();
        var grade = trend.Measures.Where(m => m.Kind == TrendLineKind.Grade).ToList();
        if (grade.Count > 0)
        {
            var series = new List<BrokenTrendSeries> { Series(unitName, grade[0], p => p.Cell) };
            if (national)
            {
                series.Add(Series("Nederland", grade[0], p => p.National));
            }

            blocks.Add(Block(trend, $"{prefix}-cijfer", "Rapportcijfer totaal", "het gemiddelde rapportcijfer", unitName, series, grade));
        }

        var principles = trend.Measures.Where(m => m.Kind == TrendLineKind.Principle).ToList();
        if (principles.Count > 0)
        {
            blocks.Add(Block(trend, $"{prefix}-principes", "Principes", "de omgerekende cijfers van de principes", unitName,
                principles.Select(p => Series(p.Name, p, x => x.Cell)).ToList(), principles));
        }

        foreach (var breakdown in trend.Groups.GroupBy(g => g.Breakdown, StringComparer.Ordinal))
        {
            var lines = breakdown.ToList();
            var label = lines[0].BreakdownLabel;
            blocks.Add(Block(trend, $"{prefix}-{breakdown.Key}", $"Rapportcijfer naar {label.ToLowerInvariant()}",
                $"het rapportcijfer per groep ({label.ToLowerInvariant()})", unitName,
                lines.Select(l => Series(l.Group, l, x => x.Cell)).ToList(), lines));
        }

        return new TrendView(trend, prefix, unitName, national, headingLevel, blocks);
    }

    /// <summary>Mean with 95% interval, or a dash.</summary>
    public static string Figure(ResultCell? cell) => cell is { Suppressed: false, Mean: { } mean }
        ? Dutch.Number(mean, 1) : "–";

    /// <summary>The interval "6,4 – 7,0", or a dash.</summary>
    public static string Interval(ResultCell? cell) => cell is { Suppressed: false, CiLow: { } low, CiHigh: { } high }
        ? $"{Dutch.Number(low, 1)} – {Dutch.Number(high, 1)}" : "–";

    /// <summary>
    /// Why a point has no figure: not measured, or too few answers (in a round that is still running: not yet
    /// enough, since more may come); empty when it has one.
    /// </summary>
    public static string Missing(ResultCell? cell, bool open) => cell switch
    {
        null => "niet gemeten",
        { Suppressed: true } or { Mean: null } => open ? "nog niet genoeg antwoorden (de ronde loopt nog)" : "te weinig antwoorden",
        _ => "",
    };

    /// <summary>The rounds between which a line breaks, in words ("tussen Najaar 2007 en Najaar 2009").</summary>
    public static IEnumerable<(string Between, string Note)> Breaks(AudienceTrend trend, TrendLine line) =>
        line.Points.Select((p, i) => (p, i)).Where(x => x.p.BreakBefore && x.i > 0)
            .Select(x => ($"tussen {trend.Rounds[x.i - 1].Name} en {trend.Rounds[x.i].Name}", x.p.BreakNote ?? ""));

    private static BrokenTrendSeries Series(string name, TrendLine line, Func<TrendPoint, ResultCell?> cell) =>
        new(name, line.Points.Select(p => cell(p) is { Suppressed: false, Mean: { } mean } c
            ? new ChartInterval(name, mean, c.CiLow ?? mean, c.CiHigh ?? mean) : null).ToList(),
            line.Points.Select(p => p.BreakBefore).ToList());

    private static TrendBlock Block(AudienceTrend trend, string id, string heading, string what, string unitName,
        IReadOnlyList<BrokenTrendSeries> series, IReadOnlyList<TrendLine> lines)
    {
        var periods = trend.Rounds.Select(r => r.Name).ToList();
        // A line needs two rounds; one round is in the table and in the figures above.
        var svg = periods.Count >= 2 ? TrendChart.Render($"{heading} per meetronde ({unitName})", periods, series) : null;
        var breaks = lines.SelectMany(l => Breaks(trend, l).Select(b => $"{l.Name} {b.Between}")).ToList();
        var caption = $"Lijndiagram van {what} van {unitName} per meetronde, gemiddelde met 95%-interval"
            + (breaks.Count > 0 ? $"; de lijn is onderbroken waar een onderdeel anders gemeten werd: {string.Join("; ", breaks)}" : "")
            + ". De cijfers staan in de tabel hieronder.";
        var empty = periods.Count < 2
            ? "Een lijn door de tijd is te zien vanaf twee meetrondes. De cijfers van deze ronde staan in de tabel."
            : "Geen lijn: in geen enkele meetronde waren genoeg antwoorden.";
        return new TrendBlock(id, heading, new ChartView($"{id}-tekst", svg, caption, empty), lines);
    }
}
