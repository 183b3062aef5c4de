namespace Klantmeting.Retention;

/// <summary>One deletion of a round's contact data (one row per round and run), shown on the round's sending page.</summary>
public class RetentionRun
{
    /// <summary>Database key.</summary>
    public long Id { get; set; }

    /// <summary>When the deletion ran (UTC).</summary>
    public DateTime RanAt { get; set; }

    /// <summary>The round whose contact data were deleted.</summary>
    public int RoundId { get; set; }

    /// <summary>E-mail addresses (<c>ParticipantContacts</c> rows) deleted.</summary>
    public int ContactsDeleted { get; set; }

    /// <summary>Invitations whose link token hash (and last error, which can quote an address) was cleared.</summary>
    public int TokensDeleted { get; set; }
}
