using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>The Werkpleinen the user may see, and a CSV download form (Werkplein and round as parameters).</summary>
public class IndexModel(IWerkpleinAccess access, WerkpleinReports reports, ResultsService results, KlantmetingDbContext db) : PageModel
{
    public IReadOnlyList<WerkpleinEntity> Werkpleinen { get; private set; } = [];

    /// <summary>Names of the rounds (not drafts) with participants of any of <see cref="Werkpleinen"/>.</summary>
    public IReadOnlyList<string> Rounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Werkpleinen = await access.VisibleAsync(ct);
        var ids = Werkpleinen.Select(w => w.Id).ToList();
        Rounds = await db.Rounds.AsNoTracking()
            .Where(r => r.State != RoundState.Draft && db.Participants.Any(p => p.RoundId == r.Id && ids.Contains(p.WerkpleinId)))
            .OrderByDescending(r => r.FieldworkStart).Select(r => r.Name).ToListAsync(ct);
    }

    /// <summary>CSV of one Werkplein in one round: 404 for a Werkplein the user may not see or a round without it.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? werkplein, string? ronde, string? formaat, CancellationToken ct)
    {
        // A request naming more than one Werkplein (or round) is refused whole, whichever one model binding would pick.
        if (Request.Query["werkplein"].Count != 1 || Request.Query["ronde"].Count != 1
            || await access.FindAsync(werkplein, ct) is not { } w
            || WerkpleinReports.Choose(await reports.RoundsOfAsync(w, ct), ronde) is not { } round
            || string.IsNullOrEmpty(ronde))
        {
            return NotFound();
        }

        return await TableDownload.FileAsync(formaat, $"resultaten-{FileNames.Slug(w.Code)}-{FileNames.Slug(round.Name)}",
            (s, f) => results.WriteWerkpleinCellsAsync(round.Name, w.Code, s, f, ct));
    }
}
