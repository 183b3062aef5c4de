using Klantmeting.Invitations;

namespace Klantmeting.Bounces;

/// <summary>Applies bounce reports to invitations, finalizes soft bounces at round close, and counts reports.</summary>
public sealed partial class BounceService(
    KlantmetingDbContext db,
    TimeProvider clock,
    IOptions<BounceOptions> options,
    ILogger<BounceService> logger)
{
    /// <summary>
    /// Records one report and applies it to its invitation, in one transaction. When a report with this
    /// <paramref name="messageKey"/> was handled before (by this or another worker) nothing changes and the result
    /// says so, with the outcome stored then.
    /// </summary>
    public async Task<RecordResult> RecordAsync(string messageKey, ParsedBounce parsed, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageKey);
        if (await StoredOutcomeAsync(messageKey, ct) is { } earlier)
        {
            return new RecordResult(false, earlier);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = parsed.Outcome;
        var detail = parsed.Detail;
        int? roundId = null;
        if (parsed.InvitationId is { } id)
        {
            roundId = await db.Invitations.Where(i => i.Id == id).Select(i => (int?)i.RoundId).FirstOrDefaultAsync(ct);
            if (roundId is null)
            {
                outcome = BounceOutcome.Unmatched;
                detail = "uitnodiging bestaat niet (meer)";
            }
        }

        var report = new BounceReport
        {
            MessageKey = messageKey,
            Outcome = outcome,
            InvitationId = outcome == BounceOutcome.Unmatched ? null : parsed.InvitationId,
            RoundId = roundId,
            Status = parsed.Status,
            Detail = Truncate(detail, 200),
            ProcessedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.BounceReports.Add(report);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another worker stored the same report between our check and our insert (unique index on MessageKey).
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (await StoredOutcomeAsync(messageKey, ct) is { } stored)
            {
                return new RecordResult(false, stored);
            }

            throw;
        }

        if (report.InvitationId is { } invitationId)
        {
            await ApplyAsync(invitationId, outcome, parsed.Status, now, ct);
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        if (outcome == BounceOutcome.Unmatched)
        {
            LogUnmatched(messageKey, detail);
        }

        return new RecordResult(true, outcome);
    }

    private Task<BounceOutcome?> StoredOutcomeAsync(string messageKey, CancellationToken ct) =>
        db.BounceReports.Where(r => r.MessageKey == messageKey).Select(r => (BounceOutcome?)r.Outcome).FirstOrDefaultAsync(ct);

    private async Task ApplyAsync(long invitationId, BounceOutcome outcome, string? status, DateTime now, CancellationToken ct)
    {
        var error = $"Bounce {status ?? "zonder status"} ({outcome})";
        switch (outcome)
        {
            case BounceOutcome.Hard:
                // An opt-out stays an opt-out (the person received mail). Clearing ClaimId keeps a worker that is
                // sending this very row from marking it sent afterwards.
                await db.Invitations
                    .Where(i => i.Id == invitationId && i.State != InvitationState.OptedOut && i.State != InvitationState.Bounced)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.State, InvitationState.Bounced)
                        .SetProperty(i => i.BouncedAt, now)
                        .SetProperty(i => i.ClaimId, (Guid?)null)
                        .SetProperty(i => i.LastError, error), ct);
                break;
            case BounceOutcome.Soft:
            case BounceOutcome.Delayed:
                await db.Invitations
                    .Where(i => i.Id == invitationId && i.State != InvitationState.Bounced)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.SoftBounceCount, i => i.SoftBounceCount + 1)
                        .SetProperty(i => i.SoftBouncedAt, now)
                        .SetProperty(i => i.LastError, error), ct);
                if (outcome == BounceOutcome.Soft)
                {
                    // The sending server gave up for now: send again later, a limited number of times. (For
                    // "delayed" the sending server itself is still retrying.)
                    var o = options.Value;
                    var next = now.AddMinutes(o.SoftBounceRetryMinutes);
                    await db.Invitations
                        .Where(i => i.Id == invitationId && i.State == InvitationState.Sent
                            && i.SoftBounceCount <= o.SoftBounceRetries
                            && !db.Responses.Any(r => r.InvitationId == i.Id))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(i => i.State, InvitationState.Pending)
                            .SetProperty(i => i.NextAttemptAt, next), ct);
                }

                break;
        }
    }

    /// <summary>
    /// At the close of round <paramref name="roundId"/>: every invitation that bounced softly (failed 4.x.x or
    /// delayed), was not sent again successfully after its last soft bounce, and has no response, becomes Bounced
    /// (AAPOR 3.30). Safe to call more than once. Returns the number of invitations changed.
    /// </summary>
    public async Task<int> FinalizeSoftBouncesAsync(int roundId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var count = await db.Invitations
            .Where(i => i.RoundId == roundId && i.SoftBouncedAt != null
                && i.State != InvitationState.Bounced && i.State != InvitationState.OptedOut
                && (i.SentAt == null || i.SentAt <= i.SoftBouncedAt)
                && !db.Responses.Any(r => r.InvitationId == i.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, InvitationState.Bounced)
                .SetProperty(i => i.BouncedAt, now)
                .SetProperty(i => i.ClaimId, (Guid?)null), ct);
        LogFinalized(roundId, count);
        return count;
    }

    /// <summary>Counts of handled reports, for all rounds (null) or one; unmatched reports belong to no round.</summary>
    public async Task<BounceCounts> GetCountsAsync(int? roundId = null, CancellationToken ct = default)
    {
        var query = db.BounceReports.AsQueryable();
        if (roundId is { } id)
        {
            query = query.Where(r => r.RoundId == id);
        }

        var rows = await query.GroupBy(r => r.Outcome)
            .Select(g => new { Outcome = g.Key, Count = g.Count(), Last = g.Max(r => r.ProcessedAt) })
            .ToListAsync(ct);
        int Count(BounceOutcome o) => rows.Where(r => r.Outcome == o).Sum(r => r.Count);
        return new BounceCounts(Count(BounceOutcome.Hard), Count(BounceOutcome.Soft), Count(BounceOutcome.Delayed),
            Count(BounceOutcome.NoBounce), Count(BounceOutcome.Unmatched),
            rows.Count == 0 ? null : rows.Max(r => r.Last));
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bounce report {MessageKey} could not be matched ({Reason}); moved aside")]
    private partial void LogUnmatched(string messageKey, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {RoundId}: {Count} soft-bounced invitation(s) finalized as bounced (3.30)")]
    private partial void LogFinalized(int roundId, int count);
}

/// <summary>Whether a report was new (false: handled before), and its outcome as stored.</summary>
public readonly record struct RecordResult(bool IsNew, BounceOutcome Outcome);

/// <summary>Numbers of handled bounce reports per outcome, and when the last one was handled (UTC).</summary>
public sealed record BounceCounts(int Hard, int Soft, int Delayed, int NoBounce, int Unmatched, DateTime? LastProcessedAt)
{
    /// <summary>Every handled report, whatever its outcome.</summary>
    public int Total => Hard + Soft + Delayed + NoBounce + Unmatched;
}
