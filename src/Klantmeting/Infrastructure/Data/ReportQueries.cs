using System.Data;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Klantmeting.Infrastructure.Data;

/// <summary>
/// The command timeout of report queries (<c>Database:ReportCommandTimeoutSeconds</c>) and how to recognise that it
/// fired. A report of a national round reads every invitation and response of the round; the provider default of
/// 30 s stopped the response-rate export on PostgreSQL with a stack trace (issue 14).
/// </summary>
public static class ReportQueries
{
    /// <summary>
    /// Gives the report queries of this context the report timeout until the result is disposed. Applied to EF's
    /// commands and to the connection string, so that hand-written commands on this connection and second
    /// connections opened from its connection string get it too. Call it while the connection is closed (at the
    /// start of a CLI command or a page handler).
    /// </summary>
    /// <param name="seconds">The timeout; null = the setting (default 300).</param>
    /// <param name="db">The context whose report queries get the timeout.</param>
    public static IDisposable ForReports(this DbContext db, int? seconds = null)
    {
        var timeout = seconds ?? SettingOf(db);
        var scope = new Scope(db, db.Database.GetCommandTimeout(), db.Database.GetConnectionString());
        db.Database.SetCommandTimeout(timeout);
        if (scope.ConnectionString is { Length: > 0 } connectionString && db.Database.GetDbConnection().State == ConnectionState.Closed)
        {
            db.Database.SetConnectionString(WithTimeout(db, connectionString, timeout));
            scope.ConnectionStringChanged = true;
        }

        return scope;
    }

    /// <summary>True when <paramref name="exception"/> (or one it wraps) says that a command ran out of time.</summary>
    public static bool IsTimeout(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // Npgsql: NpgsqlException wrapping TimeoutException, or 57014 (query_canceled) when the cancel arrived first.
            // SQL Server: error -2 (execution timeout expired).
            if (e is TimeoutException or PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } or SqlException { Number: -2 })
            {
                return true;
            }
        }

        return false;
    }

    private static int SettingOf(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?
            .GetService<IOptions<DatabaseOptions>>()?.Value.ReportCommandTimeoutSeconds
        ?? DatabaseOptions.DefaultReportCommandTimeoutSeconds;

    private static string WithTimeout(DbContext db, string connectionString, int seconds)
    {
        DbConnectionStringBuilder builder = db.Database.ProviderName switch
        {
            _ when db.Database.IsNpgsql() => new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = seconds },
            _ when db.Database.IsSqlServer() => new SqlConnectionStringBuilder(connectionString) { CommandTimeout = seconds },
            // SQLite has no query timeout; the setting bounds how long a command waits for a locked file.
            _ when db.Database.IsSqlite() => new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = seconds },
            _ => new DbConnectionStringBuilder { ConnectionString = connectionString },
        };
        return builder.ConnectionString;
    }

    private sealed class Scope(DbContext db, int? commandTimeout, string? connectionString) : IDisposable
    {
        public string? ConnectionString => connectionString;

        public bool ConnectionStringChanged { get; set; }

        public void Dispose()
        {
            db.Database.SetCommandTimeout(commandTimeout);
            // A pooled context goes back to the pool after the request: leave it as it was.
            if (ConnectionStringChanged && db.Database.GetDbConnection().State == ConnectionState.Closed)
            {
                db.Database.SetConnectionString(connectionString);
                ConnectionStringChanged = false;
            }
        }
    }
}
