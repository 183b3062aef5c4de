using Klantmeting.Comments;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer;

/// <summary>
/// The open answers of a round, for any or all Werkpleinen (beheerders only, by folder); a beheerder hides a comment
/// with a reason (<see cref="CommentService.HideAsync"/>) or shows it again.
/// </summary>
public class OpmerkingenModel(IWerkpleinAccess access, CommentService comments) : PageModel
{
    public CommentsView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string name, string? werkplein, string? groep, int? van, int? tot, string? zoek, bool verborgen,
        string? gedaan, CancellationToken ct) =>
        await LoadAsync(name, CommentsView.Parse(werkplein, groep, van, tot, zoek, verborgen), new CommentModeration(gedaan), ct) ? Page() : NotFound();

    public Task<IActionResult> OnGetCsvAsync(string name, string? werkplein, string? groep, int? van, int? tot, string? zoek, string? formaat, CancellationToken ct) =>
        DownloadAsync(name, CommentsView.Parse(werkplein, groep, van, tot, zoek), formaat, ct);

    // Kept for links made before formaat existed; the page links to handler Csv with formaat=xlsx.
    public Task<IActionResult> OnGetXlsxAsync(string name, string? werkplein, string? groep, int? van, int? tot, string? zoek, CancellationToken ct) =>
        DownloadAsync(name, CommentsView.Parse(werkplein, groep, van, tot, zoek), "xlsx", ct);

    public async Task<IActionResult> OnPostHideAsync(string name, string? werkplein, string? groep, int? van, int? tot, string? zoek, bool verborgen,
        [FromForm(Name = "opmerking")] long id, [FromForm(Name = "reden")] string? reason, CancellationToken ct)
    {
        var filter = CommentsView.Parse(werkplein, groep, van, tot, zoek, verborgen);
        try
        {
            await comments.HideAsync(name, id, reason, ct);
            return Redirect(name, filter, "verborgen");
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
        catch (CommentException e)
        {
            ModelState.AddModelError(CommentModeration.ReasonField(id), e.Message);
            return await LoadAsync(name, filter, new CommentModeration(null, id, reason), ct) ? Page() : NotFound();
        }
    }

    public async Task<IActionResult> OnPostShowAsync(string name, string? werkplein, string? groep, int? van, int? tot, string? zoek, bool verborgen,
        [FromForm(Name = "opmerking")] long id, CancellationToken ct)
    {
        try
        {
            await comments.ShowAsync(name, id, ct);
            return Redirect(name, CommentsView.Parse(werkplein, groep, van, tot, zoek, verborgen), "getoond");
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
    }

    private RedirectResult Redirect(string name, CommentFilter filter, string done) =>
        Redirect($"{PathOf(name)}?gedaan={done}{CommentsView.Query(filter)}");

    private async Task<IActionResult> DownloadAsync(string name, CommentFilter filter, string? formaat, CancellationToken ct)
    {
        if (!await LoadAsync(name, filter, null, ct))
        {
            return NotFound();
        }

        var scope = filter.Werkplein is { } code ? $"Werkplein {code}" : "alle Werkpleinen";
        return await CommentDownload.FileAsync(comments, View.List, formaat, scope, $"opmerkingen-{FileNames.Slug(name)}", ct);
    }

    private static string PathOf(string name) => $"/beheer/rondes/{Uri.EscapeDataString(name)}/opmerkingen";

    private async Task<bool> LoadAsync(string name, CommentFilter filter, CommentModeration? moderation, CancellationToken ct)
    {
        var werkpleinen = (await access.VisibleAsync(ct)).OrderBy(w => w.Name, StringComparer.CurrentCulture).Select(w => (w.Code, w.Name)).ToList();
        if (filter.Werkplein is { } code && !werkpleinen.Any(w => w.Code == code))
        {
            return false;
        }

        if (await comments.ListAsync(name, werkpleinen.Select(w => w.Code).ToList(), filter, ct) is not { } list)
        {
            return false;
        }

        View = new CommentsView(list, filter, werkpleinen, [], PathOf(name), moderation);
        return true;
    }
}
