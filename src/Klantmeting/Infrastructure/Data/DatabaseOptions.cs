namespace Klantmeting.Infrastructure.Data;

/// <summary>Which database provider to use (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded default: one file, no server.</summary>
    Sqlite,
    /// <summary>Microsoft SQL Server.</summary>
    SqlServer,
    /// <summary>PostgreSQL.</summary>
    PostgreSql,
}

/// <summary>Settings of section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Database";

    /// <summary>The provider; each has its own migrations assembly.</summary>
    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up (default true; production may run the script instead).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// SQLite only: <see cref="Data.SqliteSynchronous.Normal"/> (default; WAL without an fsync per commit, safe against
    /// program crashes) or <see cref="Data.SqliteSynchronous.Full"/> (an fsync per commit, also safe against power cuts).
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>The default of <see cref="ReportCommandTimeoutSeconds"/>.</summary>
    public const int DefaultReportCommandTimeoutSeconds = 300;

    /// <summary>
    /// Seconds a report query (results, response rate, comparison, Werkplein report) may run before it is stopped with
    /// a clear message (<see cref="ReportQueries.ForReports"/>); other queries keep the provider's default (30 s).
    /// </summary>
    [Range(1, 86_400)]
    public int ReportCommandTimeoutSeconds { get; set; } = DefaultReportCommandTimeoutSeconds;
}
