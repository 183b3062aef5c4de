using Klantmeting.Comments;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer;

/// <summary>The open answers of a round, for any or all Werkpleinen (beheerders only, by folder).</summary>
public class OpmerkingenModel(IWerkpleinAccess access, CommentService comments) : PageModel
{
    public CommentsView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string name, string? werkplein, string? groep, int? van, int? tot, string? zoek, CancellationToken ct) =>
        await LoadAsync(name, CommentsView.Parse(werkplein, groep, van, tot, zoek), ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetCsvAsync(string name, string? werkplein, string? groep, int? van, int? tot, string? zoek, CancellationToken ct)
    {
        if (!await LoadAsync(name, CommentsView.Parse(werkplein, groep, van, tot, zoek), ct))
        {
            return NotFound();
        }

        var buffer = new MemoryStream();
        await CommentService.WriteCsvAsync(View.List, buffer, ct);
        buffer.Position = 0;
        return File(buffer, "text/csv; charset=utf-8", $"opmerkingen-{FileNames.Slug(name)}.csv");
    }

    private async Task<bool> LoadAsync(string name, CommentFilter filter, CancellationToken ct)
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

        View = new CommentsView(list, filter, werkpleinen, [],
            $"/beheer/rondes/{Uri.EscapeDataString(name)}/opmerkingen?handler=Csv{CommentsView.Query(filter)}");
        return true;
    }
}
