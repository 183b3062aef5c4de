namespace Klantmeting.Rounds;

/// <summary>A measurement round: one questionnaire sent to a sample during a fieldwork period.</summary>
public class Round
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Id of the questionnaire definition in <c>surveys/</c>, e.g. <c>werkzoekenden-2009</c>.</summary>
    public required string QuestionnaireId { get; set; }

    /// <summary>First fieldwork day (calendar date, Europe/Amsterdam).</summary>
    public DateOnly FieldworkStart { get; set; }

    /// <summary>Last fieldwork day (inclusive, calendar date, Europe/Amsterdam).</summary>
    public DateOnly FieldworkEnd { get; set; }

    public RoundState State { get; set; }

    /// <summary>
    /// Days after the invitation was sent on which reminders go out, comma-separated ascending (<c>7,14</c>);
    /// empty for no reminders. See <see cref="ReminderSchedule"/>.
    /// </summary>
    public string ReminderDays { get; set; } = ReminderSchedule.Default;

    public DateTime CreatedAt { get; set; }

    public DateTime? OpenedAt { get; set; }

    public DateTime? ClosedAt { get; set; }
}

/// <summary>Life cycle of a round: draft -> open -> closed.</summary>
public enum RoundState
{
    Draft = 0,
    Open = 1,
    Closed = 2,
}
