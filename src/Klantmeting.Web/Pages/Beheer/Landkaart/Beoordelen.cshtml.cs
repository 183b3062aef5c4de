using Klantmeting.Landkaart;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Landkaart;

/// <summary>The AKO reviews one Werkplein's Landkaart of a tertaal: accept, or send back with a comment per milestone.</summary>
public class BeoordelenModel(LandkaartService landkaart) : PageModel
{
    public Klantmeting.Werkpleinen.Werkplein Werkplein { get; private set; } = null!;

    public Tertaal Tertaal { get; private set; }

    public LandkaartDefinition Definition => landkaart.Definition;

    public LandkaartSubmission Submission { get; private set; } = null!;

    public IReadOnlyList<LandkaartHistoryEntry> History { get; private set; } = [];

    /// <summary>Comment per milestone number, as posted.</summary>
    [BindProperty]
    public Dictionary<int, string?> Comments { get; set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, string tertaal, CancellationToken ct) =>
        await LoadAsync(code, tertaal, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync(string code, string tertaal, CancellationToken ct)
    {
        if (!await LoadAsync(code, tertaal, ct))
            return NotFound();
        return await ActAsync(await landkaart.AcceptAsync(Werkplein.Id, Tertaal, ct), "De landkaart is geaccepteerd.", code, tertaal, ct);
    }

    public async Task<IActionResult> OnPostSendBackAsync(string code, string tertaal, CancellationToken ct)
    {
        if (!await LoadAsync(code, tertaal, ct))
            return NotFound();
        return await ActAsync(await landkaart.SendBackAsync(Werkplein.Id, Tertaal, Comments, ct), "De landkaart is teruggestuurd met uw commentaar.", code, tertaal, ct);
    }

    public async Task<IActionResult> OnGetBewijsAsync(string code, string tertaal, int mijlpaal, CancellationToken ct) =>
        await LoadAsync(code, tertaal, ct) && await landkaart.FindEvidenceAsync(Werkplein.Id, Tertaal, mijlpaal, ct) is { } file
            ? File(file.Content, "application/pdf", file.FileName)
            : NotFound();

    private async Task<IActionResult> ActAsync(LandkaartOutcome outcome, string notice, string code, string tertaal, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            Notice = notice;
            return Redirect($"/beheer/landkaart/{Uri.EscapeDataString(Werkplein.Code)}/{Tertaal.Key}");
        }

        foreach (var error in outcome.Errors)
            ModelState.AddModelError(error.Milestone is { } m ? $"commentaar-{m}" : "", error.Message);
        await LoadAsync(code, tertaal, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(string code, string tertaal, CancellationToken ct)
    {
        if (Tertaal.Parse(tertaal) is not { } period
            || await landkaart.FindWerkpleinAsync(code, ct) is not { } werkplein
            || await landkaart.FindAsync(werkplein.Id, period, ct) is not { } submission)
            return false;
        (Werkplein, Tertaal, Submission) = (werkplein, period, submission);
        History = await landkaart.HistoryAsync(submission.Id, ct);
        return true;
    }
}
