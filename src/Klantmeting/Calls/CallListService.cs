using Klantmeting.Rounds;

namespace Klantmeting.Calls;

/// <summary>
/// The call list of a telephone or mixed round: hands each interviewer a participant nobody else holds (one guarded
/// UPDATE decides, with a lease like invitation dispatch), and records the outcome of each call. A callback comes back
/// at its time to the interviewer who made the appointment; after the round's maximum attempts without contact, spread
/// over the day parts, the participant is not reachable.
/// </summary>
public sealed class CallListService(KlantmetingDbContext db, TimeProvider clock)
{
    /// <summary>How long a claim holds without renewal; an interview renews it at every saved step.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    /// <summary>How long a callback waits for the interviewer who made it before anyone may call.</summary>
    public static readonly TimeSpan CallbackGrace = TimeSpan.FromMinutes(15);

    /// <summary>Candidates tried per claim; a candidate taken meanwhile by someone else is skipped.</summary>
    private const int CandidatesPerClaim = 5;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The participant this interviewer calls now: the case the interviewer still holds in this round (an interrupted
    /// interview), otherwise a due case claimed for the interviewer. Null with the reason when there is none.
    /// </summary>
    /// <param name="roundId">The round; the caller has checked that the interviewer is assigned to it.</param>
    /// <param name="interviewerId">The interviewer's user id.</param>
    /// <param name="ct">Cancels the search.</param>
    public async Task<(CallClaim? Claim, string? Reason)> ClaimNextAsync(int roundId, string interviewerId, CancellationToken ct = default)
    {
        var round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == roundId, ct);
        var now = Now;
        var held = await db.CallCases.Where(c => c.RoundId == roundId && c.State == CallCaseState.Claimed && c.ClaimedBy == interviewerId)
            .OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync(ct);
        if (held != 0)
        {
            await db.CallCases.Where(c => c.Id == held && c.ClaimedBy == interviewerId && c.State == CallCaseState.Claimed)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimedAt, now), ct);
            return (await LoadAsync(held, ct), null);
        }

        if (round.State != RoundState.Open)
        {
            return (null, "De ronde is niet open: er wordt niet gebeld.");
        }

        if (!CallingHours.IsOpen(RoundModeSettings.Of(round), now))
        {
            return (null, $"Het is nu buiten de beltijden van deze ronde ({RoundModeSettings.Of(round).Describe()}).");
        }

        // Every candidate taken meanwhile by another interviewer: look again, until none is due.
        while (await Due(roundId, interviewerId, now)
            .OrderBy(c => c.PreferredInterviewerId == interviewerId ? 0 : 1).ThenBy(c => c.NextCallAt).ThenBy(c => c.Id)
            .Select(c => c.Id).Take(CandidatesPerClaim).ToListAsync(ct) is { Count: > 0 } candidates)
        {
            foreach (var id in candidates)
            {
                if (await TryClaimAsync(roundId, interviewerId, id, now, ct))
                {
                    return (await LoadAsync(id, ct), null);
                }
            }
        }

        return (null, "Er is nu niemand om te bellen. Probeer het later nog eens: afspraken en nieuwe pogingen komen op hun tijd terug.");
    }

    /// <summary>Claims case <paramref name="id"/> for the interviewer if it is still due; true when this call changed the row.</summary>
    private async Task<bool> TryClaimAsync(int roundId, string interviewerId, long id, DateTime now, CancellationToken ct)
    {
        var claimId = Guid.NewGuid();
        using (await WriteGate.EnterAsync(db, ct))
        {
            // The due test again, in the UPDATE: of two interviewers claiming the same case, one changes the row.
            return await Due(roundId, interviewerId, now).Where(c => c.Id == id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.State, CallCaseState.Claimed)
                    .SetProperty(c => c.ClaimId, claimId)
                    .SetProperty(c => c.ClaimedBy, interviewerId)
                    .SetProperty(c => c.ClaimedAt, now), ct) == 1;
        }
    }

    /// <summary>
    /// Records the outcome of the call of the claim; the case goes back on the list (no contact, appointment) or is
    /// closed. Only the interviewer who holds the claim can record it.
    /// </summary>
    /// <param name="claim">The claim from <see cref="ClaimNextAsync"/>.</param>
    /// <param name="outcome">What came of the call; <see cref="CallOutcome.NietBereikbaar"/> is set by the list itself.</param>
    /// <param name="callbackAt">For <see cref="CallOutcome.Afspraak"/>: the agreed time (UTC), in the future.</param>
    /// <param name="ct">Cancels before anything is stored.</param>
    /// <returns>The outcome stored: <see cref="CallOutcome.NietBereikbaar"/> when this was the last attempt.</returns>
    /// <exception cref="CallException">No callback time, one in the past, or the claim was lost (lease ran out and someone else took over).</exception>
    public async Task<CallOutcome> RecordAsync(CallClaim claim, CallOutcome outcome, DateTime? callbackAt = null, CancellationToken ct = default)
    {
        var now = Now;
        if (outcome == CallOutcome.NietBereikbaar || !Enum.IsDefined(outcome))
        {
            throw new CallException("Kies een uitkomst van het gesprek.");
        }

        if (outcome == CallOutcome.Afspraak && (callbackAt is null || callbackAt <= now))
        {
            throw new CallException("Geef voor een afspraak een tijd in de toekomst op.");
        }

        var round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == claim.RoundId, ct);
        var settings = RoundModeSettings.Of(round);
        var attempts = claim.Attempts + 1;
        var noContact = outcome is CallOutcome.GeenGehoor or CallOutcome.InGesprek or CallOutcome.Voicemail;
        var stored = noContact && attempts >= settings.MaxCallAttempts ? CallOutcome.NietBereikbaar : outcome;
        var done = stored is not (CallOutcome.GeenGehoor or CallOutcome.InGesprek or CallOutcome.Voicemail or CallOutcome.Afspraak);
        var next = outcome == CallOutcome.Afspraak ? callbackAt!.Value : CallingHours.NextDayPart(settings, now);
        string? preferred = outcome == CallOutcome.Afspraak ? claim.InterviewerId : null;

        // Joins the caller's transaction when there is one (an interview sent in: the response and this outcome together).
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var changed = await db.CallCases
            .Where(c => c.Id == claim.CaseId && c.ClaimId == claim.ClaimId && c.State == CallCaseState.Claimed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.State, done ? CallCaseState.Done : CallCaseState.Waiting)
                .SetProperty(c => c.ClaimId, (Guid?)null)
                .SetProperty(c => c.ClaimedBy, (string?)null)
                .SetProperty(c => c.ClaimedAt, (DateTime?)null)
                .SetProperty(c => c.Attempts, attempts)
                .SetProperty(c => c.LastOutcome, stored)
                .SetProperty(c => c.NextCallAt, next)
                .SetProperty(c => c.PreferredInterviewerId, preferred)
                .SetProperty(c => c.DoneAt, done ? now : null), ct);
        if (changed == 0)
        {
            throw new CallException("Deze deelnemer is niet meer van u: de tijd om te bellen was verlopen en een ander heeft hem overgenomen. Er is niets opgeslagen.");
        }

        db.CallAttempts.Add(new CallAttempt
        {
            CallCaseId = claim.CaseId,
            RoundId = claim.RoundId,
            InterviewerId = claim.InterviewerId,
            StartedAt = claim.ClaimedAt,
            EndedAt = now,
            Outcome = stored,
            DayPart = CallingHours.DayPartOf(now),
            CallbackAt = outcome == CallOutcome.Afspraak ? callbackAt : null,
        });
        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        db.ChangeTracker.Clear();
        return stored;
    }

    /// <summary>Renews the lease of a claim (every saved interview step); false when the claim was lost.</summary>
    public async Task<bool> RenewAsync(CallClaim claim, CancellationToken ct = default)
    {
        var now = Now;
        return await db.CallCases.Where(c => c.Id == claim.CaseId && c.ClaimId == claim.ClaimId && c.State == CallCaseState.Claimed)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimedAt, now), ct) == 1;
    }

    /// <summary>The case this interviewer holds in the round (an interrupted call), or null; does not renew the lease.</summary>
    public async Task<CallClaim?> HeldInRoundAsync(int roundId, string interviewerId, CancellationToken ct = default)
    {
        var held = await db.CallCases.Where(c => c.RoundId == roundId && c.State == CallCaseState.Claimed && c.ClaimedBy == interviewerId)
            .OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync(ct);
        return held == 0 ? null : await LoadAsync(held, ct);
    }

    /// <summary>The claim this interviewer holds on case <paramref name="caseId"/>, or null.</summary>
    public async Task<CallClaim?> HeldAsync(long caseId, string interviewerId, CancellationToken ct = default) =>
        await db.CallCases.AnyAsync(c => c.Id == caseId && c.ClaimedBy == interviewerId && c.State == CallCaseState.Claimed, ct)
            ? await LoadAsync(caseId, ct)
            : null;

    /// <summary>
    /// Waiting and due (its time reached; a callback first for its own interviewer during the grace period), or held by
    /// someone whose lease ran out.
    /// </summary>
    private IQueryable<CallCase> Due(int roundId, string interviewerId, DateTime now)
    {
        var graceCut = now - CallbackGrace;
        var leaseCut = now - Lease;
        return db.CallCases.Where(c => c.RoundId == roundId
            && ((c.State == CallCaseState.Waiting && c.NextCallAt <= now
                    && (c.PreferredInterviewerId == null || c.PreferredInterviewerId == interviewerId || c.NextCallAt <= graceCut))
                || (c.State == CallCaseState.Claimed && c.ClaimedAt < leaseCut)));
    }

    private async Task<CallClaim> LoadAsync(long caseId, CancellationToken ct) =>
        await (from c in db.CallCases.AsNoTracking()
               where c.Id == caseId
               join p in db.Participants on c.ParticipantId equals p.Id
               join w in db.Werkpleinen on p.WerkpleinId equals w.Id
               join k in db.ParticipantContacts on p.Id equals k.ParticipantId into contacts
               from k in contacts.DefaultIfEmpty()
               select new CallClaim(c.Id, c.ClaimId!.Value, c.RoundId, c.ParticipantId, c.ClaimedBy!, c.ClaimedAt!.Value, c.Attempts,
                   k == null ? null : k.Phone, w.Name, c.LastOutcome, c.PreferredInterviewerId != null ? c.NextCallAt : null))
            .SingleAsync(ct);
}

/// <summary>A case held by an interviewer, with what the call screen shows.</summary>
/// <param name="CaseId">The call case.</param>
/// <param name="ClaimId">Guards every change of the case.</param>
/// <param name="RoundId">The round.</param>
/// <param name="ParticipantId">The participant to call.</param>
/// <param name="InterviewerId">Who holds it.</param>
/// <param name="ClaimedAt">When it was claimed or last renewed (UTC).</param>
/// <param name="Attempts">Calls so far.</param>
/// <param name="Phone">The number to call (E.164); null when retention deleted it.</param>
/// <param name="WerkpleinName">The participant's Werkplein.</param>
/// <param name="LastOutcome">The outcome of the previous call, if any.</param>
/// <param name="CallbackAt">The agreed callback time of an appointment, if any (UTC).</param>
public sealed record CallClaim(long CaseId, Guid ClaimId, int RoundId, long ParticipantId, string InterviewerId, DateTime ClaimedAt,
    int Attempts, string? Phone, string WerkpleinName, CallOutcome? LastOutcome, DateTime? CallbackAt);

/// <summary>A call outcome that cannot be stored; the Dutch message says why.</summary>
public sealed class CallException(string message) : Exception(message);
