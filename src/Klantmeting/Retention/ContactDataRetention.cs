using Klantmeting.Invitations;
using Klantmeting.Rounds;

namespace Klantmeting.Retention;

/// <summary>
/// Deletes the contact data of rounds closed longer than <see cref="RetentionOptions.ContactDataDays"/> ago: every
/// e-mail address (<c>ParticipantContacts</c>) and every link token hash, plus delivery errors, which can quote an
/// address. Participants, their pseudonymous ref and attributes, responses and answers stay, so the results do not
/// change. Batched (one short statement per <see cref="RetentionOptions.BatchSize"/> rows) and idempotent: a round
/// is marked done (<see cref="Round.ContactDataDeletedAt"/>) only after everything is gone, by one atomic UPDATE, and
/// only the run that sets the mark records it, so two workers record a round once.
/// </summary>
public sealed partial class ContactDataRetention(KlantmetingDbContext db, TimeProvider clock, IOptions<RetentionOptions> options,
    ILogger<ContactDataRetention> logger, Audit.AuditLog audit)
{
    /// <summary>One run; with <paramref name="dryRun"/> only counts what would go and changes nothing.</summary>
    public async Task<RetentionReport> RunAsync(bool dryRun, CancellationToken ct = default)
    {
        var o = options.Value;
        if (o.ContactDataDays == 0)
        {
            LogDisabled();
            return new RetentionReport(Enabled: false, dryRun, []);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-o.ContactDataDays);
        var due = await db.Rounds.AsNoTracking()
            .Where(r => r.State == RoundState.Closed && r.ClosedAt != null && r.ClosedAt <= cutoff && r.ContactDataDeletedAt == null)
            .OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.Name })
            .ToListAsync(ct);
        var rounds = new List<RetentionRoundReport>();
        foreach (var round in due)
        {
            var contacts = await db.ParticipantContacts.CountAsync(c => c.RoundId == round.Id, ct);
            var tokens = await RoundTokens(round.Id).CountAsync(ct);
            if (!dryRun)
            {
                await DeleteContactsAsync(round.Id, o.BatchSize, ct);
                await ClearTokensAsync(round.Id, o.BatchSize, ct);
                // Stored counts are those before deletion: a second worker deleting alongside does not split them.
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var marked = await db.Rounds.Where(r => r.Id == round.Id && r.ContactDataDeletedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.ContactDataDeletedAt, now), ct);
                if (marked == 0)
                {
                    continue; // another worker finished this round at the same moment and recorded it
                }

                var record = db.RetentionRuns.Add(new RetentionRun { RanAt = now, RoundId = round.Id, ContactsDeleted = contacts, TokensDeleted = tokens });
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                record.State = EntityState.Detached;
                await audit.RecordAsync(Audit.AuditAction.RetentionRun, Audit.AuditObject.Round, round.Name, round.Name, $"{contacts} e-mailadressen en {tokens} persoonlijke links verwijderd", ct);
            }

            rounds.Add(new RetentionRoundReport(round.Name, contacts, tokens));
            LogRound(dryRun, round.Name, round.Id, contacts, tokens);
        }

        LogRun(dryRun, rounds.Count, rounds.Sum(r => r.ContactsDeleted), rounds.Sum(r => r.TokensDeleted));
        return new RetentionReport(Enabled: true, dryRun, rounds);
    }

    private async Task DeleteContactsAsync(int roundId, int batchSize, CancellationToken ct)
    {
        while (true)
        {
            // The id of the batch's last row bounds one DELETE; 0 when fewer than a batch remain (delete the rest).
            var last = await db.ParticipantContacts.Where(c => c.RoundId == roundId).OrderBy(c => c.ParticipantId)
                .Select(c => c.ParticipantId).Skip(batchSize - 1).FirstOrDefaultAsync(ct);
            var batch = db.ParticipantContacts.Where(c => c.RoundId == roundId);
            await (last == 0 ? batch : batch.Where(c => c.ParticipantId <= last)).ExecuteDeleteAsync(ct);
            if (last == 0)
            {
                return;
            }
        }
    }

    /// <summary>Every link token (answer and opt-out) ever mailed for the round's invitations.</summary>
    private IQueryable<IssuedToken> RoundTokens(int roundId) =>
        db.InvitationTokens.Where(t => db.Invitations.Any(i => i.Id == t.InvitationId && i.RoundId == roundId));

    private async Task ClearTokensAsync(int roundId, int batchSize, CancellationToken ct)
    {
        // Link tokens: deleted in batches of invitations, so a large round never locks the table for long.
        while (true)
        {
            var invitations = db.Invitations.Where(i => i.RoundId == roundId
                && (i.LastError != null || db.InvitationTokens.Any(t => t.InvitationId == i.Id)));
            var last = await invitations.OrderBy(i => i.Id).Select(i => i.Id).Skip(batchSize - 1).FirstOrDefaultAsync(ct);
            var batch = last == 0 ? invitations : invitations.Where(i => i.Id <= last);
            await db.InvitationTokens.Where(t => batch.Any(i => i.Id == t.InvitationId)).ExecuteDeleteAsync(ct);
            // SMTP errors can quote the address.
            await batch.Where(i => i.LastError != null).ExecuteUpdateAsync(s => s.SetProperty(i => i.LastError, (string?)null), ct);
            if (last == 0)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention is off (Retention:ContactDataDays = 0); nothing deleted")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention (dry run: {DryRun}) round {RoundName} ({RoundId}): {Contacts} e-mail addresses and {Tokens} link tokens deleted")]
    private partial void LogRound(bool dryRun, string roundName, int roundId, int contacts, int tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention run (dry run: {DryRun}): {Rounds} rounds, {Contacts} e-mail addresses and {Tokens} link tokens deleted")]
    private partial void LogRun(bool dryRun, int rounds, int contacts, int tokens);
}

/// <summary>Outcome of a retention run.</summary>
/// <param name="Enabled">False when <c>Retention:ContactDataDays</c> is 0.</param>
/// <param name="DryRun">Counted only; nothing was deleted.</param>
/// <param name="Rounds">Each round whose contact data were (or would be) deleted.</param>
public sealed record RetentionReport(bool Enabled, bool DryRun, IReadOnlyList<RetentionRoundReport> Rounds);

/// <summary>Counts of one round in a retention run.</summary>
public sealed record RetentionRoundReport(string Round, int ContactsDeleted, int TokensDeleted);

/// <summary>Hangfire job: deletes contact data that is past its retention. Thin; safe to run twice and on several machines.</summary>
public sealed class ContactDataRetentionJob(ContactDataRetention retention) : Infrastructure.Jobs.IRecurringJob
{
    /// <summary>Deletes what is due (no dry run).</summary>
    public async Task RunAsync(CancellationToken ct) => await retention.RunAsync(dryRun: false, ct);
}
