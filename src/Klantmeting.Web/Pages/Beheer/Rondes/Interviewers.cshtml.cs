using Klantmeting.Calls;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>Assigns interviewers to the call list of a telephone or mixed round and shows what each did.</summary>
public class InterviewersModel(KlantmetingDbContext db, InterviewerAssignments assignments, InterviewerSummaries summaries) : PageModel
{
    public Round Round { get; private set; } = null!;

    public IReadOnlyList<string> Interviewers { get; private set; } = [];

    /// <summary>Calls, interviews and average call length per interviewer.</summary>
    public IReadOnlyList<InterviewerSummary> Summary { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct) =>
        await LoadAsync(name, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAddAsync(string name, [FromForm(Name = "email")] string? email, CancellationToken ct) =>
        ChangeAsync(name, () => assignments.AssignAsync(name, email ?? "", ct), ct);

    public Task<IActionResult> OnPostRemoveAsync(string name, [FromForm(Name = "email")] string? email, CancellationToken ct) =>
        ChangeAsync(name, () => assignments.UnassignAsync(name, email ?? "", ct), ct);

    private async Task<IActionResult> ChangeAsync(string name, Func<Task> change, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        try
        {
            await change();
            return Redirect($"/beheer/rondes/{Uri.EscapeDataString(name)}/interviewers");
        }
        catch (CallException e)
        {
            Error = e.Message;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        if (await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name, ct) is not { } round)
        {
            return false;
        }

        Round = round;
        Interviewers = await assignments.ListAsync(round.Id, ct);
        Summary = await summaries.ForRoundAsync(round.Id, ct);
        return true;
    }
}
