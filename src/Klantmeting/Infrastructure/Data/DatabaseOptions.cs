using System.ComponentModel.DataAnnotations;

namespace Klantmeting.Infrastructure.Data;

/// <summary>Which database provider to use (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>Settings of section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up (default true; production may run the script instead).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
