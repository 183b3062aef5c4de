using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Klantmeting.Invitations;

/// <summary>
/// Reminders that are due: the invitation was sent (not opted out, bounced or failed), its reminder time reached,
/// no complete response, and not claimed by a live worker. A claim sets the reminder claim id; the invitation's own
/// state stays <see cref="InvitationState.Sent"/> throughout.
/// </summary>
internal sealed class ReminderQueue(KlantmetingDbContext db, TimeProvider clock, InvitationOptions options)
    : DispatchQueue(db, clock, options)
{
    protected override Task MarkSentAsync(DispatchItem item, Guid claimId, SendStatements statements, DateTime now, IReadOnlyList<int> reminderDays)
    {
        // Reminder N+1 at its offset from the invitation, but never on the heels of the one just sent (after an
        // outage both could be due at once).
        var number = item.Reminder!.Value;
        DateTime? next = number < reminderDays.Count
            ? Max((item.SentAt ?? now).AddDays(reminderDays[number]), now.AddDays(1))
            : null;
        return Held(claimId).Where(i => i.Id == item.InvitationId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.RemindersSent, number)
                .SetProperty(i => i.LastReminderAt, now)
                .SetProperty(i => i.NextReminderAt, next)
                .SetProperty(i => i.ReminderClaimId, (Guid?)null)
                .SetProperty(i => i.ReminderAttempts, 0)
                .SetProperty(i => i.LastError, (string?)null), CancellationToken.None);
    }

    public override Task ReleaseAsync(DispatchItem item, Guid claimId, string error, bool giveUp, CancellationToken ct)
    {
        var final = giveUp || item.Attempts >= Options.MaxAttempts;
        // A reminder refused for good is not retried; the invitation itself stays sent.
        DateTime? nextReminder = final ? null : Now.Add(DispatchRetry.Delay(Options, item.Attempts));
        error = DispatchRetry.Truncate($"Herinnering {item.Reminder}: {DispatchRetry.Truncate(error)}");
        return Held(claimId).Where(i => i.Id == item.InvitationId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.NextReminderAt, nextReminder)
                .SetProperty(i => i.ReminderClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, error), ct);
    }

    public override Task ReleaseRestAsync(Guid claimId, string error, CancellationToken ct)
    {
        var next = Now.Add(DispatchRetry.Delay(Options, 1));
        var reminderError = "Herinnering: " + error;
        return Held(claimId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.NextReminderAt, next)
                .SetProperty(i => i.ReminderAttempts, i => i.ReminderAttempts - 1)
                .SetProperty(i => i.ReminderClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, reminderError), ct);
    }

    /// <summary>As described on the class.</summary>
    protected override Expression<Func<Invitation, bool>> Due()
    {
        var now = Now;
        var leaseCut = LeaseCut;
        var responses = Db.Responses;
        return i => i.State == InvitationState.Sent && i.NextReminderAt <= now
            && (i.ReminderClaimId == null || i.ReminderClaimedAt < leaseCut)
            && !responses.Any(r => r.InvitationId == i.Id && r.CompletedAt != null);
    }

    protected override IQueryable<Invitation> InSendingOrder(IQueryable<Invitation> due) =>
        due.OrderBy(i => i.NextReminderAt).ThenBy(i => i.Id);

    protected override void SetClaim(UpdateSettersBuilder<Invitation> s, Guid claimId, DateTime now) => s
        .SetProperty(i => i.ReminderClaimId, claimId)
        .SetProperty(i => i.ReminderClaimedAt, now)
        .SetProperty(i => i.ReminderAttempts, i => i.ReminderAttempts + 1);

    protected override void SetLease(UpdateSettersBuilder<Invitation> s, DateTime now) => s.SetProperty(i => i.ReminderClaimedAt, now);

    protected override IQueryable<Invitation> Held(Guid claimId) => Db.Invitations.Where(i => i.ReminderClaimId == claimId);

    protected override async Task<ClaimedBatch> LoadAsync(Guid claimId, int claimed, CancellationToken ct)
    {
        var responses = Db.Responses;
        var work = await Work(claimId)
            .Select(x => new DispatchItem(x.Invitation.Id, x.Invitation.ReminderAttempts, x.Email, x.WerkpleinName, x.Round.Id,
                x.Round.QuestionnaireId, x.Round.FieldworkEnd, x.Round.ReminderDays, x.Invitation.SentAt,
                x.Invitation.RemindersSent + 1, responses.Any(r => r.InvitationId == x.Invitation.Id)))
            .ToListAsync(ct);
        return new ClaimedBatch(claimId, claimed, work, 0);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
