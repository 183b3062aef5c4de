namespace Klantmeting.Rounds;

/// <summary>A measurement round: one questionnaire sent to a sample during a fieldwork period.</summary>
public class Round
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Unique name used on the command line and in URLs, e.g. <c>T3 2009</c>.</summary>
    public required string Name { get; set; }

    /// <summary>Id of the questionnaire definition in <c>surveys/</c>, e.g. <c>werkzoekenden-2009</c>.</summary>
    public required string QuestionnaireId { get; set; }

    /// <summary>First fieldwork day (calendar date, Europe/Amsterdam).</summary>
    public DateOnly FieldworkStart { get; set; }

    /// <summary>Last fieldwork day (inclusive, calendar date, Europe/Amsterdam).</summary>
    public DateOnly FieldworkEnd { get; set; }

    /// <summary>Draft, open or closed.</summary>
    public RoundState State { get; set; }

    /// <summary>
    /// Days after the invitation was sent on which reminders go out, comma-separated ascending (<c>7,14</c>);
    /// empty for no reminders. See <see cref="ReminderSchedule"/>.
    /// </summary>
    public string ReminderDays { get; set; } = ReminderSchedule.Default;

    /// <summary>When the round was created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When the round opened (UTC); null while it is a draft.</summary>
    public DateTime? OpenedAt { get; set; }

    /// <summary>When the round closed (UTC); its results are frozen from then on.</summary>
    public DateTime? ClosedAt { get; set; }

    /// <summary>
    /// Set by <c>rounds schedule</c>: the calendar drives this round. A scheduled draft opens at 00:00 Dutch time on
    /// <see cref="FieldworkStart"/>; a scheduled round closes at the end (24:00 Dutch time) of <see cref="FieldworkEnd"/>.
    /// Null: the round is opened and closed by hand only, so an unfinished draft never goes live by accident.
    /// </summary>
    public DateTime? ScheduledAt { get; set; }

    /// <summary>Sending (invitations and reminders) is paused; the round stays open for answers.</summary>
    public bool SendingPaused { get; set; }

    /// <summary>When the work after closing (closing steps, frozen results) finished; null while it is still due.</summary>
    public DateTime? CloseCompletedAt { get; set; }

    /// <summary>When the contact data (e-mail addresses, link tokens) of this round were deleted (data retention).</summary>
    public DateTime? ContactDataDeletedAt { get; set; }

    /// <summary>How the round reaches its participants: web (default), telephone, paper, or mixed (web, then a call list).</summary>
    public RoundMode Mode { get; set; } = RoundMode.Web;

    /// <summary>
    /// Mixed rounds: days after a participant's last reminder (or invitation, without reminders) before a
    /// non-respondent moves to the call list.
    /// </summary>
    public int CallListAfterDays { get; set; } = RoundModeSettings.DefaultCallListAfterDays;

    /// <summary>Telephone and mixed rounds: call attempts before a participant counts as not reachable.</summary>
    public int MaxCallAttempts { get; set; } = RoundModeSettings.DefaultMaxCallAttempts;

    /// <summary>Telephone and mixed rounds: first minute of the calling hours (Dutch time).</summary>
    public TimeOnly CallingHoursStart { get; set; } = RoundModeSettings.DefaultCallingHoursStart;

    /// <summary>Telephone and mixed rounds: end of the calling hours (Dutch time, exclusive).</summary>
    public TimeOnly CallingHoursEnd { get; set; } = RoundModeSettings.DefaultCallingHoursEnd;

    /// <summary>Telephone and mixed rounds: calls are also made on Saturdays (never on Sundays).</summary>
    public bool CallOnSaturday { get; set; }

    /// <summary>Start of the first fieldwork day, 00:00 Dutch time, in UTC.</summary>
    public DateTime OpensAtUtc => RoundCalendar.StartOfDayUtc(FieldworkStart);

    /// <summary>End of the last fieldwork day (24:00 Dutch time = 00:00 of the next day), in UTC.</summary>
    public DateTime ClosesAtUtc => RoundCalendar.StartOfDayUtc(FieldworkEnd.AddDays(1));
}

/// <summary>How a round reaches its participants (stored as a number; the Dutch names are used in forms and files).</summary>
public enum RoundMode
{
    /// <summary>E-mailed invitations and reminders with a personal link (<c>web</c>).</summary>
    Web = 0,

    /// <summary>Interviewers call every participant (<c>telefoon</c>); nothing is e-mailed.</summary>
    Telefoon = 1,

    /// <summary>A printed questionnaire per participant, entered by hand (<c>papier</c>); nothing is e-mailed.</summary>
    Papier = 2,

    /// <summary>Web first; non-respondents move to the call list some days after the last reminder (<c>gemengd</c>).</summary>
    Gemengd = 3,
}

/// <summary>Life cycle of a round: draft -> open -> closed.</summary>
public enum RoundState
{
    /// <summary>Being prepared: participants can be imported, nothing is sent.</summary>
    Draft = 0,
    /// <summary>Fieldwork: invitations and reminders go out and answers are taken.</summary>
    Open = 1,
    /// <summary>Fieldwork over: no mail, no answers, results frozen.</summary>
    Closed = 2,
}
