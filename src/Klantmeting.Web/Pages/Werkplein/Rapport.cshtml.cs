using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>The printable report of one Werkplein for one round (print CSS), and its figures as CSV.</summary>
public class RapportModel(IWerkpleinAccess access, WerkpleinReports reports, ResultsService results, TimeProvider clock) : PageModel
{
    public WerkpleinFigures Figures { get; private set; } = null!;

    public DateOnly CreatedAt => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The gewogen / ongewogen switch as given (<see cref="WeightingChoice.Parse"/>).</summary>
    [BindProperty(SupportsGet = true, Name = WeightingChoice.Parameter)]
    public string? WeightedValue { get; set; }

    /// <summary>Whether the scores (and the download) are weighted (post-stratified); unweighted by default.</summary>
    public WeightingChoice Weighting { get; private set; } = new(false);

    public async Task<IActionResult> OnGetAsync(string code, string? ronde, CancellationToken ct)
    {
        var (werkplein, round, refusal) = await ChooseAsync(code, ronde, ct);
        if (werkplein is null || round is null)
        {
            return refusal!;
        }

        if (await reports.BuildAsync(werkplein, round, Weighting.Weighted, ct) is not { } figures)
        {
            return NotFound();
        }

        Figures = figures;
        return Page();
    }

    /// <summary>The Werkplein's and the national cells; weighted (with se, n_eff, deff) with <c>gewogen=ja</c>.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string code, string? ronde, string? formaat, CancellationToken ct)
    {
        var (werkplein, round, refusal) = await ChooseAsync(code, ronde, ct);
        if (werkplein is null || round is null)
        {
            return refusal!;
        }

        var file = $"resultaten-{FileNames.Slug(werkplein.Code)}-{FileNames.Slug(round.Name)}";
        return Weighting.Weighted
            ? await TableDownload.FileAsync(formaat, file + "-gewogen", (s, f) => results.WriteWeightedDownloadAsync(round.Name, werkplein.Code, s, f, ct))
            : await TableDownload.FileAsync(formaat, file, (s, f) => results.WriteWerkpleinCellsAsync(round.Name, werkplein.Code, s, f, ct));
    }

    /// <summary>
    /// The Werkplein (if the user may see it), the chosen round of it and the gewogen / ongewogen switch (into
    /// <see cref="Weighting"/>); else nulls and the refusal: 404, or 400 for a switch value that is neither.
    /// </summary>
    private async Task<(WerkpleinEntity? Werkplein, Round? Round, IActionResult? Refusal)> ChooseAsync(string code, string? ronde, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is not { } werkplein
            || WerkpleinReports.Choose(await reports.RoundsOfAsync(werkplein, ct), ronde) is not { } round)
        {
            return (null, null, NotFound());
        }

        if (WeightingChoice.Parse(WeightedValue) is not { } weighting)
        {
            return (null, null, BadRequest(WeightingChoice.Error(WeightedValue)));
        }

        Weighting = weighting;
        return (werkplein, round, null);
    }
}
