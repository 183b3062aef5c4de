using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>
/// A page about one round of one Werkplein (<c>/werkplein/{code}/...?ronde=</c>): the access check, the Werkplein's
/// rounds and the chosen round, the same for the dashboard and the benchmark page.
/// </summary>
public abstract class WerkpleinRoundPageModel(IWerkpleinAccess access, WerkpleinReports reports) : PageModel
{
    public WerkpleinEntity Werkplein { get; private set; } = null!;

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    /// <summary>The Werkplein reports, for the derived page's figures.</summary>
    protected WerkpleinReports Reports => reports;

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
}
