using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Uploads;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>
/// The sample of a round: upload a participants file (CSV or .xlsx, the same file and rules as
/// <c>klantmeting participants import</c>), follow its check and storage, see the counts per Werkplein and per
/// attribute value, and replace or remove the participants of a draft round.
/// </summary>
public class DeelnemersModel(KlantmetingDbContext db, UploadService uploads, UploadProgressBoard board, AuditLog audit, SampleService samples)
    : UploadPageModel(db, uploads, board, audit)
{
    protected override UploadKind Kind => UploadKind.Participants;

    protected override string PageName => "deelnemers";

    /// <summary>Counts of the round's sample.</summary>
    public SampleSummary Summary { get; private set; } = new(0, [], []);

    /// <summary>"Vervangen": replace the round's participants instead of adding to them.</summary>
    [BindProperty(Name = "vervangen")]
    public bool Replace { get; set; }

    /// <summary>The action to confirm (<c>?bevestig=verwijderen</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "bevestig")]
    public string? Confirm { get; set; }

    /// <summary>What the last post did.</summary>
    [BindProperty(SupportsGet = true, Name = "gewijzigd")]
    public string? Changed { get; set; }

    /// <summary>Participants can be replaced or removed only in a draft round.</summary>
    public bool Draft => Round.State == RoundState.Draft;

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (!await LoadAllAsync(name, ct))
        {
            return NotFound();
        }

        if (Confirm is not "verwijderen")
        {
            Confirm = null;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, IFormFile? bestand, CancellationToken ct)
    {
        var result = await ReceiveAsync(name, bestand, new UploadChoices(SkipInvalid, Replace), ct);
        if (result is PageResult)
        {
            await LoadSummaryAsync(ct);
        }

        return result;
    }

    /// <summary>Removes every participant of the draft round.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(string name, CancellationToken ct)
    {
        if (!await LoadAllAsync(name, ct))
        {
            return NotFound();
        }

        try
        {
            await samples.RemoveAsync(name, ct);
            return Redirect($"{Self}?gewijzigd=verwijderd");
        }
        catch (ImportException e)
        {
            Confirm = "verwijderen";
            Error = e.Message;
            return Page();
        }
    }

    private async Task<bool> LoadAllAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return false;
        }

        await LoadSummaryAsync(ct);
        return true;
    }

    private async Task LoadSummaryAsync(CancellationToken ct) => Summary = await samples.SummaryAsync(Round.Id, ct);
}
