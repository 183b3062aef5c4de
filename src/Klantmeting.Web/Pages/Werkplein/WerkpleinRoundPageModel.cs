using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>
/// A page about one round of one Werkplein (<c>/werkplein/{code}/...?ronde=</c>): the access check, the Werkplein's
/// rounds and the chosen round, and the gewogen / ongewogen switch, the same for the dashboard and the benchmark page.
/// </summary>
public abstract class WerkpleinRoundPageModel(IWerkpleinAccess access, WerkpleinReports reports) : PageModel
{
    public WerkpleinEntity Werkplein { get; private set; } = null!;

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    /// <summary>The Werkplein reports, for the derived page's figures.</summary>
    protected WerkpleinReports Reports => reports;

    /// <summary>The gewogen / ongewogen switch as given (<see cref="WeightingChoice.Parse"/>).</summary>
    [BindProperty(SupportsGet = true, Name = WeightingChoice.Parameter)]
    public string? WeightedValue { get; set; }

    /// <summary>Whether the page's scores are weighted (post-stratified); unweighted by default. The response is never weighted.</summary>
    public WeightingChoice Weighting { get; private set; } = new(false);

    /// <summary>
    /// Checks access and chooses the round: the round, or the result the page ends with (404 for a Werkplein the user may
    /// not see or an unknown round; the page itself, without figures, when the Werkplein has no rounds yet).
    /// </summary>
    protected async Task<(Round? Round, IActionResult? Result)> ChooseRoundAsync(string code, string? ronde, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is not { } werkplein)
        {
            return (null, NotFound());
        }

        Werkplein = werkplein;
        Rounds = await reports.RoundsOfAsync(werkplein, ct);
        if (Rounds.Count == 0 && string.IsNullOrEmpty(ronde))
        {
            return (null, Page());
        }

        return WerkpleinReports.Choose(Rounds, ronde) is { } round ? (round, null) : (null, NotFound());
    }

    /// <summary>
    /// <see cref="ChooseRoundAsync"/>, then the gewogen / ongewogen switch into <see cref="Weighting"/>: 400 with the
    /// Dutch explanation for a value that is neither.
    /// </summary>
    protected async Task<(Round? Round, IActionResult? Result)> ChooseRoundAndWeightingAsync(string code, string? ronde, CancellationToken ct)
    {
        var (round, result) = await ChooseRoundAsync(code, ronde, ct);
        if (round is null)
        {
            return (null, result);
        }

        if (WeightingChoice.Parse(WeightedValue) is not { } weighting)
        {
            return (null, BadRequest(WeightingChoice.Error(WeightedValue)));
        }

        Weighting = weighting;
        return (round, null);
    }
}
