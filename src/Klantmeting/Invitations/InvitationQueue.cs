using System.Linq.Expressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Klantmeting.Invitations;

/// <summary>
/// Invitations waiting to be sent: <see cref="InvitationState.Pending"/> and due, or <see cref="InvitationState.Claimed"/>
/// by a worker whose lease ran out. A claim sets State = Claimed with the batch's claim id; sending sets Sent.
/// </summary>
internal sealed partial class InvitationQueue(KlantmetingDbContext db, TimeProvider clock, InvitationOptions options, ILogger logger)
    : IDispatchQueue
{
    public Task<List<long>> FindDueAsync(int limit, CancellationToken ct) =>
        db.Invitations.Where(InSendingRound(db)).Where(Due())
            .OrderBy(i => i.Id)
            .Select(i => i.Id)
            .Take(limit)
            .ToListAsync(ct);

    public async Task<ClaimedBatch> ClaimAsync(List<long> candidates, CancellationToken ct)
    {
        var claimId = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        // The due test is repeated in the UPDATE itself: a row another worker claimed meanwhile is skipped.
        int claimed;
        using (await WriteGate.EnterAsync(db, ct))
        {
            claimed = await db.Invitations
                .Where(i => candidates.Contains(i.Id))
                .Where(Due())
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.State, InvitationState.Claimed)
                    .SetProperty(i => i.ClaimId, claimId)
                    .SetProperty(i => i.ClaimedAt, now)
                    .SetProperty(i => i.Attempts, i => i.Attempts + 1), ct);
        }

        if (claimed == 0)
        {
            return ClaimedBatch.None;
        }

        var work = await (
            from i in db.Invitations
            where i.ClaimId == claimId && i.State == InvitationState.Claimed
            join c in db.ParticipantContacts on i.ParticipantId equals c.ParticipantId
            join p in db.Participants on i.ParticipantId equals p.Id
            join w in db.Werkpleinen on p.WerkpleinId equals w.Id
            join r in db.Rounds on i.RoundId equals r.Id
            orderby i.Id
            select new DispatchItem(i.Id, i.Attempts, c.Email, w.Name, r.Id, r.QuestionnaireId,
                r.FieldworkEnd, r.ReminderDays, null, null, false))
            .ToListAsync(ct);

        var suppressed = await SuppressAsync(work, claimId, ct);
        return new ClaimedBatch(claimId, claimed, work.Where(w => !suppressed.Contains(w.InvitationId)).ToList(), suppressed.Count);
    }

    public async Task<HashSet<long>> RenewAsync(Guid claimId, HashSet<long> owned, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        using (await WriteGate.EnterAsync(db, ct))
        {
            var renewed = await Held(claimId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ClaimedAt, now), ct);
            if (renewed == owned.Count)
            {
                return owned;
            }
        }

        return (await Held(claimId).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
    }

    public async Task MarkSentAsync(DispatchItem item, Guid claimId, SendStatements statements)
    {
        // One writer of this process at a time on SQLite: two dispatchers queue here instead of meeting a busy file.
        using var gate = await WriteGate.EnterAsync(db, CancellationToken.None);
        var now = clock.GetUtcNow().UtcDateTime;
        var days = ReminderSchedule.Days(item.ReminderDays);
        DateTime? firstReminder = days.Count > 0 ? now.AddDays(days[0]) : null;
        // State = Claimed in the test: an opt-out that arrived meanwhile is not overwritten.
        await statements.MarkInvitationSentAsync(item.InvitationId, claimId, now, firstReminder);
    }

    public Task ReleaseAsync(DispatchItem item, Guid claimId, string error, bool giveUp, CancellationToken ct)
    {
        var final = giveUp || item.Attempts >= options.MaxAttempts;
        var next = clock.GetUtcNow().UtcDateTime.Add(DispatchRetry.Delay(options, item.Attempts));
        error = DispatchRetry.Truncate(error);
        return Held(claimId).Where(i => i.Id == item.InvitationId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, final ? InvitationState.Failed : InvitationState.Pending)
                .SetProperty(i => i.NextAttemptAt, next)
                .SetProperty(i => i.ClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, error), ct);
    }

    public Task ReleaseRestAsync(Guid claimId, string error, CancellationToken ct)
    {
        var next = clock.GetUtcNow().UtcDateTime.Add(DispatchRetry.Delay(options, 1));
        // An SMTP outage of any length loses nothing and fails nothing: the attempt is given back and it is retried
        // every delay.
        return Held(claimId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, InvitationState.Pending)
                .SetProperty(i => i.Attempts, i => i.Attempts - 1)
                .SetProperty(i => i.NextAttemptAt, next)
                .SetProperty(i => i.ClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, error), ct);
    }

    /// <summary>
    /// Open and not paused: a paused round keeps its pending invitations and reminders until it is resumed. Tested when
    /// looking for work only; the claim itself tests the row.
    /// </summary>
    internal static Expression<Func<Invitation, bool>> InSendingRound(KlantmetingDbContext db)
    {
        var sendingRounds = db.Rounds.Sending().Select(r => r.Id);
        return i => sendingRounds.Contains(i.RoundId);
    }

    /// <summary>Due now: pending and its time reached, or claimed by a worker whose lease ran out.</summary>
    private Expression<Func<Invitation, bool>> Due()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseCut = now.AddSeconds(-options.ClaimLeaseSeconds);
        return i => (i.State == InvitationState.Pending && i.NextAttemptAt <= now)
            || (i.State == InvitationState.Claimed && i.ClaimedAt < leaseCut);
    }

    /// <summary>The rows this batch still holds.</summary>
    private IQueryable<Invitation> Held(Guid claimId) =>
        db.Invitations.Where(i => i.ClaimId == claimId && i.State == InvitationState.Claimed);

    /// <summary>
    /// Marks invitations to addresses that opted out in an earlier round as opted out (not mailed), when
    /// <see cref="InvitationOptions.SuppressOptedOutInFutureRounds"/> is on. Returns their ids.
    /// </summary>
    private async Task<HashSet<long>> SuppressAsync(List<DispatchItem> work, Guid claimId, CancellationToken ct)
    {
        if (!options.SuppressOptedOutInFutureRounds || work.Count == 0)
        {
            return [];
        }

        var byHash = work.GroupBy(w => SuppressedAddress.HashOf(w.Email)).ToDictionary(g => g.Key, g => g.Select(w => w.InvitationId).ToList());
        var hashes = byHash.Keys.ToList();
        var found = await db.SuppressedAddresses.Where(a => hashes.Contains(a.Hash)).Select(a => a.Hash).ToListAsync(ct);
        var ids = found.SelectMany(h => byHash[h]).ToHashSet();
        if (ids.Count == 0)
        {
            return ids;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await Held(claimId).Where(i => ids.Contains(i.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, InvitationState.OptedOut)
                .SetProperty(i => i.ClaimId, (Guid?)null)
                .SetProperty(i => i.OptedOutAt, now)
                .SetProperty(i => i.LastError, InvitationDispatcher.SuppressedNote), ct);
        LogSuppressed(ids.Count);
        return ids;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} invitations not sent: the address opted out in an earlier round")]
    private partial void LogSuppressed(int count);
}
