using Klantmeting.Infrastructure.Data;
using Klantmeting.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Rounds;

/// <summary>Creates rounds and moves them through draft -> open -> closed.</summary>
public sealed class RoundService(KlantmetingDbContext db, ISurveyCatalog surveys, TimeProvider clock)
{
    /// <summary>Creates a draft round.</summary>
    /// <param name="reminders">Reminder days after the invitation (<c>7,14</c>, or <c>none</c>); null = the default 7,14.</param>
    /// <exception cref="RoundException">The name is taken or empty, the questionnaire is unknown, or the dates or reminders are wrong.</exception>
    public async Task<Round> CreateAsync(string name, string questionnaireId, DateOnly from, DateOnly to,
        string? reminders = null, CancellationToken ct = default)
    {
        var reminderDays = reminders is null ? ReminderSchedule.Default : ReminderSchedule.Parse(reminders, out var reminderError)
            ?? throw new RoundException(reminderError!);

        name = name.Trim();
        if (name.Length is 0 or > 100)
        {
            throw new RoundException("De naam van een ronde moet 1 tot 100 tekens lang zijn.");
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

    /// <summary>Closes an open round: no more invitations or answers.</summary>
    /// <exception cref="RoundException">The round does not exist or is not open.</exception>
    public Task<Round> CloseAsync(string name, CancellationToken ct = default) =>
        TransitionAsync(name, RoundState.Open, RoundState.Closed, ct);

    private async Task<Round> TransitionAsync(string name, RoundState from, RoundState to, CancellationToken ct)
    {
        var round = await GetAsync(name, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // Atomic state change: a concurrent open/close in another process cannot both succeed.
        var changed = await db.Rounds
            .Where(r => r.Id == round.Id && r.State == from)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, to)
                .SetProperty(r => r.OpenedAt, r => to == RoundState.Open ? now : r.OpenedAt)
                .SetProperty(r => r.ClosedAt, r => to == RoundState.Closed ? now : r.ClosedAt), ct);
        if (changed == 0)
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
