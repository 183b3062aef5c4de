using Klantmeting.Results;
using Klantmeting.Web.Charts;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>The charts of a Werkplein's figures (inline SVG). Chart text comes only from the survey file and numbers.</summary>
public static class WerkpleinCharts
{
    /// <summary>Every measure of the Werkplein with its 95% interval; suppressed cells are left out (null: none left).</summary>
    public static string? Scores(WerkpleinFigures figures) =>
        ChartRenderer.GradeBars("Scores van dit Werkplein per onderdeel (gemiddelde met 95%-interval)",
            figures.Measures.Where(m => m.Werkplein is { Suppressed: false, Mean: not null })
                .Select(m => new ChartBar(m.Name, m.Werkplein!.Mean!.Value, m.Werkplein.CiLow, m.Werkplein.CiHigh)).ToList());

    /// <summary>The overall grade of the Werkplein per group of one breakdown (null: every group suppressed).</summary>
    public static string? Breakdown(BreakdownTable table) =>
        ChartRenderer.GradeBars($"Rapportcijfer naar {table.Label.ToLowerInvariant()} (dit Werkplein)",
            table.Rows.Where(r => r.Werkplein is { Suppressed: false, Mean: not null })
                .Select(r => new ChartBar(r.Text, r.Werkplein!.Mean!.Value, r.Werkplein.CiLow, r.Werkplein.CiHigh)).ToList(), 720, 340);
}
