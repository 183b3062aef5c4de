using System.Linq.Expressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Invitations;

/// <summary>
/// Reminders that are due: the invitation was sent (not opted out, bounced or failed), its reminder time reached,
/// no complete response, and not claimed by a live worker. A claim sets the reminder claim id; the invitation's own
/// state stays <see cref="InvitationState.Sent"/> throughout.
/// </summary>
internal sealed class ReminderQueue(KlantmetingDbContext db, TimeProvider clock, InvitationOptions options) : IDispatchQueue
{
    public Task<List<long>> FindDueAsync(int limit, CancellationToken ct) =>
        db.Invitations.Where(InvitationQueue.InSendingRound(db)).Where(Due())
            .OrderBy(i => i.NextReminderAt).ThenBy(i => i.Id)
            .Select(i => i.Id)
            .Take(limit)
            .ToListAsync(ct);

    public async Task<ClaimedBatch> ClaimAsync(List<long> candidates, CancellationToken ct)
    {
        var claimId = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        // The due test is repeated in the UPDATE itself: a reminder another worker claimed meanwhile is skipped.
        int claimed;
        using (await WriteGate.EnterAsync(db, ct))
        {
            claimed = await db.Invitations
                .Where(i => candidates.Contains(i.Id))
                .Where(Due())
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.ReminderClaimId, claimId)
                    .SetProperty(i => i.ReminderClaimedAt, now)
                    .SetProperty(i => i.ReminderAttempts, i => i.ReminderAttempts + 1), ct);
        }

        if (claimed == 0)
        {
            return ClaimedBatch.None;
        }

        var work = await (
            from i in db.Invitations
            where i.ReminderClaimId == claimId
            join c in db.ParticipantContacts on i.ParticipantId equals c.ParticipantId
            join p in db.Participants on i.ParticipantId equals p.Id
            join w in db.Werkpleinen on p.WerkpleinId equals w.Id
            join r in db.Rounds on i.RoundId equals r.Id
            orderby i.Id
            select new DispatchItem(i.Id, i.ReminderAttempts, c.Email, w.Name, r.Id, r.QuestionnaireId,
                r.FieldworkEnd, r.ReminderDays, i.SentAt, i.RemindersSent + 1, db.Responses.Any(x => x.InvitationId == i.Id)))
            .ToListAsync(ct);
        return new ClaimedBatch(claimId, claimed, work, 0);
    }

    public async Task<HashSet<long>> RenewAsync(Guid claimId, HashSet<long> owned, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        using (await WriteGate.EnterAsync(db, ct))
        {
            var renewed = await Held(claimId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ReminderClaimedAt, now), ct);
            if (renewed == owned.Count)
            {
                return owned;
            }
        }

        return (await Held(claimId).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
    }

    public async Task MarkSentAsync(DispatchItem item, Guid claimId, SendStatements statements)
    {
        using var gate = await WriteGate.EnterAsync(db, CancellationToken.None);
        var now = clock.GetUtcNow().UtcDateTime;
        var days = ReminderSchedule.Days(item.ReminderDays);
        // Reminder N+1 at its offset from the invitation, but never on the heels of the one just sent (after an
        // outage both could be due at once).
        var number = item.Reminder!.Value;
        DateTime? next = number < days.Count
            ? Max((item.SentAt ?? now).AddDays(days[number]), now.AddDays(1))
            : null;
        await Held(claimId).Where(i => i.Id == item.InvitationId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.RemindersSent, number)
                .SetProperty(i => i.LastReminderAt, now)
                .SetProperty(i => i.NextReminderAt, next)
                .SetProperty(i => i.ReminderClaimId, (Guid?)null)
                .SetProperty(i => i.ReminderAttempts, 0)
                .SetProperty(i => i.LastError, (string?)null), CancellationToken.None);
    }

    public Task ReleaseAsync(DispatchItem item, Guid claimId, string error, bool giveUp, CancellationToken ct)
    {
        var final = giveUp || item.Attempts >= options.MaxAttempts;
        // A reminder refused for good is not retried; the invitation itself stays sent.
        DateTime? nextReminder = final ? null : clock.GetUtcNow().UtcDateTime.Add(DispatchRetry.Delay(options, item.Attempts));
        error = DispatchRetry.Truncate($"Herinnering {item.Reminder}: {DispatchRetry.Truncate(error)}");
        return Held(claimId).Where(i => i.Id == item.InvitationId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.NextReminderAt, nextReminder)
                .SetProperty(i => i.ReminderClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, error), ct);
    }

    public Task ReleaseRestAsync(Guid claimId, string error, CancellationToken ct)
    {
        var next = clock.GetUtcNow().UtcDateTime.Add(DispatchRetry.Delay(options, 1));
        var reminderError = "Herinnering: " + error;
        return Held(claimId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.NextReminderAt, next)
                .SetProperty(i => i.ReminderAttempts, i => i.ReminderAttempts - 1)
                .SetProperty(i => i.ReminderClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, reminderError), ct);
    }

    /// <summary>Due now, as described on the class; the same test guards the claiming UPDATE.</summary>
    private Expression<Func<Invitation, bool>> Due()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseCut = now.AddSeconds(-options.ClaimLeaseSeconds);
        return i => i.State == InvitationState.Sent && i.NextReminderAt <= now
            && (i.ReminderClaimId == null || i.ReminderClaimedAt < leaseCut)
            && !db.Responses.Any(r => r.InvitationId == i.Id && r.CompletedAt != null);
    }

    /// <summary>The rows whose reminder this batch still holds.</summary>
    private IQueryable<Invitation> Held(Guid claimId) => db.Invitations.Where(i => i.ReminderClaimId == claimId);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
