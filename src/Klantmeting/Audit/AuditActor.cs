namespace Klantmeting.Audit;

/// <summary>Who is acting now, as the audit log names them (never an e-mail address).</summary>
public interface IAuditActor
{
    /// <summary>A user id, <c>cli:</c> + OS user name, or <see cref="FixedAuditActor.System"/>.</summary>
    string Id { get; }
}

/// <summary>An actor that never changes: the CLI's OS user or the background jobs.</summary>
public sealed class FixedAuditActor(string id) : IAuditActor
{
    /// <summary>The actor of scheduled jobs (opening and closing by date, retention).</summary>
    public const string System = "systeem";

    /// <inheritdoc/>
    public string Id { get; } = id;

    /// <summary>The actor of a command-line run: <c>cli:</c> and the OS user name.</summary>
    public static FixedAuditActor Cli() => new("cli:" + Environment.UserName);
}
