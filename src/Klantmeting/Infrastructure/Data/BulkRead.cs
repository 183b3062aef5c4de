using Microsoft.Data.Sqlite;

namespace Klantmeting.Infrastructure.Data;

/// <summary>
/// A read of many rows on the context's connection, tuned for the provider and put back afterwards: the connection
/// stays open for several queries and, on SQLite, gets a 64 MB page cache and memory-mapped reads while it is ours
/// (the default 2 MB cache re-reads a national round's pages from the OS for every query). It can also hand out a
/// second connection to the same database, tuned the same way, to read in parallel. Features use this instead of
/// naming a provider.
/// </summary>
/// <example><code>await using var session = await BulkRead.BeginAsync(db, ct);</code></example>
public sealed class BulkRead : IAsyncDisposable
{
    private const string Tune = "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824";

    // SQLite's defaults, set again before a connection returns to the pool.
    private const string Reset = "PRAGMA cache_size = -2000; PRAGMA mmap_size = 0";

    private readonly DbContext _db;
    private readonly bool _sqlite;
    private DbConnection? _second;

    private BulkRead(DbContext db, bool sqlite)
    {
        _db = db;
        _sqlite = sqlite;
    }

    /// <summary>The context's connection, open until the session ends.</summary>
    public DbConnection Connection => _db.Database.GetDbConnection();

    /// <summary>Opens the context's connection (EF counts opens: a caller's open stays open) and tunes it.</summary>
    public static async Task<BulkRead> BeginAsync(DbContext db, CancellationToken ct = default)
    {
        await db.Database.OpenConnectionAsync(ct);
        var session = new BulkRead(db, db.Database.IsSqlite());
        if (session._sqlite)
        {
            await db.Database.ExecuteSqlRawAsync(Tune, ct);
        }

        return session;
    }

    /// <summary>
    /// A second connection to the same database for a read in parallel (closed with the session), or null when there
    /// is none to be had: one core, inside a transaction (the second connection would not see its writes), an
    /// in-memory SQLite database, or a connection the provider cannot copy.
    /// </summary>
    public async Task<DbConnection?> OpenSecondReaderAsync(CancellationToken ct = default)
    {
        if (_second is not null)
        {
            return _second;
        }

        if (Environment.ProcessorCount < 2 || _db.Database.CurrentTransaction is not null)
        {
            return null;
        }

        var connectionString = _db.Database.GetConnectionString();
        var factory = DbProviderFactories.GetFactory(_db.Database.GetDbConnection());
        if (string.IsNullOrEmpty(connectionString) || factory is null
            || (_sqlite && new SqliteConnectionStringBuilder(connectionString) is var csb
                && (csb.Mode == SqliteOpenMode.Memory || csb.DataSource is "" or ":memory:")))
        {
            return null;
        }

        var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        try
        {
            await connection.OpenAsync(ct);
            if (_sqlite)
            {
                await ExecuteAsync(connection, Tune, ct);
            }
        }
        catch
        {
            await CloseSecondAsync(connection);
            throw;
        }

        return _second = connection;
    }

    /// <summary>Puts the tuning back and closes the second connection, then the context's (when this session opened it).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_second is { } second)
            {
                _second = null;
                await CloseSecondAsync(second);
            }
        }
        finally
        {
            if (_sqlite)
            {
                await _db.Database.ExecuteSqlRawAsync(Reset, CancellationToken.None);
            }

            await _db.Database.CloseConnectionAsync();
        }
    }

    private async Task CloseSecondAsync(DbConnection connection)
    {
        try
        {
            if (_sqlite && connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, Reset, CancellationToken.None);
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
