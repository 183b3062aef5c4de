using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Retention;
using Klantmeting.Rounds;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Klantmeting.Web.Pages.Beheer;

/// <summary>The sending queue of one round for administrators: counts per state, last errors, schedule, pause and resume.</summary>
public class VerzendingModel(KlantmetingDbContext db, RoundService rounds, IOptions<RetentionOptions> retention) : PageModel
{
    /// <summary>Errors shown at most.</summary>
    public const int ErrorCount = 20;

    public Round Round { get; private set; } = null!;

    public IReadOnlyDictionary<InvitationState, int> Counts { get; private set; } = new Dictionary<InvitationState, int>();

    public int Total => Counts.Values.Sum();

    public IReadOnlyList<Invitation> Errors { get; private set; } = [];

    public IReadOnlyList<RetentionRun> RetentionRuns { get; private set; } = [];

    public int RetentionDays => retention.Value.ContactDataDays;

    /// <summary>What the last post changed (<c>gepauzeerd</c> or <c>hervat</c>), for the confirmation.</summary>
    [BindProperty(SupportsGet = true, Name = "gewijzigd")]
    public string? Changed { get; set; }

    public int Count(InvitationState state) => Counts.GetValueOrDefault(state);

    /// <summary>Invitations a closed round never sent (still pending or claimed when it closed): they never will be.</summary>
    public int NotSentAtClose => Count(InvitationState.Pending) + Count(InvitationState.Claimed);

    /// <summary>Dutch name of a delivery state in a round in <paramref name="round"/>: in a closed round nothing is waiting.</summary>
    public static string Describe(InvitationState state, RoundState round) =>
        round == RoundState.Closed && state is InvitationState.Pending or InvitationState.Claimed ? "niet verstuurd (ronde gesloten)" : Describe(state);

    /// <summary>Dutch name of a delivery state, as in the queue table.</summary>
    public static string Describe(InvitationState state) => state switch
    {
        InvitationState.Pending => "wachtend",
        InvitationState.Claimed => "bezig",
        InvitationState.Sent => "verstuurd",
        InvitationState.Failed => "mislukt",
        InvitationState.OptedOut => "afgemeld",
        InvitationState.Bounced => "onbestelbaar",
        _ => state.ToString(),
    };

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name, ct);
        if (round is null)
        {
            return NotFound();
        }

        Round = round;
        // Counted in the database, one grouped query.
        Counts = await db.Invitations.Where(i => i.RoundId == round.Id).GroupBy(i => i.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Errors = await db.Invitations.AsNoTracking().Where(i => i.RoundId == round.Id && i.LastError != null)
            .OrderByDescending(i => i.NextAttemptAt).ThenByDescending(i => i.Id).Take(ErrorCount).ToListAsync(ct);
        RetentionRuns = await db.RetentionRuns.AsNoTracking().Where(r => r.RoundId == round.Id)
            .OrderByDescending(r => r.RanAt).ToListAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostPauseAsync(string name, CancellationToken ct) => SetPausedAsync(name, paused: true, ct);

    public Task<IActionResult> OnPostResumeAsync(string name, CancellationToken ct) => SetPausedAsync(name, paused: false, ct);

    private async Task<IActionResult> SetPausedAsync(string name, bool paused, CancellationToken ct)
    {
        try
        {
            await rounds.SetSendingPausedAsync(name, paused, ct);
        }
        catch (RoundException)
        {
            // Unknown round: 404; a closed round shows no buttons, so a post for it is stale: show the page as it is.
            return await db.Rounds.AnyAsync(r => r.Name == name, ct) ? RedirectToPage(new { name }) : NotFound();
        }

        // Post/redirect/get: a reload does not post again.
        return RedirectToPage(new { name, gewijzigd = paused ? "gepauzeerd" : "hervat" });
    }
}
