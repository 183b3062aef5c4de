namespace Klantmeting.Audit;

/// <summary>
/// One administrative action (who did what to which object, when). Append-only: the application inserts rows and
/// never updates or deletes them. Holds no contact data: a user is named by id, never by e-mail address.
/// </summary>
public class AuditEntry
{
    /// <summary>Longest stored actor.</summary>
    public const int ActorMaxLength = 128;

    /// <summary>Longest stored object key.</summary>
    public const int ObjectKeyMaxLength = 200;

    /// <summary>Longest stored details text (longer text is cut).</summary>
    public const int DetailsMaxLength = 1000;

    /// <summary>Order of recording.</summary>
    public long Id { get; set; }

    /// <summary>When it happened (UTC, from the application's <see cref="TimeProvider"/>).</summary>
    public DateTime At { get; set; }

    /// <summary>Who: a user id, <c>cli:</c> + the OS user name, or <c>systeem</c> for scheduled jobs.</summary>
    public required string Actor { get; set; }

    /// <summary>What was done.</summary>
    public AuditAction Action { get; set; }

    /// <summary>Kind of object: <c>ronde</c>, <c>werkplein</c>, <c>gebruiker</c>, <c>export</c>, <c>opmerking</c>.</summary>
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
    /// <summary>A round was created.</summary>
    RoundCreated,
    /// <summary>A round's questionnaire, dates or reminders changed.</summary>
    RoundEdited,
    /// <summary>A round opened (by hand or by its date).</summary>
    RoundOpened,
    /// <summary>Sending of a round was paused.</summary>
    RoundPaused,
    /// <summary>Sending of a round was resumed.</summary>
    RoundResumed,
    /// <summary>A round was set to open and close by its dates.</summary>
    RoundScheduled,
    /// <summary>A round went back to opening and closing by hand.</summary>
    RoundUnscheduled,
    /// <summary>A round closed (by hand or by its date).</summary>
    RoundClosed,
    /// <summary>A draft round was deleted.</summary>
    RoundDeleted,
    /// <summary>A participants file was imported.</summary>
    SampleUploaded,
    /// <summary>A file of phone or paper answers was imported.</summary>
    AnswersImported,
    /// <summary>An export was written or downloaded.</summary>
    ExportDownloaded,
    /// <summary>An account was created.</summary>
    UserCreated,
    /// <summary>An account was changed (its Werkpleinen).</summary>
    UserChanged,
    /// <summary>A Werkplein's code, name or region was changed.</summary>
    WerkpleinChanged,
    /// <summary>Contact data of a round was deleted by the retention run.</summary>
    RetentionRun,
    /// <summary>A test invitation was sent.</summary>
    TestEmailSent,
    /// <summary>Werkpleinen were added or updated from a file.</summary>
    WerkpleinenImported,
    /// <summary>An account was blocked by hand until it is unblocked (<c>users lock</c>).</summary>
    UserLocked,
    /// <summary>A block of an account (by hand or after failed sign-ins) was lifted.</summary>
    UserUnlocked,
    /// <summary>An account was deactivated: no sign-in until it is reactivated.</summary>
    UserDeactivated,
    /// <summary>A deactivated account was made active again.</summary>
    UserReactivated,
    /// <summary>An account got a new one-time password.</summary>
    UserPasswordReset,
    /// <summary>The participants of a draft round were removed.</summary>
    ParticipantsRemoved,
    /// <summary>An administrator hid an open answer from the Werkpleinen and the downloads.</summary>
    CommentHidden,
    /// <summary>A hidden open answer was shown again.</summary>
    CommentShown,
    /// <summary>A Werkplein submitted its Landkaart of a tertaal to the AKO.</summary>
    LandkaartSubmitted,
    /// <summary>An administrator accepted a Landkaart.</summary>
    LandkaartAccepted,
    /// <summary>An administrator sent a Landkaart back with comments.</summary>
    LandkaartSentBack,
}

/// <summary>Object types of <see cref="AuditEntry.ObjectType"/>.</summary>
public static class AuditObject
{
    /// <summary>A round, keyed by name.</summary>
    public const string Round = "ronde";

    /// <summary>A Werkplein, keyed by code.</summary>
    public const string Werkplein = "werkplein";

    /// <summary>An account, keyed by user id.</summary>
    public const string User = "gebruiker";

    /// <summary>An export, keyed by its kind.</summary>
    public const string Export = "export";

    /// <summary>An open answer, keyed by its response id (the comment text never goes into the log).</summary>
    public const string Comment = "opmerking";

    /// <summary>A Landkaart submission, keyed by Werkplein code and tertaal (<c>WP-AMS 2009-T2</c>).</summary>
    public const string Landkaart = "landkaart";
}
