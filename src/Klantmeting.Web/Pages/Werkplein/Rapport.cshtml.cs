using Klantmeting.Results;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>The printable report of one Werkplein for one round (print CSS), and its figures as CSV.</summary>
public class RapportModel(IWerkpleinAccess access, WerkpleinReports reports, ResultsService results, TimeProvider clock) : PageModel
{
    public WerkpleinFigures Figures { get; private set; } = null!;

    public DateOnly CreatedAt => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IActionResult> OnGetAsync(string code, string? ronde, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is not { } werkplein
            || WerkpleinReports.Choose(await reports.RoundsOfAsync(werkplein, ct), ronde) is not { } round
            || await reports.BuildAsync(werkplein, round, ct) is not { } figures)
        {
            return NotFound();
        }

        Figures = figures;
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string code, string? ronde, string? formaat, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is not { } werkplein
            || WerkpleinReports.Choose(await reports.RoundsOfAsync(werkplein, ct), ronde) is not { } round)
        {
            return NotFound();
        }

        return await TableDownload.FileAsync(formaat, $"resultaten-{FileNames.Slug(werkplein.Code)}-{FileNames.Slug(round.Name)}",
            (s, f) => results.WriteWerkpleinCellsAsync(round.Name, werkplein.Code, s, f, ct));
    }
}
