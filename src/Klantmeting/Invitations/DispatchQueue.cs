using System.Linq.Expressions;
using Klantmeting.Rounds;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;

namespace Klantmeting.Invitations;

/// <summary>
/// What the two queues share: finding due rows of rounds that are sending, the claiming UPDATE that repeats the due
/// test (a row another worker claimed meanwhile is skipped), loading the claimed work, and renewing the lease. A
/// queue says what "due", "claimed" and "held" mean for its kind of mail.
/// </summary>
internal abstract class DispatchQueue(KlantmetingDbContext db, TimeProvider clock, InvitationOptions options) : IDispatchQueue
{
    protected KlantmetingDbContext Db => db;

    protected InvitationOptions Options => options;

    protected DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Claims older than this belong to a worker that vanished and may be taken over.</summary>
    protected DateTime LeaseCut => Now.AddSeconds(-options.ClaimLeaseSeconds);

    public Task<List<long>> FindDueAsync(int limit, CancellationToken ct)
    {
        // Open and not paused: a paused round keeps its pending invitations and reminders until it is resumed. Tested
        // when looking for work only; the claim itself tests the row.
        var sendingRounds = db.Rounds.Sending().Select(r => r.Id);
        return InSendingOrder(db.Invitations.Where(i => sendingRounds.Contains(i.RoundId)).Where(Due()))
            .Select(i => i.Id)
            .Take(limit)
            .ToListAsync(ct);
    }

    public async Task<ClaimedBatch> ClaimAsync(List<long> candidates, CancellationToken ct)
    {
        var claimId = Guid.NewGuid();
        var now = Now;
        int claimed;
        using (await WriteGate.EnterAsync(db, ct))
        {
            claimed = await db.Invitations
                .Where(i => candidates.Contains(i.Id))
                .Where(Due())
                .ExecuteUpdateAsync(s => SetClaim(s, claimId, now), ct);
        }

        return claimed == 0 ? ClaimedBatch.None : await LoadAsync(claimId, claimed, ct);
    }

    public async Task<HashSet<long>> RenewAsync(Guid claimId, HashSet<long> owned, CancellationToken ct)
    {
        var now = Now;
        using (await WriteGate.EnterAsync(db, ct))
        {
            var renewed = await Held(claimId).ExecuteUpdateAsync(s => SetLease(s, now), ct);
            if (renewed == owned.Count)
            {
                return owned;
            }
        }

        return (await Held(claimId).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
    }

    public async Task MarkSentAsync(IReadOnlyList<DispatchItem> items, Guid claimId, SendStatements statements)
    {
        if (items.Count == 0)
        {
            return;
        }

        // One writer of this process at a time on SQLite: two dispatchers queue here instead of meeting a busy file.
        using var gate = await WriteGate.EnterAsync(db, CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        statements.Transaction = transaction.GetDbTransaction();
        try
        {
            var now = Now;
            foreach (var item in items)
            {
                await MarkSentAsync(item, claimId, statements, now, ReminderSchedule.Days(item.ReminderDays));
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        finally
        {
            statements.Transaction = null;
        }
    }

    public abstract Task ReleaseAsync(DispatchItem item, Guid claimId, string error, bool giveUp, CancellationToken ct);

    public abstract Task ReleaseRestAsync(Guid claimId, string error, CancellationToken ct);

    /// <summary>
    /// Records the sent message at <paramref name="now"/>, only if the batch still holds the row; schedules the next
    /// reminder from the round's <paramref name="reminderDays"/>.
    /// </summary>
    protected abstract Task MarkSentAsync(DispatchItem item, Guid claimId, SendStatements statements, DateTime now, IReadOnlyList<int> reminderDays);

    /// <summary>Due now (the round aside); the same test guards the claiming UPDATE.</summary>
    protected abstract Expression<Func<Invitation, bool>> Due();

    protected abstract IQueryable<Invitation> InSendingOrder(IQueryable<Invitation> due);

    /// <summary>The columns a claim sets: the claim id, its time, one more attempt.</summary>
    protected abstract void SetClaim(UpdateSettersBuilder<Invitation> s, Guid claimId, DateTime now);

    /// <summary>The column that holds the time of the claim.</summary>
    protected abstract void SetLease(UpdateSettersBuilder<Invitation> s, DateTime now);

    /// <summary>The rows this batch still holds.</summary>
    protected abstract IQueryable<Invitation> Held(Guid claimId);

    /// <summary>The messages of the rows just claimed.</summary>
    protected abstract Task<ClaimedBatch> LoadAsync(Guid claimId, int claimed, CancellationToken ct);

    /// <summary>The held rows with what a message needs: address, Werkplein name and round.</summary>
    protected IQueryable<WorkRow> Work(Guid claimId) =>
        from i in Held(claimId)
        join c in db.ParticipantContacts on i.ParticipantId equals c.ParticipantId
        join p in db.Participants on i.ParticipantId equals p.Id
        join w in db.Werkpleinen on p.WerkpleinId equals w.Id
        join r in db.Rounds on i.RoundId equals r.Id
        orderby i.Id
        // Sending rounds are web or mixed, whose sample file requires an address (and whose mode is fixed once
        // participants are in), so Email is never null here.
        select new WorkRow { Invitation = i, Email = c.Email!, WerkpleinName = w.Name, Round = r };

    /// <summary>One row of <see cref="Work"/>.</summary>
    protected sealed class WorkRow
    {
        public required Invitation Invitation { get; init; }

        public required string Email { get; init; }

        public required string WerkpleinName { get; init; }

        public required Round Round { get; init; }
    }
}
