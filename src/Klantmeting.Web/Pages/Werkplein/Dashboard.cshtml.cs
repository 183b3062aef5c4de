using Klantmeting.Results;
using Klantmeting.Trends;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>The dashboard of one Werkplein: response, scores with intervals, breakdowns and trend, beside the national figures.</summary>
public class DashboardModel(IWerkpleinAccess access, WerkpleinReports reports, TrendService trends) : WerkpleinRoundPageModel(access, reports)
{
    public WerkpleinFigures? Figures { get; private set; }

    /// <summary>The trends per audience (job seekers and employers apart), with Nederland beside them.</summary>
    public IReadOnlyList<TrendView> Trends { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, string? ronde, CancellationToken ct)
    {
        var (round, result) = await ChooseRoundAndWeightingAsync(code, ronde, ct);
        if (round is null)
        {
            return result!;
        }

        if (await Reports.BuildAsync(Werkplein, round, Weighting.Weighted, ct) is not { } figures)
        {
            return NotFound();
        }

        Figures = figures;
        Trends = [.. (await trends.ForWerkpleinAsync(Werkplein, ct)).Select(t => TrendView.For(t, Werkplein.Name, "trend", 3))];

        return Page();
    }
}
