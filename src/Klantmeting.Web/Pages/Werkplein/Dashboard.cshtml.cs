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

    /// <summary>The gewogen / ongewogen switch as given (<see cref="WeightingChoice.Parse"/>).</summary>
    [BindProperty(SupportsGet = true, Name = WeightingChoice.Parameter)]
    public string? WeightedValue { get; set; }

    /// <summary>Whether the scores are weighted (post-stratified); unweighted by default. The response is never weighted.</summary>
    public WeightingChoice Weighting { get; private set; } = new(false);

    /// <summary>The trends per audience (job seekers and employers apart), with Nederland beside them.</summary>
    public IReadOnlyList<TrendView> Trends { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, string? ronde, CancellationToken ct)
    {
        var (round, result) = await ChooseRoundAsync(code, ronde, ct);
        if (round is null)
        {
            return result!;
        }

        if (WeightingChoice.Parse(WeightedValue) is not { } weighting)
        {
            return BadRequest(WeightingChoice.Error(WeightedValue));
        }

        Weighting = weighting;
        if (await Reports.BuildAsync(Werkplein, round, weighting.Weighted, ct) is not { } figures)
        {
            return NotFound();
        }

        Figures = figures;
        Trends = [.. (await trends.ForWerkpleinAsync(Werkplein, ct)).Select(t => TrendView.For(t, Werkplein.Name, "trend", 3))];

        return Page();
    }
}
