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

    public Task<IActionResult> OnGetCsvAsync(string code, string? ronde, string? groep, int? van, int? tot, string? zoek, string? formaat, CancellationToken ct) =>
        DownloadAsync(code, ronde, CommentsView.Parse(null, groep, van, tot, zoek), formaat, ct);

    // Kept for links made before formaat existed; the page links to handler Csv with formaat=xlsx.
    public Task<IActionResult> OnGetXlsxAsync(string code, string? ronde, string? groep, int? van, int? tot, string? zoek, CancellationToken ct) =>
        DownloadAsync(code, ronde, CommentsView.Parse(null, groep, van, tot, zoek), "xlsx", ct);

    private async Task<IActionResult> DownloadAsync(string code, string? ronde, CommentFilter filter, string? formaat, CancellationToken ct) =>
        await LoadAsync(code, ronde, filter, ct)
            ? await CommentDownload.FileAsync(comments, View.List, formaat, $"Werkplein {Werkplein.Code}",
                $"opmerkingen-{FileNames.Slug(Werkplein.Code)}-{FileNames.Slug(View.List.Round)}", ct)
            : NotFound();

    private async Task<bool> LoadAsync(string code, string? ronde, CommentFilter filter, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is not { } werkplein)
        {
            return false;
        }

        Werkplein = werkplein;
        Rounds = await reports.RoundsOfAsync(werkplein, ct);
        if (WerkpleinReports.Choose(Rounds, ronde) is not { } round
            // Hidden comments never reach a Werkplein: IncludeHidden is for the administrators' page only.
            || await comments.ListAsync(round.Name, [werkplein.Code], filter with { Werkplein = werkplein.Code, IncludeHidden = false }, ct) is not { } list)
        {
            return false;
        }

        View = new CommentsView(list, filter with { Werkplein = null, IncludeHidden = false }, [(werkplein.Code, werkplein.Name)], [("ronde", round.Name)],
            $"/werkplein/{Uri.EscapeDataString(werkplein.Code)}/opmerkingen");
        return true;
    }
}
