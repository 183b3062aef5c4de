using Klantmeting.Audit;
using Klantmeting.Surveys;

namespace Klantmeting.Rounds;

/// <summary>Creates rounds and moves them through draft -> open -> closed; schedules and pauses them.</summary>
public sealed class RoundService(KlantmetingDbContext db, ISurveyCatalog surveys, TimeProvider clock,
    IEnumerable<IRoundClosingStep> closingSteps, AuditLog audit)
{
    /// <summary>Creates a draft round.</summary>
    /// <param name="reminders">Reminder days after the invitation (<c>7,14</c>, or <c>none</c>); null = the default 7,14.</param>
    /// <param name="name">Unique round name (see <see cref="RoundName"/>).</param>
    /// <param name="questionnaireId">Id of a loaded questionnaire.</param>
    /// <param name="from">First fieldwork day (Dutch calendar date).</param>
    /// <param name="to">Last fieldwork day, inclusive.</param>
    /// <param name="ct">Cancels the save.</param>
    /// <exception cref="RoundException">The name is taken or breaks <see cref="RoundName"/>, the questionnaire is unknown, or the dates or reminders are wrong.</exception>
    public Task<Round> CreateAsync(string name, string questionnaireId, DateOnly from, DateOnly to,
        string? reminders = null, CancellationToken ct = default) =>
        CreateAsync(name, questionnaireId, from, to, reminders, RoundModeSettings.Default, ct);

    /// <summary>Creates a draft round with a mode and its call settings.</summary>
    /// <param name="name">Unique round name (see <see cref="RoundName"/>).</param>
    /// <param name="questionnaireId">Id of a loaded questionnaire.</param>
    /// <param name="from">First fieldwork day (Dutch calendar date).</param>
    /// <param name="to">Last fieldwork day, inclusive.</param>
    /// <param name="reminders">As in the other overload.</param>
    /// <param name="mode">Web, telefoon, papier or gemengd, with the call settings.</param>
    /// <param name="ct">Cancels the save.</param>
    /// <exception cref="RoundException">As the other overload, and call settings out of range.</exception>
    public async Task<Round> CreateAsync(string name, string questionnaireId, DateOnly from, DateOnly to,
        string? reminders, RoundModeSettings mode, CancellationToken ct = default)
    {
        var reminderDays = CheckReminders(reminders);
        mode.Check();
        name = CheckName(name);
        CheckQuestionnaire(questionnaireId);
        CheckDates(from, to);
        if (await db.Rounds.AnyAsync(r => r.Name == name, ct))
        {
            throw new RoundException($"Er bestaat al een ronde met de naam '{name}'.", RoundFields.Name);
        }

        var round = new Round
        {
            Name = name,
            QuestionnaireId = questionnaireId,
            FieldworkStart = from,
            FieldworkEnd = to,
            State = RoundState.Draft,
            ReminderDays = reminderDays,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        Apply(round, mode);
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditAction.RoundCreated, AuditObject.Round, round.Name, round.Name,
            $"vragenlijst {round.QuestionnaireId}, veldwerk {from:yyyy-MM-dd} t/m {to:yyyy-MM-dd}, herinneringen {ReminderSchedule.Describe(round.ReminderDays)}" +
            (mode.Mode == RoundMode.Web ? "" : $", {mode.Describe()}"), ct);
        return round;
    }

    /// <summary>
    /// Changes a round's questionnaire, dates and reminders. A draft may change everything; an open round keeps its
    /// questionnaire and its first day (fieldwork already began); a closed round changes no more.
    /// </summary>
    /// <param name="name">The round to change (its name stays).</param>
    /// <param name="questionnaireId">The questionnaire version.</param>
    /// <param name="from">First fieldwork day (Dutch calendar date).</param>
    /// <param name="to">Last fieldwork day.</param>
    /// <param name="reminders">As in <see cref="CreateAsync(string, string, DateOnly, DateOnly, string?, CancellationToken)"/>; null keeps the current reminder days.</param>
    /// <param name="ct">Cancels the change before it is saved.</param>
    /// <exception cref="RoundException">Unknown or closed round, a new questionnaire for an open round, or wrong values.</exception>
    public async Task<Round> UpdateAsync(string name, string questionnaireId, DateOnly from, DateOnly to, string? reminders = null,
        CancellationToken ct = default)
    {
        var round = await db.Rounds.SingleOrDefaultAsync(r => r.Name == name, ct)
            ?? throw new RoundException($"Er is geen ronde met de naam '{name}'.");
        if (round.State == RoundState.Closed)
        {
            throw new RoundException($"Ronde '{name}' is gesloten en kan niet meer gewijzigd worden.");
        }

        var reminderDays = reminders is null ? round.ReminderDays : CheckReminders(reminders);
        CheckQuestionnaire(questionnaireId);
        if (round.State == RoundState.Open && questionnaireId != round.QuestionnaireId)
        {
            throw new RoundException($"Ronde '{name}' is open: de vragenlijst kan niet meer veranderen, want deelnemers hebben hem al gekregen.", RoundFields.Questionnaire);
        }

        if (round.State == RoundState.Open && from != round.FieldworkStart)
        {
            throw new RoundException($"Ronde '{name}' is open: de begindatum kan niet meer veranderen.", RoundFields.From);
        }

        CheckDates(from, to);
        var changes = new List<string>();
        if (round.QuestionnaireId != questionnaireId)
        {
            changes.Add($"vragenlijst {round.QuestionnaireId} -> {questionnaireId}");
        }

        if (round.FieldworkStart != from || round.FieldworkEnd != to)
        {
            changes.Add($"veldwerk {round.FieldworkStart:yyyy-MM-dd} t/m {round.FieldworkEnd:yyyy-MM-dd} -> {from:yyyy-MM-dd} t/m {to:yyyy-MM-dd}");
        }

        if (round.ReminderDays != reminderDays)
        {
            changes.Add($"herinneringen {ReminderSchedule.Describe(round.ReminderDays)} -> {ReminderSchedule.Describe(reminderDays)}");
        }

        // The state is part of the WHERE: a round opened meanwhile by another process keeps its questionnaire.
        var changed = await db.Rounds.Where(r => r.Id == round.Id && (r.State == RoundState.Draft
                || (r.State == RoundState.Open && r.QuestionnaireId == questionnaireId && r.FieldworkStart == from)))
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.QuestionnaireId, questionnaireId)
                .SetProperty(r => r.FieldworkStart, from)
                .SetProperty(r => r.FieldworkEnd, to)
                .SetProperty(r => r.ReminderDays, reminderDays), ct);
        await db.Entry(round).ReloadAsync(ct);
        if (changed == 0)
        {
            throw new RoundException($"Ronde '{name}' is intussen {Describe(round.State)}; er is niets gewijzigd. Probeer het opnieuw.");
        }

        if (changes.Count > 0)
        {
            await audit.RecordAsync(AuditAction.RoundEdited, AuditObject.Round, round.Name, round.Name, string.Join("; ", changes), ct);
        }

        return round;
    }

    /// <summary>
    /// Changes a round's mode and call settings. The mode itself may change only in a draft (the sample and the
    /// invitations depend on it); the call settings may change while the round is open.
    /// </summary>
    /// <param name="name">The round.</param>
    /// <param name="mode">The new mode and settings.</param>
    /// <param name="ct">Cancels the change before it is saved.</param>
    /// <exception cref="RoundException">Unknown or closed round, a new mode for an open round, or values out of range.</exception>
    public async Task<Round> SetModeAsync(string name, RoundModeSettings mode, CancellationToken ct = default)
    {
        mode.Check();
        var round = await db.Rounds.SingleOrDefaultAsync(r => r.Name == name, ct)
            ?? throw new RoundException($"Er is geen ronde met de naam '{name}'.");
        var before = RoundModeSettings.Of(round);
        if (before == mode with { CallingHoursStart = mode.Start, CallingHoursEnd = mode.End })
        {
            return round;
        }

        if (round.State == RoundState.Closed)
        {
            throw new RoundException($"Ronde '{name}' is gesloten en kan niet meer gewijzigd worden.");
        }

        if (round.State == RoundState.Open && mode.Mode != round.Mode)
        {
            throw new RoundException($"Ronde '{name}' is open: de manier van benaderen kan niet meer veranderen.", RoundFields.Mode);
        }

        // The sample file was checked for the old mode (e-mail or phone required): it must be imported again.
        if (mode.Mode != round.Mode && await db.Participants.AnyAsync(p => p.RoundId == round.Id, ct))
        {
            throw new RoundException($"Ronde '{name}' heeft al deelnemers: verwijder eerst de steekproef en kies dan een andere manier van benaderen.", RoundFields.Mode);
        }

        // The state is part of the WHERE: a round opened meanwhile keeps its mode.
        var changed = await db.Rounds.Where(r => r.Id == round.Id && (r.State == RoundState.Draft || (r.State == RoundState.Open && r.Mode == mode.Mode)))
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Mode, mode.Mode)
                .SetProperty(r => r.CallListAfterDays, mode.CallListAfterDays)
                .SetProperty(r => r.MaxCallAttempts, mode.MaxCallAttempts)
                .SetProperty(r => r.CallingHoursStart, mode.Start)
                .SetProperty(r => r.CallingHoursEnd, mode.End)
                .SetProperty(r => r.CallOnSaturday, mode.CallOnSaturday), ct);
        await db.Entry(round).ReloadAsync(ct);
        if (changed == 0)
        {
            throw new RoundException($"Ronde '{name}' is intussen {Describe(round.State)}; er is niets gewijzigd. Probeer het opnieuw.");
        }

        await audit.RecordAsync(AuditAction.RoundEdited, AuditObject.Round, round.Name, round.Name, $"benadering {before.Describe()} -> {mode.Describe()}", ct);
        return round;
    }

    private static void Apply(Round round, RoundModeSettings mode)
    {
        round.Mode = mode.Mode;
        round.CallListAfterDays = mode.CallListAfterDays;
        round.MaxCallAttempts = mode.MaxCallAttempts;
        round.CallingHoursStart = mode.Start;
        round.CallingHoursEnd = mode.End;
        round.CallOnSaturday = mode.CallOnSaturday;
    }

    /// <summary>Deletes a draft round with its participants (e-mail addresses included). Rounds with answers stay.</summary>
    /// <exception cref="RoundException">Unknown round, a round that is not a draft, or a draft that already has answers.</exception>
    public async Task DeleteAsync(string name, CancellationToken ct = default)
    {
        var round = await GetAsync(name, ct);
        if (round.State != RoundState.Draft)
        {
            throw new RoundException($"Ronde '{name}' is {Describe(round.State)} en kan niet verwijderd worden; alleen een ronde in voorbereiding kan dat.");
        }

        if (await db.Responses.AnyAsync(r => r.RoundId == round.Id, ct))
        {
            throw new RoundException($"Ronde '{name}' heeft al antwoorden en kan daarom niet verwijderd worden.");
        }

        var participants = await db.Participants.CountAsync(p => p.RoundId == round.Id, ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Contacts, attributes and invitations go with their participant (cascade); the state check makes a
            // round opened meanwhile stay.
            await db.Participants.Where(p => p.RoundId == round.Id && db.Rounds.Any(r => r.Id == round.Id && r.State == RoundState.Draft))
                .ExecuteDeleteAsync(ct);
            var deleted = await db.Rounds.Where(r => r.Id == round.Id && r.State == RoundState.Draft).ExecuteDeleteAsync(ct);
            if (deleted == 0)
            {
                throw new RoundException($"Ronde '{name}' is intussen geopend en is niet verwijderd.");
            }

            await tx.CommitAsync(ct);
        }

        db.Entry(round).State = EntityState.Detached;
        await audit.RecordAsync(AuditAction.RoundDeleted, AuditObject.Round, name, name,
            $"{participants.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"))} deelnemers verwijderd", ct);
    }

    /// <summary>Finds a round by name.</summary>
    /// <exception cref="RoundException">No round has this name.</exception>
    public async Task<Round> GetAsync(string name, CancellationToken ct = default) =>
        await db.Rounds.SingleOrDefaultAsync(r => r.Name == name, ct)
        ?? throw new RoundException($"Er is geen ronde met de naam '{name}'.");

    /// <summary>Opens a draft round: its pending invitations are sent from now on.</summary>
    /// <exception cref="RoundException">The round does not exist or is not a draft.</exception>
    public async Task<Round> OpenAsync(string name, CancellationToken ct = default)
    {
        var round = await TransitionAsync(name, RoundState.Draft, RoundState.Open, ct);
        await audit.RecordAsync(AuditAction.RoundOpened, AuditObject.Round, round.Name, round.Name, ct: ct);
        return round;
    }

    /// <summary>
    /// Closes an open round: no more invitations, reminders or answers. Then runs the closing steps (final
    /// dispositions, frozen results).
    /// </summary>
    /// <remarks>
    /// A draft that already has (imported) answers may be closed too: that is how a past round, run on paper or by
    /// phone, is recorded. A draft without answers is refused with a message that says so.
    /// </remarks>
    /// <exception cref="RoundException">The round does not exist, is closed, or is a draft without answers; or a closing
    /// step failed (the round is closed then; the scheduler job finishes the closing steps later).</exception>
    public async Task<Round> CloseAsync(string name, CancellationToken ct = default)
    {
        var current = await GetAsync(name, ct);
        var from = RoundState.Open;
        if (current.State == RoundState.Draft)
        {
            if (!await db.Responses.AnyAsync(r => r.RoundId == current.Id, ct))
            {
                throw new RoundException(DraftCloseHint(name));
            }

            from = RoundState.Draft;
        }

        var round = await TransitionAsync(name, from, RoundState.Closed, ct);
        await audit.RecordAsync(AuditAction.RoundClosed, AuditObject.Round, round.Name, round.Name,
            from == RoundState.Draft ? "ronde van vroeger vastgelegd (gesloten zonder te openen)" : null, ct);
        await CompleteClosingAsync(round.Id, ct);
        await db.Entry(round).ReloadAsync(ct);
        return round;
    }

    /// <summary>
    /// Lets the calendar drive the round: a draft opens by itself at 00:00 Dutch time on its first day, and the round
    /// closes by itself at the end of its last day. A draft needs participants first, so an unfinished round never
    /// goes live by accident. Scheduling twice changes nothing.
    /// </summary>
    /// <exception cref="RoundException">Unknown or closed round, a draft without participants, or a fieldwork period
    /// that has already ended.</exception>
    public async Task<Round> ScheduleAsync(string name, CancellationToken ct = default)
    {
        var round = await GetAsync(name, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (round.State == RoundState.Closed)
        {
            throw new RoundException($"Ronde '{name}' is gesloten en kan niet meer ingepland worden.");
        }

        if (round.ClosesAtUtc <= now)
        {
            throw new RoundException($"De laatste veldwerkdag van ronde '{name}' ({round.FieldworkEnd:yyyy-MM-dd}) is al voorbij. " +
                "Inplannen kan niet; sluit de ronde met 'klantmeting rounds close'.");
        }

        if (round.State == RoundState.Draft && !await db.Participants.AnyAsync(p => p.RoundId == round.Id, ct))
        {
            throw new RoundException($"Ronde '{name}' heeft nog geen deelnemers. Importeer eerst de steekproef met " +
                "'klantmeting participants import' en plan de ronde daarna in.");
        }

        var scheduled = await db.Rounds.Where(r => r.Id == round.Id && r.ScheduledAt == null && r.State != RoundState.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ScheduledAt, now), ct);
        await db.Entry(round).ReloadAsync(ct);
        if (scheduled == 1)
        {
            await audit.RecordAsync(AuditAction.RoundScheduled, AuditObject.Round, round.Name, round.Name,
                $"opent {round.FieldworkStart:yyyy-MM-dd}, sluit na {round.FieldworkEnd:yyyy-MM-dd}", ct);
        }

        return round;
    }

    /// <summary>Takes a round off the calendar: from now on it opens and closes by hand only.</summary>
    /// <exception cref="RoundException">Unknown round.</exception>
    public async Task<Round> UnscheduleAsync(string name, CancellationToken ct = default)
    {
        var round = await GetAsync(name, ct);
        var unscheduled = await db.Rounds.Where(r => r.Id == round.Id && r.ScheduledAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ScheduledAt, (DateTime?)null), ct);
        await db.Entry(round).ReloadAsync(ct);
        if (unscheduled == 1)
        {
            await audit.RecordAsync(AuditAction.RoundUnscheduled, AuditObject.Round, round.Name, round.Name, ct: ct);
        }

        return round;
    }

    /// <summary>
    /// Pauses (<paramref name="paused"/> true) or resumes the sending of a round's invitations and reminders. A paused
    /// round stays open for answers. Pausing a paused round changes nothing.
    /// </summary>
    /// <exception cref="RoundException">Unknown or closed round.</exception>
    public async Task<Round> SetSendingPausedAsync(string name, bool paused, CancellationToken ct = default)
    {
        var round = await GetAsync(name, ct);
        var wasPaused = round.SendingPaused;
        var changed = await db.Rounds.Where(r => r.Id == round.Id && r.State != RoundState.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SendingPaused, paused), ct);
        if (changed == 0)
        {
            throw new RoundException($"Ronde '{name}' is gesloten; er wordt niets meer verstuurd, dus pauzeren of hervatten kan niet.");
        }

        await db.Entry(round).ReloadAsync(ct);
        if (wasPaused != paused)
        {
            await audit.RecordAsync(paused ? AuditAction.RoundPaused : AuditAction.RoundResumed, AuditObject.Round, round.Name, round.Name, ct: ct);
        }

        return round;
    }

    /// <summary>
    /// The atomic state change behind every transition: true when this call made it, false when the round was not in
    /// <paramref name="from"/> (another process was first, or it changed meanwhile).
    /// </summary>
    public async Task<bool> TryTransitionAsync(int roundId, RoundState from, RoundState to, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Atomic state change: a concurrent open/close in another process cannot both succeed.
        var changed = await db.Rounds
            .Where(r => r.Id == roundId && r.State == from)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, to)
                .SetProperty(r => r.OpenedAt, r => to == RoundState.Open ? now : r.OpenedAt)
                .SetProperty(r => r.ClosedAt, r => to == RoundState.Closed ? now : r.ClosedAt), ct);
        return changed == 1;
    }

    /// <summary>
    /// Runs every <see cref="IRoundClosingStep"/> of a closed round in order and then marks the closing complete.
    /// Safe to run again and on two workers at once (the steps are idempotent).
    /// </summary>
    public async Task CompleteClosingAsync(int roundId, CancellationToken ct = default)
    {
        foreach (var step in closingSteps.OrderBy(s => s.Order))
        {
            await step.RunAsync(roundId, ct);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.Rounds.Where(r => r.Id == roundId && r.State == RoundState.Closed && r.CloseCompletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CloseCompletedAt, now), ct);
    }

    private async Task<Round> TransitionAsync(string name, RoundState from, RoundState to, CancellationToken ct)
    {
        var round = await GetAsync(name, ct);
        if (!await TryTransitionAsync(round.Id, from, to, ct))
        {
            throw new RoundException($"Ronde '{name}' is {Describe(round.State)} en kan niet {(to == RoundState.Open ? "geopend" : "gesloten")} worden.");
        }

        await db.Entry(round).ReloadAsync(ct);
        return round;
    }

    /// <summary>Why a draft cannot be closed, and how to record a past round instead.</summary>
    public static string DraftCloseHint(string name) =>
        $"Ronde '{name}' is in voorbereiding en heeft nog geen antwoorden, dus sluiten kan nog niet. " +
        "Wil je een ronde van vroeger vastleggen? Importeer dan eerst de steekproef en de antwoorden " +
        "('klantmeting participants import' en 'klantmeting responses import', of de pagina's Deelnemers en Antwoorden) " +
        "en sluit de ronde daarna. Een ronde die nu moet lopen open je eerst.";

    private static string CheckReminders(string? reminders) =>
        reminders is null ? ReminderSchedule.Default : ReminderSchedule.Parse(reminders, out var reminderError)
            ?? throw new RoundException(reminderError!, RoundFields.Reminders);

    private static string CheckName(string name) =>
        RoundName.Check(name) is { } nameError ? throw new RoundException(nameError, RoundFields.Name) : name;

    private void CheckQuestionnaire(string questionnaireId)
    {
        if (surveys.Find(questionnaireId) is null)
        {
            throw new RoundException($"Onbekende vragenlijst '{questionnaireId}'. Kies uit: " +
                string.Join(", ", surveys.All.Select(s => s.Id).Order(StringComparer.Ordinal)) + ".", RoundFields.Questionnaire);
        }
    }

    private static void CheckDates(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new RoundException($"De einddatum ({to:yyyy-MM-dd}) ligt voor de begindatum ({from:yyyy-MM-dd}).", RoundFields.To);
        }
    }

    /// <summary>Dutch word for a state, for messages.</summary>
    public static string Describe(RoundState state) => state switch
    {
        RoundState.Draft => "in voorbereiding",
        RoundState.Open => "open",
        RoundState.Closed => "gesloten",
        _ => state.ToString(),
    };
}

/// <summary>A round operation that cannot be done; the message (Dutch) says what to fix.</summary>
/// <param name="message">What is wrong and what to do, in Dutch.</param>
/// <param name="field">The input the message is about (<see cref="RoundFields"/>), so a form can show it next to that field.</param>
public sealed class RoundException(string message, string? field = null) : Exception(message)
{
    /// <summary>The input the message is about, or null for the whole form.</summary>
    public string? Field { get; } = field;
}

/// <summary>Input names of <see cref="RoundException.Field"/>.</summary>
public static class RoundFields
{
    /// <summary>The round name.</summary>
    public const string Name = "name";

    /// <summary>The questionnaire version.</summary>
    public const string Questionnaire = "questionnaire";

    /// <summary>The first fieldwork day.</summary>
    public const string From = "from";

    /// <summary>The last fieldwork day.</summary>
    public const string To = "to";

    /// <summary>The reminder days.</summary>
    public const string Reminders = "reminders";

    /// <summary>The mode (web, telefoon, papier, gemengd).</summary>
    public const string Mode = "mode";

    /// <summary>Days after the last reminder before the call list.</summary>
    public const string CallListAfterDays = "call-list-after-days";

    /// <summary>The maximum number of call attempts.</summary>
    public const string MaxCallAttempts = "max-call-attempts";

    /// <summary>The calling hours.</summary>
    public const string CallingHours = "calling-hours";
}
