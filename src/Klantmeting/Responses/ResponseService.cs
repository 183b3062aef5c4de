using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Klantmeting.Surveys;

namespace Klantmeting.Responses;

/// <summary>
/// The respondent side of a round: finds the questionnaire behind a personal link, saves it step by step and
/// completes it. Every write re-checks in the database that the round is open and the response not yet
/// complete, so a double submit or a round closed meanwhile changes nothing.
/// </summary>
public sealed class ResponseService(KlantmetingDbContext db, ISurveyCatalog surveys, TimeProvider clock)
{
    // The lookups of every page view and post are compiled once: building, parameterizing and looking up a LINQ
    // query per call cost more than running it (bench/run.sh, answer).
    private static readonly PerProvider<Func<KlantmetingDbContext, byte[], Task<TokenHit?>>> _findByToken = new(() => EF.CompileAsyncQuery(
        (KlantmetingDbContext db, byte[] hash) => (
                from t in db.InvitationTokens.AsNoTracking()
                join i in db.Invitations.AsNoTracking() on t.InvitationId equals i.Id
                join r in db.Rounds.AsNoTracking() on i.RoundId equals r.Id
                where t.Hash == hash && t.Purpose == TokenPurpose.Answer
                select new TokenHit(i, r))
            .SingleOrDefault()));

    private static readonly PerProvider<Func<KlantmetingDbContext, long, Task<Response?>>> _responseOf = new(() => EF.CompileAsyncQuery(
        (KlantmetingDbContext db, long invitationId) => db.Responses.AsNoTracking()
            .Include(r => r.Answers)
            .SingleOrDefault(r => r.InvitationId == invitationId)));

    private static readonly PerProvider<Func<KlantmetingDbContext, long, Task<long?>>> _responseIdOf = new(() => EF.CompileAsyncQuery(
        (KlantmetingDbContext db, long invitationId) => db.Responses.Where(r => r.InvitationId == invitationId)
            .Select(r => (long?)r.Id).SingleOrDefault()));

    private static readonly PerProvider<Func<KlantmetingDbContext, int, Task<bool>>> _roundIsOpen = new(() => EF.CompileAsyncQuery(
        (KlantmetingDbContext db, int roundId) => db.Rounds.Any(r => r.Id == roundId && r.State == RoundState.Open)));

    private sealed record TokenHit(Invitation Invitation, Round Round);

    /// <summary>Finds the questionnaire behind a personal link.</summary>
    /// <returns>
    /// Null when the token is malformed or unknown, or its round is still a draft: callers answer 404 and say
    /// nothing about why.
    /// </returns>
    /// <exception cref="KeyNotFoundException">The round's questionnaire is not installed (a configuration error).</exception>
    public async Task<RespondentSession?> FindAsync(string? token, CancellationToken ct = default)
    {
        if (!InvitationToken.IsWellFormed(token))
        {
            return null;
        }

        // One connection for both lookups: on SQLite every open and close also registers and removes EF's functions.
        await db.Database.OpenConnectionAsync(ct);
        TokenHit? found;
        Response? response;
        try
        {
            found = await _findByToken.For(db)(db, InvitationToken.Hash(token!));
            if (found is null || found.Round.State == RoundState.Draft)
            {
                return null;
            }

            response = await _responseOf.For(db)(db, found.Invitation.Id);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return new RespondentSession(found.Invitation, found.Round, surveys.Get(found.Round.QuestionnaireId), response);
    }

    /// <summary>
    /// The questionnaire of a participant as a telephone interviewer takes it: the same session as behind the personal
    /// link (what the participant saved on the web is there too), marked with the interviewer so what is saved from it
    /// is stored with <see cref="ResponseMode.Telefoon"/> and <see cref="Response.InterviewerId"/>. The caller has
    /// checked that the interviewer holds the participant's call case.
    /// </summary>
    /// <returns>Null when the participant has no invitation row or the round is still a draft.</returns>
    public async Task<RespondentSession?> FindForInterviewAsync(long participantId, string interviewerId, CancellationToken ct = default)
    {
        var found = await (from i in db.Invitations.AsNoTracking()
                           join r in db.Rounds.AsNoTracking() on i.RoundId equals r.Id
                           where i.ParticipantId == participantId
                           select new TokenHit(i, r)).SingleOrDefaultAsync(ct);
        if (found is null || found.Round.State == RoundState.Draft)
        {
            return null;
        }

        var response = await _responseOf.For(db)(db, found.Invitation.Id);
        return new RespondentSession(found.Invitation, found.Round, surveys.Get(found.Round.QuestionnaireId), response) { InterviewerId = interviewerId };
    }

    /// <summary>
    /// Checks what a respondent posted for one step. Statements may be left out (no answer); everything that is
    /// sent must be valid.
    /// </summary>
    public static IReadOnlyList<StepError> Validate(ResponseSteps steps, int step, StepInput input, bool gradeRequired)
    {
        var errors = new List<StepError>();
        var principle = steps.PrincipleAt(step);
        var allowed = principle?.Statements.ToDictionary(s => s.Id, StringComparer.Ordinal)
            ?? new Dictionary<string, Statement>(StringComparer.Ordinal);
        foreach (var (itemId, raw) in input.Answers)
        {
            if (!allowed.TryGetValue(itemId, out var statement))
            {
                errors.Add(new StepError(null,
                    "Er is een antwoord verstuurd op een vraag die niet op deze pagina staat. Vul de vragen hieronder opnieuw in."));
            }
            else if (ParseAnswer(raw) is null)
            {
                errors.Add(new StepError(itemId,
                    $"Het antwoord bij \u2018{statement.Text}\u2019 is niet geldig. Kies een van de antwoorden."));
            }
        }

        if (step == steps.Grade)
        {
            if (!string.IsNullOrWhiteSpace(input.Grade) && ParseGrade(input.Grade) is null)
            {
                errors.Add(new StepError(SurveyDefinition.GradeItemId, "Kies een rapportcijfer van 1 tot en met 10."));
            }
            else if (gradeRequired && string.IsNullOrWhiteSpace(input.Grade))
            {
                errors.Add(new StepError(SurveyDefinition.GradeItemId,
                    "Kies een rapportcijfer van 1 tot en met 10. Dat is nodig om verder te gaan."));
            }

            var comment = NormalizeComment(input.Comment);
            if (comment is { Length: > Response.MaxCommentLength })
            {
                errors.Add(new StepError(SurveyDefinition.OpenItemId, string.Create(CultureInfo.GetCultureInfo("nl-NL"),
                    $"Uw toelichting is te lang: {comment.Length:N0} tekens. Er passen maximaal {Response.MaxCommentLength:N0} tekens in. Maak de tekst korter.")));
            }
        }
        else if (input.Grade is not null || input.Comment is not null)
        {
            errors.Add(new StepError(null,
                "Er is een antwoord verstuurd op een vraag die niet op deze pagina staat. Vul de vragen hieronder opnieuw in."));
        }

        return errors;
    }

    /// <summary>
    /// Saves the answers of one step and moves the respondent to <paramref name="nextStep"/>. Creates the
    /// response on the first save. Nothing is stored when the input is invalid, the round is no longer open, or
    /// the response is already complete.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A step index outside the questionnaire.</exception>
    public async Task<StepOutcome> SaveStepAsync(RespondentSession session, int step, int nextStep, StepInput input, CancellationToken ct = default)
    {
        var steps = session.Steps;
        if (!steps.IsValid(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "No such step.");
        }

        if (!steps.IsValid(nextStep))
        {
            throw new ArgumentOutOfRangeException(nameof(nextStep), nextStep, "No such step.");
        }

        if (session.Status != RespondentStatus.Answering)
        {
            return Refused(session.Status);
        }

        var errors = Validate(steps, step, input, gradeRequired: step == steps.Grade && nextStep > step);
        if (errors.Count > 0)
        {
            return StepOutcome.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var principle = steps.PrincipleAt(step);
        var gradeStep = step == steps.Grade;
        var grade = gradeStep ? ParseGrade(input.Grade) : null;
        var comment = gradeStep ? NormalizeComment(input.Comment) : null;
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment;
        var knownId = session.Response?.Id;

        // Released after the transaction ends (disposed in reverse order).
        using var gate = await WriteGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var responseId = knownId ?? await EnsureResponseAsync(session, now, ct);
        if (responseId is null)
        {
            return await RefusedAfterReloadAsync(session, ct);
        }

        if (session.InterviewerId is { } interviewer && knownId is not null
            && (session.Response!.Mode != ResponseMode.Telefoon || session.Response.InterviewerId != interviewer))
        {
            // Started on the web (or by another interviewer), finished by this interview: it is a telephone response now.
            await db.Responses.Where(r => r.Id == knownId && r.CompletedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Mode, ResponseMode.Telefoon)
                .SetProperty(r => r.InterviewerId, interviewer), ct);
        }

        // Guarded write: only an unfinished response of an open round changes.
        var statements = new StepStatements(db, tx);
        var changed = await statements.UpdateResponseAsync(responseId.Value, nextStep, now, gradeStep, grade, comment, ct);
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            return await RefusedAfterReloadAsync(session, ct);
        }

        if (principle is not null)
        {
            // The post holds the whole step: replace this step's answers (left out = no answer) and its summary.
            var answers = input.Answers.Select(a => (a.Key, ParseAnswer(a.Value)!.Value)).ToList();
            await AnswerWriter.ReplaceStepAsync(db, tx, responseId.Value, principle.Id, principle.Statements.Select(s => s.Id).ToList(),
                answers, ct);
        }

        await tx.CommitAsync(ct);
        return StepOutcome.Saved;
    }

    /// <summary>Submits the questionnaire: sets <see cref="Response.CompletedAt"/>. Only once; needs a grade.</summary>
    public async Task<StepOutcome> CompleteAsync(RespondentSession session, CancellationToken ct = default)
    {
        if (session.Status != RespondentStatus.Answering)
        {
            return Refused(session.Status);
        }

        var missingGrade = StepOutcome.Invalid([new StepError(SurveyDefinition.GradeItemId,
            "U heeft nog geen rapportcijfer gegeven. Dat is nodig om de vragenlijst te versturen.")]);
        if (session.Response is null)
        {
            return missingGrade;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var check = session.Steps.Check;
        var responseId = session.Response.Id;
        int changed;
        // A caller with its own transaction (the telephone interview) holds the gate already: the gate is not reentrant.
        using (db.Database.CurrentTransaction is null ? await WriteGate.EnterAsync(db, ct) : null)
        {
            changed = await db.Responses
                .Where(r => r.Id == responseId && r.CompletedAt == null && r.Grade != null &&
                    db.Rounds.Any(o => o.Id == r.RoundId && o.State == RoundState.Open))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.CompletedAt, now)
                    .SetProperty(r => r.UpdatedAt, now)
                    .SetProperty(r => r.CurrentStep, check), ct);
        }

        if (changed == 1)
        {
            return StepOutcome.Completed;
        }

        var reloaded = await FindAgainAsync(session, ct);
        return reloaded.Status == RespondentStatus.Answering ? missingGrade : Refused(reloaded.Status);
    }

    /// <summary>An agreement answer: 1-5 or <see cref="Answer.DontKnow"/>; null when not valid.</summary>
    public static int? ParseAnswer(string? raw) =>
        int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is >= Answer.DontKnow and <= 5 ? v : null;

    /// <summary>A grade 1-10; null when empty or not valid.</summary>
    public static int? ParseGrade(string? raw) =>
        int.TryParse(raw?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is >= 1 and <= 10 ? v : null;

    /// <summary>
    /// Browsers send line breaks in a textarea as CRLF but count them as one character for <c>maxlength</c>:
    /// count and store them as LF so a text the browser accepted is never too long here.
    /// </summary>
    public static string? NormalizeComment(string? comment) => comment?.ReplaceLineEndings("\n").Trim();

    private async Task<long?> EnsureResponseAsync(RespondentSession session, DateTime now, CancellationToken ct)
    {
        var existing = await _responseIdOf.For(db)(db, session.Invitation.Id);
        if (existing is not null)
        {
            return existing;
        }

        if (!await _roundIsOpen.For(db)(db, session.Round.Id))
        {
            return null;
        }

        var response = new Response
        {
            InvitationId = session.Invitation.Id,
            RoundId = session.Round.Id,
            StartedAt = now,
            UpdatedAt = now,
            Mode = session.InterviewerId is null ? ResponseMode.Web : ResponseMode.Telefoon,
            InterviewerId = session.InterviewerId,
        };
        db.Responses.Add(response);
        // The unique index on InvitationId stops a second, concurrent first save.
        await db.SaveChangesAsync(ct);
        db.Entry(response).State = EntityState.Detached;
        return response.Id;
    }

    private async Task<StepOutcome> RefusedAfterReloadAsync(RespondentSession session, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var reloaded = await FindAgainAsync(session, ct);
        return Refused(reloaded.Status == RespondentStatus.Answering ? RespondentStatus.Closed : reloaded.Status);
    }

    private async Task<RespondentSession> FindAgainAsync(RespondentSession session, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == session.Round.Id, ct);
        var response = await _responseOf.For(db)(db, session.Invitation.Id);
        return session with { Round = round, Response = response };
    }

    private static StepOutcome Refused(RespondentStatus status) =>
        status == RespondentStatus.Completed ? StepOutcome.AlreadyCompleted : StepOutcome.Closed;
}

/// <summary>Where a respondent stands.</summary>
public enum RespondentStatus
{
    /// <summary>The round is open and the questionnaire not yet submitted.</summary>
    Answering,

    /// <summary>The questionnaire was submitted; the link shows a thank-you page.</summary>
    Completed,

    /// <summary>The round is closed before the questionnaire was submitted.</summary>
    Closed,
}

/// <summary>The questionnaire behind one personal link, with what was saved so far.</summary>
public sealed record RespondentSession(Invitation Invitation, Round Round, SurveyDefinition Survey, Response? Response)
{
    /// <summary>The step layout of this questionnaire.</summary>
    public ResponseSteps Steps { get; } = new(Survey);

    /// <summary>
    /// The interviewer (user id) taking this questionnaire by telephone; null behind the personal link. What is saved is
    /// stored with <see cref="ResponseMode.Telefoon"/> and this id.
    /// </summary>
    public string? InterviewerId { get; init; }

    /// <summary>Answering, completed, or closed before it was submitted.</summary>
    public RespondentStatus Status =>
        Response?.CompletedAt is not null ? RespondentStatus.Completed
        : Round.State == RoundState.Open ? RespondentStatus.Answering
        : RespondentStatus.Closed;

    /// <summary>The step to show when the link is opened again.</summary>
    public int ResumeStep => Response is null ? ResponseSteps.Intro : Math.Clamp(Response.CurrentStep, ResponseSteps.Intro, Steps.Check);

    /// <summary>The saved answer to a statement, or null.</summary>
    public int? AnswerTo(string itemId) => Response?.Answers.FirstOrDefault(a => a.ItemId == itemId)?.Value;
}

/// <summary>What a respondent posted for one step, as sent (validated by <see cref="ResponseService"/>).</summary>
/// <param name="Answers">Statement id to raw value; statements left out have no answer.</param>
/// <param name="Grade">Raw grade, only on the grade step.</param>
/// <param name="Comment">The open answer, only on the grade step.</param>
public sealed record StepInput(IReadOnlyDictionary<string, string?> Answers, string? Grade = null, string? Comment = null);

/// <summary>A problem with a post, in plain Dutch.</summary>
/// <param name="ItemId">The statement, <c>totaaloordeel</c> or <c>toelichting</c> it is about; null for the form as a whole.</param>
/// <param name="Message">What is wrong and how to fix it, for the respondent.</param>
public sealed record StepError(string? ItemId, string Message);

/// <summary>Result of saving or submitting.</summary>
public sealed record StepOutcome(StepOutcomeKind Kind, IReadOnlyList<StepError> Errors)
{
    /// <summary>The step was saved.</summary>
    public static StepOutcome Saved { get; } = new(StepOutcomeKind.Saved, []);

    /// <summary>The questionnaire was submitted now.</summary>
    public static StepOutcome Completed { get; } = new(StepOutcomeKind.Completed, []);

    /// <summary>It was submitted before; nothing changed.</summary>
    public static StepOutcome AlreadyCompleted { get; } = new(StepOutcomeKind.AlreadyCompleted, []);

    /// <summary>The round is closed; nothing was saved.</summary>
    public static StepOutcome Closed { get; } = new(StepOutcomeKind.Closed, []);

    /// <summary>Nothing was saved because of <paramref name="errors"/>.</summary>
    public static StepOutcome Invalid(IReadOnlyList<StepError> errors) => new(StepOutcomeKind.Invalid, errors);
}

/// <summary>Kinds of <see cref="StepOutcome"/>.</summary>
public enum StepOutcomeKind
{
    /// <summary>See <see cref="StepOutcome.Saved"/>.</summary>
    Saved,
    /// <summary>See <see cref="StepOutcome.Invalid"/>.</summary>
    Invalid,
    /// <summary>See <see cref="StepOutcome.Completed"/>.</summary>
    Completed,
    /// <summary>See <see cref="StepOutcome.AlreadyCompleted"/>.</summary>
    AlreadyCompleted,
    /// <summary>See <see cref="StepOutcome.Closed"/>.</summary>
    Closed,
}
