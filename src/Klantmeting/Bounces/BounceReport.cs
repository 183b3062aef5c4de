namespace Klantmeting.Bounces;

/// <summary>
/// One delivery status report read from the bounce mailbox. The unique <see cref="MessageKey"/> makes handling
/// idempotent: a report seen again (a second worker, a crash before the move) changes nothing. Holds no contact
/// data: no recipient address and no diagnostic text (which often quotes the address).
/// </summary>
public class BounceReport
{
    /// <summary>Longest <see cref="MessageKey"/> stored; a longer Message-Id is stored as its hash.</summary>
    public const int MessageKeyMaxLength = 400;

    /// <summary>Database key.</summary>
    public long Id { get; set; }

    /// <summary>The report's Message-Id, or <c>sha256:</c> and the hash of the whole report when it has none.</summary>
    public string MessageKey { get; set; } = "";

    /// <summary>What the report means for its invitation.</summary>
    public BounceOutcome Outcome { get; set; }

    /// <summary>The invitation the report is about; null when it could not be matched.</summary>
    public long? InvitationId { get; set; }

    /// <summary>Round of the invitation (for counts per round); null when unmatched.</summary>
    public int? RoundId { get; set; }

    /// <summary>RFC 3464 status code, e.g. <c>5.1.1</c>.</summary>
    public string? Status { get; set; }

    /// <summary>Why a report was not matched, or where the match came from.</summary>
    public string? Detail { get; set; }

    /// <summary>When the report was handled (UTC).</summary>
    public DateTime ProcessedAt { get; set; }
}

/// <summary>What a report means for its invitation.</summary>
public enum BounceOutcome
{
    /// <summary>Action failed with status 5.x.x: the address does not work (AAPOR 3.30, never mailed again).</summary>
    Hard = 1,

    /// <summary>Action failed with status 4.x.x (or none): delivery gave up for now; the invitation is sent again.</summary>
    Soft = 2,

    /// <summary>Action delayed: the sending server is still trying; recorded only.</summary>
    Delayed = 3,

    /// <summary>A report of success (delivered, relayed, expanded): nothing to do.</summary>
    NoBounce = 4,

    /// <summary>Not a delivery status report, or not about one of our invitations: kept aside, counted.</summary>
    Unmatched = 5,
}
