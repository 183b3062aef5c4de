using Klantmeting.Audit;

namespace Klantmeting.Rounds;

/// <summary>
/// Opens and closes scheduled rounds at their dates (Europe/Amsterdam), and finishes the closing of any closed round
/// whose closing steps did not complete (a crash, or a round closed before this existed). Every change is an atomic
/// UPDATE ... WHERE State = ..., so two workers running this at once open or close a round exactly once.
/// </summary>
public sealed partial class RoundScheduler(KlantmetingDbContext db, RoundService rounds, TimeProvider clock, ILogger<RoundScheduler> logger,
    AuditLog audit)
{
    /// <summary>One pass; returns what this call changed.</summary>
    public async Task<ScheduleResult> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var scheduled = await db.Rounds.AsNoTracking()
            .Where(r => r.ScheduledAt != null && r.State != RoundState.Closed)
            .ToListAsync(ct);
        var opened = new List<string>();
        var closed = new List<string>();
        foreach (var round in scheduled)
        {
            if (round.State == RoundState.Draft && now >= round.OpensAtUtc && now < round.ClosesAtUtc
                && await rounds.TryTransitionAsync(round.Id, RoundState.Draft, RoundState.Open, ct))
            {
                opened.Add(round.Name);
                LogOpened(round.Name, round.Id);
                await audit.RecordAsync(AuditAction.RoundOpened, AuditObject.Round, round.Name, round.Name, "vanzelf, volgens de planning", ct);
            }
            else if (round.State == RoundState.Open && now >= round.ClosesAtUtc
                && await rounds.TryTransitionAsync(round.Id, RoundState.Open, RoundState.Closed, ct))
            {
                closed.Add(round.Name);
                LogClosed(round.Name, round.Id);
                await audit.RecordAsync(AuditAction.RoundClosed, AuditObject.Round, round.Name, round.Name, "vanzelf, volgens de planning", ct);
            }
            else if (round.State == RoundState.Draft && now >= round.ClosesAtUtc)
            {
                // Nobody ran the scheduler during the whole period: opening now would start fieldwork after its end.
                LogMissed(round.Name, round.Id);
            }
        }

        // Closed by this pass, by hand, or by a process that died before finishing: run the closing steps.
        var unfinished = await db.Rounds.AsNoTracking()
            .Where(r => r.State == RoundState.Closed && r.CloseCompletedAt == null)
            .Select(r => new { r.Id, r.Name })
            .ToListAsync(ct);
        var completed = 0;
        foreach (var round in unfinished)
        {
            try
            {
                await rounds.CompleteClosingAsync(round.Id, ct);
                completed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One round's problem (e.g. its questionnaire was removed) must not stop the others; retried next run.
                LogClosingFailed(e, round.Name, round.Id);
            }
        }

        return new ScheduleResult(opened, closed, completed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {RoundName} ({RoundId}) opened by its schedule")]
    private partial void LogOpened(string roundName, int roundId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {RoundName} ({RoundId}) closed by its schedule")]
    private partial void LogClosed(string roundName, int roundId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled round {RoundName} ({RoundId}) is still a draft after its last fieldwork day; it is not opened")]
    private partial void LogMissed(string roundName, int roundId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing steps of round {RoundName} ({RoundId}) failed; retried on the next run")]
    private partial void LogClosingFailed(Exception e, string roundName, int roundId);
}

/// <summary>What one scheduler pass changed.</summary>
/// <param name="Opened">Rounds this pass opened.</param>
/// <param name="Closed">Rounds this pass closed.</param>
/// <param name="ClosingsCompleted">Closed rounds whose closing steps this pass ran to the end.</param>
public sealed record ScheduleResult(IReadOnlyList<string> Opened, IReadOnlyList<string> Closed, int ClosingsCompleted);

/// <summary>Hangfire job: opens and closes rounds at their dates. Thin; safe to run twice and on several machines.</summary>
public sealed class RoundScheduleJob(RoundScheduler scheduler) : Infrastructure.Jobs.IRecurringJob
{
    /// <summary>Opens and closes what is due, and finishes interrupted closings.</summary>
    public async Task RunAsync(CancellationToken ct) => await scheduler.RunAsync(ct);
}
