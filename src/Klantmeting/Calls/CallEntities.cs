namespace Klantmeting.Calls;

/// <summary>Binds an interviewer to a round whose call list the interviewer may work. Interviewers never see results.</summary>
public class RoundInterviewer
{
    /// <summary>The round.</summary>
    public int RoundId { get; set; }

    /// <summary>The interviewer's user id.</summary>
    public required string UserId { get; set; }
}

/// <summary>
/// One participant on the call list of a telephone or mixed round. At most one interviewer holds it at a time: a
/// claim (claim id, interviewer, time) set by one guarded UPDATE, with a lease like invitation dispatch.
/// </summary>
public class CallCase
{
    /// <summary>Database key.</summary>
    public long Id { get; set; }

    /// <summary>The round.</summary>
    public int RoundId { get; set; }

    /// <summary>The participant (one case per participant).</summary>
    public long ParticipantId { get; set; }

    /// <summary>Waiting, held by an interviewer, or done.</summary>
    public CallCaseState State { get; set; }

    /// <summary>The claim that holds the case; guards every change by the interviewer.</summary>
    public Guid? ClaimId { get; set; }

    /// <summary>The interviewer holding the case (user id).</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>When the case was claimed or the claim renewed (UTC); an older claim than the lease may be taken over.</summary>
    public DateTime? ClaimedAt { get; set; }

    /// <summary>Earliest time of the next call (UTC): a callback time, or after the last attempt.</summary>
    public DateTime NextCallAt { get; set; }

    /// <summary>An appointment: the interviewer who made it gets the case first at <see cref="NextCallAt"/>.</summary>
    public string? PreferredInterviewerId { get; set; }

    /// <summary>Call attempts so far (an interview counts as one).</summary>
    public int Attempts { get; set; }

    /// <summary>The outcome that closed the case (or the last one while it is waiting).</summary>
    public CallOutcome? LastOutcome { get; set; }

    /// <summary>When the case was put on the list (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When the case was closed (UTC).</summary>
    public DateTime? DoneAt { get; set; }
}

/// <summary>Where a call case is.</summary>
public enum CallCaseState
{
    /// <summary>Waiting for a call (maybe not before <see cref="CallCase.NextCallAt"/>).</summary>
    Waiting = 0,

    /// <summary>Held by an interviewer now.</summary>
    Claimed = 1,

    /// <summary>Closed: interview, refusal, wrong number, language problem, or not reachable.</summary>
    Done = 2,
}

/// <summary>One call of an interviewer to a participant, with its outcome.</summary>
public class CallAttempt
{
    /// <summary>Database key.</summary>
    public long Id { get; set; }

    /// <summary>The case called.</summary>
    public long CallCaseId { get; set; }

    /// <summary>Round of the case, for per-round summaries.</summary>
    public int RoundId { get; set; }

    /// <summary>The interviewer (user id); shown only on the administrators' summary, never in results.</summary>
    public required string InterviewerId { get; set; }

    /// <summary>When the interviewer took the case (UTC).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>When the outcome was recorded (UTC).</summary>
    public DateTime EndedAt { get; set; }

    /// <summary>What came of the call.</summary>
    public CallOutcome Outcome { get; set; }

    /// <summary>Morning, afternoon or evening (Dutch time) of the call.</summary>
    public DayPart DayPart { get; set; }

    /// <summary>For an appointment: the agreed time of the callback (UTC).</summary>
    public DateTime? CallbackAt { get; set; }
}

/// <summary>The outcome of one call (stored as a number; the Dutch names are shown).</summary>
public enum CallOutcome
{
    /// <summary>No answer (AAPOR 2.20 non-contact: see <see cref="CallDispositions"/>).</summary>
    GeenGehoor = 1,

    /// <summary>Busy (AAPOR 2.20 non-contact).</summary>
    InGesprek = 2,

    /// <summary>Answering machine (AAPOR 2.22 non-contact: it is the person's number).</summary>
    Voicemail = 3,

    /// <summary>Appointment for a callback (AAPOR 2.21 while it stays one).</summary>
    Afspraak = 4,

    /// <summary>Refusal (AAPOR 2.11).</summary>
    Weigering = 5,

    /// <summary>Wrong or disconnected number (AAPOR 4.31, not eligible).</summary>
    VerkeerdNummer = 6,

    /// <summary>Language problem (AAPOR 2.33).</summary>
    Taalprobleem = 7,

    /// <summary>Not reachable after the maximum attempts (set by the system; AAPOR 2.20).</summary>
    NietBereikbaar = 8,

    /// <summary>Interview held (complete or partial by its answers).</summary>
    Interview = 9,
}

/// <summary>Part of the Dutch day of a call; attempts are spread over them before "niet bereikbaar".</summary>
public enum DayPart
{
    /// <summary>Before 12:00.</summary>
    Ochtend = 0,

    /// <summary>12:00-17:59.</summary>
    Middag = 1,

    /// <summary>From 18:00.</summary>
    Avond = 2,
}
