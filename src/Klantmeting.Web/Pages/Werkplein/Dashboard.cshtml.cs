using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Web.Charts;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>The dashboard of one Werkplein: response, scores with intervals, breakdowns and trend, beside the national figures.</summary>
public class DashboardModel(IWerkpleinAccess access, WerkpleinReports reports) : PageModel
{
    public WerkpleinEntity Werkplein { get; private set; } = null!;

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public WerkpleinFigures? Figures { get; private set; }

    public IReadOnlyList<TrendRow> Trend { get; private set; } = [];

    /// <summary>The overall grade per round, this Werkplein and nationally, as an inline SVG; null with fewer than two rounds.</summary>
    public string? TrendChart { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, string? ronde, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is not { } werkplein)
        {
            return NotFound();
        }

        Werkplein = werkplein;
        Rounds = await reports.RoundsOfAsync(werkplein, ct);
        if (Rounds.Count == 0 && string.IsNullOrEmpty(ronde))
        {
            return Page();
        }

        if (WerkpleinReports.Choose(Rounds, ronde) is not { } round || await reports.BuildAsync(werkplein, round, ct) is not { } figures)
        {
            return NotFound();
        }

        Figures = figures;
        Trend = await reports.TrendAsync(werkplein, Rounds, ct);
        if (Trend.Count >= 2)
        {
            // A suppressed cell is a gap in the line, never a figure.
            static ChartInterval? Point(string round, ResultCell? cell) =>
                cell is { Suppressed: false, Mean: { } mean } ? new ChartInterval(round, mean, cell.CiLow ?? mean, cell.CiHigh ?? mean) : null;
            TrendChart = ChartRenderer.Trend("Rapportcijfer per meetronde (gemiddelde met 95%-interval)",
                Trend.Select(t => t.Round).ToList(),
            [
                new TrendSeries("Dit Werkplein", Trend.Select(t => Point(t.Round, t.Werkplein)).ToList()),
                new TrendSeries("Nederland", Trend.Select(t => Point(t.Round, t.National)).ToList()),
            ]);
        }

        return Page();
    }
}
