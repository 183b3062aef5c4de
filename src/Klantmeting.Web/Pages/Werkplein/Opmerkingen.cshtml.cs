using Klantmeting.Comments;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>The open answers of one Werkplein's clients in one round; only for users who may see that Werkplein.</summary>
public class OpmerkingenModel(IWerkpleinAccess access, WerkpleinReports reports, CommentService comments) : PageModel
{
    public WerkpleinEntity Werkplein { get; private set; } = null!;

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public CommentsView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, string? ronde, string? groep, int? van, int? tot, string? zoek, CancellationToken ct) =>
        await LoadAsync(code, ronde, CommentsView.Parse(null, groep, van, tot, zoek), ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetCsvAsync(string code, string? ronde, string? groep, int? van, int? tot, string? zoek, CancellationToken ct)
    {
        if (!await LoadAsync(code, ronde, CommentsView.Parse(null, groep, van, tot, zoek), ct))
        {
            return NotFound();
        }

        var buffer = new MemoryStream();
        await CommentService.WriteCsvAsync(View.List, buffer, ct);
        buffer.Position = 0;
        return File(buffer, "text/csv; charset=utf-8", $"opmerkingen-{FileNames.Slug(Werkplein.Code)}-{FileNames.Slug(View.List.Round)}.csv");
    }

    private async Task<bool> LoadAsync(string code, string? ronde, CommentFilter filter, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is not { } werkplein)
        {
            return false;
        }

        Werkplein = werkplein;
        Rounds = await reports.RoundsOfAsync(werkplein, ct);
        if (WerkpleinReports.Choose(Rounds, ronde) is not { } round
            || await comments.ListAsync(round.Name, [werkplein.Code], filter with { Werkplein = werkplein.Code }, ct) is not { } list)
        {
            return false;
        }

        var query = $"ronde={Uri.EscapeDataString(round.Name)}";
        View = new CommentsView(list, filter, [(werkplein.Code, werkplein.Name)], [("ronde", round.Name)],
            $"/werkplein/{Uri.EscapeDataString(werkplein.Code)}/opmerkingen?handler=Csv&{query}{CommentsView.Query(filter with { Werkplein = null })}");
        return true;
    }
}
