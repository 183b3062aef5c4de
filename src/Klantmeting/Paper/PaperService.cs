using Klantmeting.Audit;
using Klantmeting.Invitations;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Surveys;

namespace Klantmeting.Paper;

/// <summary>
/// Paper questionnaires of a round with mode papier or gemengd: printing them with a fresh response code each, and
/// entering the answers of a returned questionnaire by its code.
/// </summary>
/// <remarks>
/// A code is made when a questionnaire is printed (HTML or PDF), not when the round opens: only its hash is stored
/// (<see cref="TokenPurpose.Paper"/> in the table of link tokens), so the code exists in readable form only on the
/// paper. Printing a participant again gives a new code and the old one keeps working, as every mailed link keeps
/// working; the answers of a participant can be entered only once, whichever code is typed. The hash is the key of
/// that table, so a code is unique in its round (and beyond).
/// </remarks>
public sealed class PaperService(KlantmetingDbContext db, ISurveyCatalog surveys, TimeProvider clock, AuditLog audit,
    PaperCodeLimiter limiter, IAuditActor actor)
{
    private static readonly TimeZoneInfo _amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>Most questionnaires one print gives; printing the same batch again gives the next ones.</summary>
    public const int MaxPerPrint = 1000;

    /// <summary>The round named <paramref name="roundName"/> when it has paper questionnaires (papier or gemengd); else null.</summary>
    public async Task<PaperRound?> FindRoundAsync(string roundName, CancellationToken ct = default)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct);
        return round is { Mode: RoundMode.Papier or RoundMode.Gemengd } && surveys.Find(round.QuestionnaireId) is { } survey
            ? new PaperRound(round, survey)
            : null;
    }

    /// <summary>Per Werkplein: participants, printed, entered and still to print.</summary>
    public async Task<IReadOnlyList<PaperBatch>> BatchesAsync(int roundId, CancellationToken ct = default)
    {
        var rows = await (
                from p in db.Participants.AsNoTracking()
                join w in db.Werkpleinen.AsNoTracking() on p.WerkpleinId equals w.Id
                join i in db.Invitations.AsNoTracking() on p.Id equals i.ParticipantId
                where p.RoundId == roundId
                group new
                {
                    Printed = db.InvitationTokens.Any(t => t.InvitationId == i.Id && t.Purpose == TokenPurpose.Paper),
                    Entered = db.Responses.Any(r => r.InvitationId == i.Id && r.CompletedAt != null),
                } by new { w.Code, w.Name } into g
                select new
                {
                    g.Key.Code,
                    g.Key.Name,
                    Participants = g.Count(),
                    Printed = g.Count(x => x.Printed),
                    Entered = g.Count(x => x.Entered),
                    ToPrint = g.Count(x => !x.Printed && !x.Entered),
                })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new PaperBatch(r.Code, r.Name, r.Participants, r.Printed, r.Entered) { ToPrint = r.ToPrint })
            .ToList();
    }

    /// <summary>
    /// Prints questionnaires: makes a response code for each and stores its hash. With <paramref name="participantRef"/>
    /// that one participant (again, with a new code); otherwise up to <see cref="MaxPerPrint"/> participants of the
    /// Werkplein (or of the round) that were not printed before, ordered by Werkplein and ref. Participants whose answers
    /// are complete are left out.
    /// </summary>
    /// <returns>The sheets; empty when there is nobody (left) to print.</returns>
    /// <exception cref="InvalidOperationException">The round is closed.</exception>
    public async Task<IReadOnlyList<PaperSheet>> PrintAsync(PaperRound round, string? werkpleinCode, string? participantRef,
        CancellationToken ct = default)
    {
        if (!round.CanPrint)
        {
            throw new InvalidOperationException("De ronde is gesloten; er worden geen vragenlijsten meer afgedrukt.");
        }

        var roundId = round.Round.Id;
        var query =
            from p in db.Participants.AsNoTracking()
            join w in db.Werkpleinen.AsNoTracking() on p.WerkpleinId equals w.Id
            join i in db.Invitations.AsNoTracking() on p.Id equals i.ParticipantId
            where p.RoundId == roundId && !db.Responses.Any(r => r.InvitationId == i.Id && r.CompletedAt != null)
            select new { InvitationId = i.Id, p.Ref, w.Code, w.Name };
        if (!string.IsNullOrWhiteSpace(participantRef))
        {
            var wanted = participantRef.Trim();
            query = query.Where(x => x.Ref == wanted);
        }
        else
        {
            query = query.Where(x => !db.InvitationTokens.Any(t => t.InvitationId == x.InvitationId && t.Purpose == TokenPurpose.Paper));
        }

        if (!string.IsNullOrWhiteSpace(werkpleinCode))
        {
            query = query.Where(x => x.Code == werkpleinCode);
        }

        var people = await query.OrderBy(x => x.Code).ThenBy(x => x.Ref).Take(MaxPerPrint).ToListAsync(ct);
        var sheets = people.Select(x => (x.InvitationId, Sheet: new PaperSheet(x.Ref, x.Code, x.Name, ResponseCode.Generate()))).ToList();
        if (sheets.Count == 0)
        {
            return [];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await BulkWrite.RunAsync(db, async bulk =>
        {
            var rows = bulk.Inserter<IssuedToken>(100,
                nameof(IssuedToken.Hash), nameof(IssuedToken.InvitationId), nameof(IssuedToken.Purpose), nameof(IssuedToken.CreatedAt));
            foreach (var (invitationId, sheet) in sheets)
            {
                var plain = ResponseCode.Normalize(sheet.Code, out _)!;
                rows.Add(ResponseCode.Hash(plain), invitationId, TokenPurpose.Paper, now);
            }

            await bulk.FlushAsync(ct);
            return sheets.Count;
        }, ct);
        return sheets.Select(s => s.Sheet).ToList();
    }

    /// <summary>
    /// Finds the participant behind a typed code. Refuses, in Dutch: a code that is not well formed or whose check
    /// character is wrong, an unknown code, a round that is not open, and a participant whose answers are already in;
    /// and every code of a user who typed too many unknown codes recently (<see cref="PaperCodeLimiter"/>).
    /// </summary>
    public async Task<PaperOutcome> FindAsync(PaperRound round, string? typed, CancellationToken ct = default)
    {
        var plain = ResponseCode.Normalize(typed, out var error);
        if (plain is null)
        {
            return PaperOutcome.Refused(error!);
        }

        if (limiter.IsBlocked(actor.Id))
        {
            return PaperOutcome.Refused("U heeft kort na elkaar te veel onbekende antwoordcodes getypt. "
                + $"Wacht {PaperCodeLimiter.Window.TotalMinutes:0} minuten en probeer het dan opnieuw.");
        }

        var hash = ResponseCode.Hash(plain);
        var roundId = round.Round.Id;
        var hit = await (
                from t in db.InvitationTokens.AsNoTracking()
                join i in db.Invitations.AsNoTracking() on t.InvitationId equals i.Id
                join p in db.Participants.AsNoTracking() on i.ParticipantId equals p.Id
                join w in db.Werkpleinen.AsNoTracking() on p.WerkpleinId equals w.Id
                where t.Hash == hash && t.Purpose == TokenPurpose.Paper && i.RoundId == roundId
                select new PaperParticipant(i.Id, p.Ref, w.Name))
            .SingleOrDefaultAsync(ct);
        if (hit is null)
        {
            limiter.Fail(actor.Id);
            return PaperOutcome.Refused($"De antwoordcode {ResponseCode.Format(plain)} is onbekend in ronde {round.Round.Name}. "
                + "Kijk of de vragenlijst bij deze ronde hoort en of de code goed is overgetypt.");
        }

        if (!round.CanEnter)
        {
            return PaperOutcome.Refused(round.Round.State == RoundState.Draft
                ? $"Ronde {round.Round.Name} is nog niet geopend. Antwoorden invoeren kan pas als de ronde open is."
                : $"Ronde {round.Round.Name} is gesloten. Er kunnen geen antwoorden meer bij.", hit);
        }

        var existing = await db.Responses.AsNoTracking().Where(r => r.InvitationId == hit.InvitationId)
            .Select(r => new { r.CompletedAt, r.Mode }).SingleOrDefaultAsync(ct);
        return existing is null ? new PaperOutcome(null, hit, [], false) : PaperOutcome.Refused(AlreadyIn(hit, existing.CompletedAt, existing.Mode), hit);
    }

    /// <summary>
    /// Checks and stores the answers of one paper questionnaire as a complete response with mode papier, through the
    /// single writer of answers and their summary. Nothing is stored when the code is refused (see
    /// <see cref="FindAsync"/>) or an answer is not valid; a second entry for the same participant is refused.
    /// </summary>
    public async Task<PaperOutcome> EnterAsync(PaperRound round, string? typed, PaperInput input, CancellationToken ct = default)
    {
        var found = await FindAsync(round, typed, ct);
        if (found.CodeError is not null || found.Participant is not { } participant)
        {
            return found;
        }

        var errors = Validate(round.Survey, input);
        if (errors.Count > 0)
        {
            return found with { Errors = errors };
        }

        var answers = input.Answers.Where(a => !string.IsNullOrWhiteSpace(a.Value))
            .Select(a => (ItemId: a.Key, Value: ResponseService.ParseAnswer(a.Value!.Trim())!.Value))
            .ToList();
        var grade = ResponseService.ParseGrade(input.Grade);
        var comment = ResponseService.NormalizeComment(input.Comment);
        var stored = await StoreAsync(round.Round.Id, participant.InvitationId, answers, grade, string.IsNullOrEmpty(comment) ? null : comment, ct);
        if (!stored)
        {
            // Entered (or answered on the web, or the round closed) between the look-up and the write.
            return await FindAsync(round, typed, ct) is { CodeError: { } error } ? PaperOutcome.Refused(error, participant)
                : PaperOutcome.Refused("De antwoorden zijn niet opgeslagen. Probeer het opnieuw.", participant);
        }

        await audit.RecordAsync(AuditAction.AnswersImported, AuditObject.Round, round.Round.Name, round.Round.Name,
            $"papieren vragenlijst van deelnemer {participant.Ref} ingevoerd", ct);
        return new PaperOutcome(null, participant, [], true);
    }

    /// <summary>Checks every typed answer: statements 1-5 or 0 (weet niet) or empty, grade 1-10 or empty, the comment's length.</summary>
    public static IReadOnlyList<StepError> Validate(SurveyDefinition survey, PaperInput input)
    {
        var errors = new List<StepError>();
        var statements = survey.Statements.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var answered = 0;
        foreach (var (itemId, raw) in input.Answers)
        {
            if (!statements.TryGetValue(itemId, out var statement))
            {
                errors.Add(new StepError(null, "Er is een antwoord verstuurd op een vraag die niet in deze vragenlijst staat. Vul het formulier opnieuw in."));
            }
            else if (!string.IsNullOrWhiteSpace(raw))
            {
                answered++;
                if (ResponseService.ParseAnswer(raw.Trim()) is null)
                {
                    errors.Add(new StepError(itemId, $"Het antwoord bij \u2018{statement.Text}\u2019 ({itemId}) is '{raw.Trim()}'. "
                        + "Typ 1 tot en met 5, 0 voor weet niet, of laat het leeg als er niets is aangekruist."));
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(input.Grade))
        {
            answered++;
            if (ResponseService.ParseGrade(input.Grade) is null)
            {
                errors.Add(new StepError(SurveyDefinition.GradeItemId,
                    $"Het rapportcijfer is '{input.Grade.Trim()}'. Typ een cijfer van 1 tot en met 10, of laat het leeg als er geen cijfer is ingevuld."));
            }
        }

        var comment = ResponseService.NormalizeComment(input.Comment);
        if (comment is { Length: > Response.MaxCommentLength })
        {
            errors.Add(new StepError(SurveyDefinition.OpenItemId, string.Create(CultureInfo.GetCultureInfo("nl-NL"),
                $"De toelichting is te lang: {comment.Length:N0} tekens. Er passen maximaal {Response.MaxCommentLength:N0} tekens in.")));
        }

        if (answered == 0 && errors.Count == 0)
        {
            errors.Add(new StepError(null, "Er is geen enkel antwoord ingevuld: geen stelling en geen rapportcijfer. "
                + "Een vragenlijst zonder antwoorden voert u niet in."));
        }

        return errors;
    }

    /// <summary>
    /// Writes the response and its answers in one transaction; the Responses table is locked for it (as in the import),
    /// so the check that the round is open and the participant has no response cannot race another entry.
    /// </summary>
    private async Task<bool> StoreAsync(int roundId, long invitationId, List<(string ItemId, int Value)> answers, int? grade,
        string? comment, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await BulkWrite.RunAsync(db, async bulk =>
        {
            var id = await bulk.ReserveIdsAsync<Response>(ct);
            var free = await db.Rounds.AnyAsync(r => r.Id == roundId && r.State == RoundState.Open, ct)
                && !await db.Responses.AnyAsync(r => r.InvitationId == invitationId, ct);
            if (!free)
            {
                return false;
            }

            var responses = bulk.Inserter<Response>(1,
                nameof(Response.Id), nameof(Response.InvitationId), nameof(Response.RoundId), nameof(Response.StartedAt),
                nameof(Response.UpdatedAt), nameof(Response.CompletedAt), nameof(Response.Grade), nameof(Response.Comment),
                nameof(Response.Mode), nameof(Response.CurrentStep));
            var writer = AnswerWriter.For(bulk);
            responses.Add(id, invitationId, roundId, now, now, now, grade, comment, ResponseMode.Papier, 0);
            writer.Add(id, answers);
            await bulk.FlushAsync(ct);
            return true;
        }, ct);
    }

    private static string AlreadyIn(PaperParticipant participant, DateTime? completedAt, ResponseMode mode)
    {
        if (completedAt is null)
        {
            return $"Deelnemer {participant.Ref} is al begonnen met de vragenlijst via de link in de e-mail, maar heeft die nog niet verstuurd. "
                + "Voer de papieren vragenlijst niet in: één deelnemer heeft één antwoord.";
        }

        var when = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(completedAt.Value, DateTimeKind.Utc), _amsterdam);
        var how = mode switch { ResponseMode.Papier => "op papier", ResponseMode.Telefoon => "telefonisch", _ => "via het web" };
        return string.Create(CultureInfo.GetCultureInfo("nl-NL"),
            $"De antwoorden van deelnemer {participant.Ref} zijn al ingevoerd ({how}, {when:d MMMM yyyy HH:mm}). Een vragenlijst voert u maar één keer in.");
    }
}
