using Klantmeting.Infrastructure.Data;
using Klantmeting.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Rounds;

/// <summary>Creates rounds and moves them through draft -> open -> closed; schedules and pauses them.</summary>
public sealed class RoundService(KlantmetingDbContext db, ISurveyCatalog surveys, TimeProvider clock,
    IEnumerable<IRoundClosingStep> closingSteps)
{
    /// <summary>Creates a draft round.</summary>
    /// <param name="reminders">Reminder days after the invitation (<c>7,14</c>, or <c>none</c>); null = the default 7,14.</param>
    /// <param name="name">Unique round name (see <see cref="RoundName"/>).</param>
    /// <param name="questionnaireId">Id of a loaded questionnaire.</param>
    /// <param name="from">First fieldwork day (Dutch calendar date).</param>
    /// <param name="to">Last fieldwork day, inclusive.</param>
    /// <param name="ct">Cancels the save.</param>
    /// <exception cref="RoundException">The name is taken or breaks <see cref="RoundName"/>, the questionnaire is unknown, or the dates or reminders are wrong.</exception>
    public async Task<Round> CreateAsync(string name, string questionnaireId, DateOnly from, DateOnly to,
        string? reminders = null, CancellationToken ct = default)
    {
        var reminderDays = reminders is null ? ReminderSchedule.Default : ReminderSchedule.Parse(reminders, out var reminderError)
            ?? throw new RoundException(reminderError!);

        if (RoundName.Check(name) is { } nameError)
        {
            throw new RoundException(nameError);
        }

        if (surveys.Find(questionnaireId) is null)
        {
            throw new RoundException($"Onbekende vragenlijst '{questionnaireId}'. Kies uit: " +
                string.Join(", ", surveys.All.Select(s => s.Id).Order(StringComparer.Ordinal)) + ".");
        }

        if (to < from)
        {
            throw new RoundException($"De einddatum ({to:yyyy-MM-dd}) ligt voor de begindatum ({from:yyyy-MM-dd}).");
        }

        if (await db.Rounds.AnyAsync(r => r.Name == name, ct))
        {
            throw new RoundException($"Er bestaat al een ronde met de naam '{name}'.");
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
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);
        return round;
    }

    /// <summary>Finds a round by name.</summary>
    /// <exception cref="RoundException">No round has this name.</exception>
    public async Task<Round> GetAsync(string name, CancellationToken ct = default) =>
        await db.Rounds.SingleOrDefaultAsync(r => r.Name == name, ct)
        ?? throw new RoundException($"Er is geen ronde met de naam '{name}'.");

    /// <summary>Opens a draft round: its pending invitations are sent from now on.</summary>
    /// <exception cref="RoundException">The round does not exist or is not a draft.</exception>
    public Task<Round> OpenAsync(string name, CancellationToken ct = default) =>
        TransitionAsync(name, RoundState.Draft, RoundState.Open, ct);

    /// <summary>
    /// Closes an open round: no more invitations, reminders or answers. Then runs the closing steps (final
    /// dispositions, frozen results).
    /// </summary>
    /// <exception cref="RoundException">The round does not exist or is not open, or a closing step failed (the round is
    /// closed then; the scheduler job finishes the closing steps later).</exception>
    public async Task<Round> CloseAsync(string name, CancellationToken ct = default)
    {
        var round = await TransitionAsync(name, RoundState.Open, RoundState.Closed, ct);
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

        await db.Rounds.Where(r => r.Id == round.Id && r.ScheduledAt == null && r.State != RoundState.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ScheduledAt, now), ct);
        await db.Entry(round).ReloadAsync(ct);
        return round;
    }

    /// <summary>Takes a round off the calendar: from now on it opens and closes by hand only.</summary>
    /// <exception cref="RoundException">Unknown round.</exception>
    public async Task<Round> UnscheduleAsync(string name, CancellationToken ct = default)
    {
        var round = await GetAsync(name, ct);
        await db.Rounds.Where(r => r.Id == round.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ScheduledAt, (DateTime?)null), ct);
        await db.Entry(round).ReloadAsync(ct);
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
        var changed = await db.Rounds.Where(r => r.Id == round.Id && r.State != RoundState.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SendingPaused, paused), ct);
        if (changed == 0)
        {
            throw new RoundException($"Ronde '{name}' is gesloten; er wordt niets meer verstuurd, dus pauzeren of hervatten kan niet.");
        }

        await db.Entry(round).ReloadAsync(ct);
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
public sealed class RoundException(string message) : Exception(message);
