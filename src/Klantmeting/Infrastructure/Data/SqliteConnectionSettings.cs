using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Klantmeting.Infrastructure.Data;

/// <summary>How a SQLite commit reaches the disk (<c>Database:SqliteSynchronous</c>).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// WAL with synchronous=NORMAL: no fsync per commit, the WAL is synced at checkpoints. A crash of the program
    /// loses nothing; a power cut or OS crash may roll back the last commits before it, never corrupts the file.
    /// </summary>
    Normal,

    /// <summary>synchronous=FULL: every commit is synced to disk before it returns (SQLite's own default).</summary>
    Full,
}

/// <summary>
/// Sets per-connection SQLite pragmas each time EF opens a connection (pragmas like <c>synchronous</c> belong to a
/// connection, not to the file). <c>journal_mode=WAL</c> is set once on the file at migration.
/// </summary>
public sealed class SqliteConnectionSettings(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    // busy_timeout: SQLite's own busy handler waits for another connection's write in steps of 1-100 ms; without it
    // Microsoft.Data.Sqlite retries a busy statement only every 150 ms, which made writers of one file queue in
    // 150 ms steps.
    private readonly string _sql = (synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;")
        + " PRAGMA busy_timeout=30000;";

    /// <inheritdoc/>
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
