using Klantmeting.Responses;

namespace Klantmeting.Calls;

/// <summary>
/// The telephone interview of a participant an interviewer holds on the call list: the same questionnaire and step
/// logic as behind the personal link (<see cref="ResponseService"/>), saved step by step, stored with mode telefoon and
/// the interviewer. Every save renews the lease; submitting records the call outcome "interview" (AAPOR 1.1). An
/// interview broken off keeps its answers and resumes at the saved step when the case comes back.
/// </summary>
public sealed class InterviewService(KlantmetingDbContext db, CallListService calls, ResponseService responses, TimeProvider clock)
{
    /// <summary>Shown when the interviewer does not (or no longer) hold the participant.</summary>
    public const string NotHeld =
        "U kunt dit interview niet openen: deze deelnemer is nu niet aan u toegewezen. Kies op de belpagina 'Volgende deelnemer'.";

    /// <summary>Shown when the participant already sent the questionnaire in.</summary>
    public const string AlreadyCompleted =
        "Deze deelnemer heeft de vragenlijst al ingevuld en verstuurd. Een interview is niet meer nodig. Sla het gesprek niet op als interview; kies 'Terug naar de belpagina'.";

    /// <summary>
    /// Opens the interview of call case <paramref name="caseId"/> of round <paramref name="roundId"/> for the
    /// interviewer; renews the lease. Null when the interviewer holds no valid lease on the case: another interviewer's
    /// case, a closed one, or one whose lease ran out (the page answers 404; "Volgende deelnemer" takes it again).
    /// </summary>
    /// <param name="roundId">The round the interviewer is assigned to (checked by the caller).</param>
    /// <param name="caseId">The call case.</param>
    /// <param name="interviewerId">The interviewer's user id.</param>
    /// <param name="ct">Cancels the lookup.</param>
    public async Task<InterviewSession?> OpenAsync(int roundId, long caseId, string interviewerId, CancellationToken ct = default)
    {
        if (await calls.HeldAsync(caseId, interviewerId, ct) is not { } claim || claim.RoundId != roundId
            || claim.ClaimedAt < clock.GetUtcNow().UtcDateTime - CallListService.Lease || !await calls.RenewAsync(claim, ct))
        {
            return null;
        }

        return await responses.FindForInterviewAsync(claim.ParticipantId, interviewerId, ct) is { } session
            ? new InterviewSession(claim, session)
            : null;
    }

    /// <summary>
    /// What the call screen says about the interview of a held case: not started, broken off at a step (it resumes
    /// there), or already sent in (on the web: no interview). Does not renew the lease.
    /// </summary>
    public async Task<InterviewProgress> ProgressAsync(CallClaim claim, CancellationToken ct = default)
    {
        var session = await responses.FindForInterviewAsync(claim.ParticipantId, claim.InterviewerId, ct);
        return session?.Response switch
        {
            null => new InterviewProgress(false, false, ResponseSteps.Intro, 0),
            { CompletedAt: not null } => new InterviewProgress(true, true, session.Steps.Check, session.Steps.Count),
            _ => new InterviewProgress(true, false, session.ResumeStep, session.Steps.Count),
        };
    }

    /// <summary>
    /// Saves one step of the interview and moves to <paramref name="nextStep"/>; renews the lease first. Refused
    /// (<see cref="StepOutcomeKind.Closed"/>) when the lease was lost meanwhile.
    /// </summary>
    public async Task<StepOutcome> SaveStepAsync(InterviewSession interview, int step, int nextStep, StepInput input, CancellationToken ct = default) =>
        await calls.RenewAsync(interview.Claim, ct)
            ? await responses.SaveStepAsync(interview.Session, step, nextStep, input, ct)
            : StepOutcome.Closed;

    /// <summary>
    /// Submits the interview and records the call outcome <see cref="CallOutcome.Interview"/> on the case, which closes
    /// it, in one transaction: a failure between the two leaves neither (the answers saved step by step are kept, the
    /// response stays open and the case stays held). Nothing happens when the lease was lost
    /// (<see cref="StepOutcomeKind.Closed"/>).
    /// </summary>
    /// <exception cref="CallException">The claim was lost between submitting and recording (nothing of the two is stored).</exception>
    public async Task<StepOutcome> CompleteAsync(InterviewSession interview, CancellationToken ct = default)
    {
        // Released after the transaction ends (disposed in reverse order). Inside it, ResponseService and CallListService
        // join this transaction instead of starting their own (and do not take the gate again).
        using var gate = await WriteGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await calls.RenewAsync(interview.Claim, ct))
        {
            return StepOutcome.Closed;
        }

        var outcome = await responses.CompleteAsync(interview.Session, ct);
        if (outcome.Kind == StepOutcomeKind.Completed)
        {
            await calls.RecordAsync(interview.Claim, CallOutcome.Interview, ct: ct);
        }

        // Not completed (e.g. no grade yet): only the renewed lease is stored.
        await tx.CommitAsync(ct);
        return outcome;
    }
}

/// <summary>How far the questionnaire of a held case is.</summary>
/// <param name="Started">Something was saved (on the web or in an interview).</param>
/// <param name="Completed">It was sent in: no interview.</param>
/// <param name="ResumeStep">The step the interview opens at.</param>
/// <param name="StepCount">Numbered steps of the questionnaire.</param>
public sealed record InterviewProgress(bool Started, bool Completed, int ResumeStep, int StepCount);

/// <summary>An interview in progress: the case the interviewer holds and the participant's questionnaire.</summary>
/// <param name="Claim">The held call case.</param>
/// <param name="Session">The questionnaire, marked with the interviewer.</param>
public sealed record InterviewSession(CallClaim Claim, RespondentSession Session);
