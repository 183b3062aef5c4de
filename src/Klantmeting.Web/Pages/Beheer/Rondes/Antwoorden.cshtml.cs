using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Responses;
using Klantmeting.Uploads;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>
/// Answers collected by telephone or on paper: upload a file (CSV or .xlsx, the same file and rules as
/// <c>klantmeting responses import</c>) and follow its check and storage; the counts per way of answering.
/// </summary>
public class AntwoordenModel(KlantmetingDbContext db, UploadService uploads, UploadProgressBoard board, AuditLog audit)
    : UploadPageModel(db, uploads, board, audit)
{
    protected override UploadKind Kind => UploadKind.Answers;

    protected override string PageName => "antwoorden";

    /// <summary>Complete responses of the round per way of answering.</summary>
    public IReadOnlyList<(ResponseMode Mode, int Count)> PerMode { get; private set; } = [];

    /// <summary>How the answers in the file were collected: <c>telefoon</c> or <c>papier</c>.</summary>
    [BindProperty(Name = "wijze")]
    public string Mode { get; set; } = "telefoon";

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        await LoadCountsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, IFormFile? bestand, CancellationToken ct)
    {
        var mode = Mode == "papier" ? ResponseMode.Papier : ResponseMode.Telefoon;
        var result = await ReceiveAsync(name, bestand, new UploadChoices(SkipInvalid, Mode: mode), ct);
        if (result is PageResult)
        {
            await LoadCountsAsync(ct);
        }

        return result;
    }

    private async Task LoadCountsAsync(CancellationToken ct)
    {
        var counts = await Db.Responses.Where(r => r.RoundId == Round.Id && r.CompletedAt != null)
            .GroupBy(r => r.Mode).Select(g => new { Mode = g.Key, Count = g.Count() }).ToListAsync(ct);
        PerMode = [.. counts.OrderBy(c => c.Mode).Select(c => (c.Mode, c.Count))];
    }
}
