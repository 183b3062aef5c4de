using Klantmeting.Infrastructure.Jobs;
using Klantmeting.Invitations;
using Klantmeting.Rounds;

namespace Klantmeting.Calls;

/// <summary>
/// Puts participants on the call list of open rounds: in a telephone round everyone with a phone number; in a mixed
/// round the non-respondents with a phone number, <see cref="Round.CallListAfterDays"/> days after their last reminder
/// (or their invitation, without reminders), and at once when the mail bounced or failed. Who opted out or answered
/// completely is never called. Safe to run twice and on two machines: the unique index on the participant decides.
/// </summary>
public sealed partial class CallListFeeder(KlantmetingDbContext db, TimeProvider clock, ILogger<CallListFeeder> logger)
{
    private const int BatchSize = 1000;

    /// <summary>One run over every open telephone or mixed round; returns the cases added.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rounds = await db.Rounds.AsNoTracking()
            .Where(r => r.State == RoundState.Open && (r.Mode == RoundMode.Telefoon || r.Mode == RoundMode.Gemengd))
            .Select(r => new { r.Id, r.Mode, r.CallListAfterDays }).ToListAsync(ct);
        var added = 0;
        foreach (var round in rounds)
        {
            while (true)
            {
                var due = await DueParticipants(round.Id, round.Mode, now.AddDays(-round.CallListAfterDays)).Take(BatchSize).ToListAsync(ct);
                if (due.Count == 0)
                {
                    break;
                }

                db.CallCases.AddRange(due.Select(p => new CallCase { RoundId = round.Id, ParticipantId = p, NextCallAt = now, CreatedAt = now }));
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Another worker added some of them at the same moment: the unique index refused ours. The next run
                    // adds whoever is still missing.
                    db.ChangeTracker.Clear();
                    LogRace(round.Id);
                    break;
                }

                db.ChangeTracker.Clear();
                added += due.Count;
            }
        }

        if (added > 0)
        {
            LogAdded(added);
        }

        return added;
    }

    /// <summary>Participants of the round with a phone number, not yet on the list, whose time has come.</summary>
    private IQueryable<long> DueParticipants(int roundId, RoundMode mode, DateTime lastMailCut) =>
        from i in db.Invitations
        where i.RoundId == roundId
        join k in db.ParticipantContacts on i.ParticipantId equals k.ParticipantId
        where k.Phone != null
        where !db.CallCases.Any(c => c.ParticipantId == i.ParticipantId)
        where mode == RoundMode.Telefoon
            || (i.State != InvitationState.OptedOut
                && !db.Responses.Any(r => r.InvitationId == i.Id && r.CompletedAt != null)
                && (i.State == InvitationState.Bounced || i.State == InvitationState.Failed
                    || (i.State == InvitationState.Sent && i.NextReminderAt == null && (i.LastReminderAt ?? i.SentAt) <= lastMailCut)))
        orderby i.ParticipantId
        select i.ParticipantId;

    [LoggerMessage(Level = LogLevel.Information, Message = "Call list: {Count} participants added")]
    private partial void LogAdded(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call list of round {RoundId}: another worker added participants at the same time; the next run continues")]
    private partial void LogRace(int roundId);
}

/// <summary>Hangfire job: fills the call lists. Thin; safe to run twice and on several machines.</summary>
public sealed class FillCallListsJob(CallListFeeder feeder) : IRecurringJob
{
    /// <summary>One run.</summary>
    public async Task RunAsync(CancellationToken ct) => await feeder.RunAsync(ct);
}
