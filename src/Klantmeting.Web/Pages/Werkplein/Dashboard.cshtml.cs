using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Trends;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>The dashboard of one Werkplein: response, scores with intervals, breakdowns and trend, beside the national figures.</summary>
public class DashboardModel(IWerkpleinAccess access, WerkpleinReports reports, TrendService trends) : PageModel
{
    public WerkpleinEntity Werkplein { get; private set; } = null!;

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public WerkpleinFigures? Figures { get; private set; }

    /// <summary>The trends per audience (job seekers and employers apart), with Nederland beside them.</summary>
    public IReadOnlyList<TrendView> Trends { get; private set; } = [];

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
        Trends = [.. (await trends.ForWerkpleinAsync(werkplein, ct)).Select(t => TrendView.For(t, werkplein.Name, "trend", 3))];

        return Page();
    }
}
