namespace Klantmeting.Audit;

/// <summary>
/// One administrative action (who did what to which object, when). Append-only: the application inserts rows and
/// never updates or deletes them. Holds no contact data: a user is named by id, never by e-mail address.
/// </summary>
public class AuditEntry
{
    public const int ActorMaxLength = 128;
    public const int ObjectKeyMaxLength = 200;
    public const int DetailsMaxLength = 1000;

    public long Id { get; set; }

    /// <summary>When it happened (UTC, from the application's <see cref="TimeProvider"/>).</summary>
    public DateTime At { get; set; }

    /// <summary>Who: a user id, <c>cli:</c> + the OS user name, or <c>systeem</c> for scheduled jobs.</summary>
    public required string Actor { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>Kind of object: <c>ronde</c>, <c>werkplein</c>, <c>gebruiker</c>, <c>export</c>.</summary>
    public required string ObjectType { get; set; }

    /// <summary>The object's key: round name, werkplein code or user id.</summary>
    public string? ObjectKey { get; set; }

    /// <summary>Name of the round the action concerns (for the round filter); null when none.</summary>
    public string? Round { get; set; }

    /// <summary>What changed, in Dutch, without contact data.</summary>
    public string? Details { get; set; }
}

/// <summary>The fixed set of actions the audit log records (stored by name).</summary>
public enum AuditAction
{
    RoundCreated,
    RoundEdited,
    RoundOpened,
    RoundPaused,
    RoundResumed,
    RoundScheduled,
    RoundUnscheduled,
    RoundClosed,
    RoundDeleted,
    SampleUploaded,
    AnswersImported,
    ExportDownloaded,
    UserCreated,
    UserChanged,
    WerkpleinChanged,
    RetentionRun,
    TestEmailSent,
}

/// <summary>Object types of <see cref="AuditEntry.ObjectType"/>.</summary>
public static class AuditObject
{
    public const string Round = "ronde";
    public const string Werkplein = "werkplein";
    public const string User = "gebruiker";
    public const string Export = "export";
}
