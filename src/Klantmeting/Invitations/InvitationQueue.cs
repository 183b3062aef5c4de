using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Klantmeting.Invitations;

/// <summary>
/// Invitations waiting to be sent: <see cref="InvitationState.Pending"/> and due, or <see cref="InvitationState.Claimed"/>
/// by a worker whose lease ran out. A claim sets State = Claimed with the batch's claim id; sending sets Sent.
/// </summary>
internal sealed partial class InvitationQueue(KlantmetingDbContext db, TimeProvider clock, InvitationOptions options, ILogger logger)
    : DispatchQueue(db, clock, options)
{
    protected override Task MarkSentAsync(DispatchItem item, Guid claimId, SendStatements statements, DateTime now, IReadOnlyList<int> reminderDays)
    {
        DateTime? firstReminder = reminderDays.Count > 0 ? now.AddDays(reminderDays[0]) : null;
        // State = Claimed in the test: an opt-out that arrived meanwhile is not overwritten.
        return statements.MarkInvitationSentAsync(item.InvitationId, claimId, now, firstReminder);
    }

    public override Task ReleaseAsync(DispatchItem item, Guid claimId, string error, bool giveUp, CancellationToken ct)
    {
        var final = giveUp || item.Attempts >= Options.MaxAttempts;
        var next = Now.Add(DispatchRetry.Delay(Options, item.Attempts));
        error = DispatchRetry.Truncate(error);
        return Held(claimId).Where(i => i.Id == item.InvitationId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, final ? InvitationState.Failed : InvitationState.Pending)
                .SetProperty(i => i.NextAttemptAt, next)
                .SetProperty(i => i.ClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, error), ct);
    }

    public override Task ReleaseRestAsync(Guid claimId, string error, CancellationToken ct)
    {
        var next = Now.Add(DispatchRetry.Delay(Options, 1));
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

    /// <summary>Pending and its time reached, or claimed by a worker whose lease ran out.</summary>
    protected override Expression<Func<Invitation, bool>> Due()
    {
        var now = Now;
        var leaseCut = LeaseCut;
        // The first term repeats what the rest implies, in the very form of the filter of the partial index
        // IX_Invitations_Unsent ("State" IN (0, 1)): SQLite uses a partial index only when the query names its filter.
        return i => new[] { InvitationState.Pending, InvitationState.Claimed }.Contains(i.State)
            && ((i.State == InvitationState.Pending && i.NextAttemptAt <= now)
                || (i.State == InvitationState.Claimed && i.ClaimedAt < leaseCut));
    }

    protected override IQueryable<Invitation> InSendingOrder(IQueryable<Invitation> due) => due.OrderBy(i => i.Id);

    protected override void SetClaim(UpdateSettersBuilder<Invitation> s, Guid claimId, DateTime now) => s
        .SetProperty(i => i.State, InvitationState.Claimed)
        .SetProperty(i => i.ClaimId, claimId)
        .SetProperty(i => i.ClaimedAt, now)
        .SetProperty(i => i.Attempts, i => i.Attempts + 1);

    protected override void SetLease(UpdateSettersBuilder<Invitation> s, DateTime now) => s.SetProperty(i => i.ClaimedAt, now);

    protected override IQueryable<Invitation> Held(Guid claimId) =>
        Db.Invitations.Where(i => i.ClaimId == claimId && i.State == InvitationState.Claimed);

    protected override async Task<ClaimedBatch> LoadAsync(Guid claimId, int claimed, CancellationToken ct)
    {
        var work = await Work(claimId)
            .Select(x => new DispatchItem(x.Invitation.Id, x.Invitation.Attempts, x.Email, x.WerkpleinName, x.Round.Id,
                x.Round.QuestionnaireId, x.Round.FieldworkEnd, x.Round.ReminderDays, null, null, false))
            .ToListAsync(ct);
        var suppressed = await SuppressAsync(work, claimId, ct);
        return new ClaimedBatch(claimId, claimed, work.Where(w => !suppressed.Contains(w.InvitationId)).ToList(), suppressed.Count);
    }

    /// <summary>
    /// Marks invitations to addresses that opted out in an earlier round as opted out (not mailed), when
    /// <see cref="InvitationOptions.SuppressOptedOutInFutureRounds"/> is on. Returns their ids.
    /// </summary>
    private async Task<HashSet<long>> SuppressAsync(List<DispatchItem> work, Guid claimId, CancellationToken ct)
    {
        if (!Options.SuppressOptedOutInFutureRounds || work.Count == 0)
        {
            return [];
        }

        var byHash = work.GroupBy(w => SuppressedAddress.HashOf(w.Email)).ToDictionary(g => g.Key, g => g.Select(w => w.InvitationId).ToList());
        var hashes = byHash.Keys.ToList();
        var found = await Db.SuppressedAddresses.Where(a => hashes.Contains(a.Hash)).Select(a => a.Hash).ToListAsync(ct);
        var ids = found.SelectMany(h => byHash[h]).ToHashSet();
        if (ids.Count == 0)
        {
            return ids;
        }

        var now = Now;
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
