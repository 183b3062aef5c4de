namespace Klantmeting.Invitations;

/// <summary>
/// The e-mailed invitation of one participant. The database row is the source of truth for its state;
/// the job queue only triggers work.
/// </summary>
public class Invitation
{
    /// <summary>Database key; also the number in the VERP return path.</summary>
    public long Id { get; set; }

    /// <summary>The participant this invitation is for.</summary>
    public long ParticipantId { get; set; }

    /// <summary>Round of the participant, kept on the row for per-round queries.</summary>
    public int RoundId { get; set; }

    /// <summary>Where the invitation mail is in its delivery.</summary>
    public InvitationState State { get; set; }

    /// <summary>
    /// Hashes of every link token ever mailed for this invitation (answer and opt-out links of the invitation and
    /// of each reminder); every one keeps working. The tokens themselves are never stored.
    /// </summary>
    public List<IssuedToken> Tokens { get; set; } = [];

    /// <summary>Identifies the worker batch that claimed this row; guards the claimed -> sent transition.</summary>
    public Guid? ClaimId { get; set; }

    /// <summary>When the invitation was claimed (UTC); a claim older than the lease may be taken over.</summary>
    public DateTime? ClaimedAt { get; set; }

    /// <summary>Send attempts of the invitation so far; after the maximum it is Failed.</summary>
    public int Attempts { get; set; }

    /// <summary>Earliest time of the next send attempt (UTC).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>When the invitation mail was accepted by the mail server (UTC).</summary>
    public DateTime? SentAt { get; set; }

    /// <summary>Last delivery error; may quote an address, so data retention deletes it.</summary>
    public string? LastError { get; set; }

    /// <summary>When a hard bounce (or the finalizing of soft bounces at close) made this invitation Bounced.</summary>
    public DateTime? BouncedAt { get; set; }

    /// <summary>Reports of a temporary failure (4.x.x) or delay received for this invitation.</summary>
    public int SoftBounceCount { get; set; }

    /// <summary>When the last such report was handled; sent again after it means it may have arrived.</summary>
    public DateTime? SoftBouncedAt { get; set; }

    /// <summary>Reminders sent so far; reminder N (1-based) is sent at most once.</summary>
    public int RemindersSent { get; set; }

    /// <summary>When the next reminder is due (UTC); null when no reminder is planned (none left, or given up).</summary>
    public DateTime? NextReminderAt { get; set; }

    /// <summary>The worker batch that claimed the next reminder; guards its claimed -> sent transition.</summary>
    public Guid? ReminderClaimId { get; set; }

    /// <summary>When the next reminder was claimed (UTC); an old claim may be taken over.</summary>
    public DateTime? ReminderClaimedAt { get; set; }

    /// <summary>Send attempts of the next reminder (reset after it went out).</summary>
    public int ReminderAttempts { get; set; }

    /// <summary>When the last reminder went out (UTC).</summary>
    public DateTime? LastReminderAt { get; set; }

    /// <summary>When the person opted out through the link or the one-click header (UTC).</summary>
    public DateTime? OptedOutAt { get; set; }
}

/// <summary>Delivery state of an invitation.</summary>
public enum InvitationState
{
    /// <summary>Waiting to be sent.</summary>
    Pending = 0,
    /// <summary>Taken by a worker batch that is sending it now.</summary>
    Claimed = 1,
    /// <summary>Accepted by the mail server; reminders may follow.</summary>
    Sent = 2,

    /// <summary>Could not be sent (gave up after the maximum attempts, or refused for good).</summary>
    Failed = 3,

    /// <summary>The person opted out (AAPOR 2.111); never mailed again in this round.</summary>
    OptedOut = 4,

    /// <summary>Hard bounce (AAPOR 3.30); never mailed again.</summary>
    Bounced = 5,
}
