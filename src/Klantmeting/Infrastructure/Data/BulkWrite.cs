using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Klantmeting.Infrastructure.Data;

/// <summary>
/// One bulk write (an import of one file): the connection, one transaction, the write gate, ids given by the writer
/// itself and batched INSERTs, with every provider difference kept here so that importers read the same on SQLite,
/// SQL Server and PostgreSQL:
/// <list type="bullet">
/// <item>SQLite: the write gate of this process is held for the whole write, and the connection's page cache is 64 MB
/// while writing (a unique index that receives keys in random order, such as (RoundId, Email), thrashes the default
/// 2 MB) and put back after, because the connection returns to the pool. Fewer rows per INSERT, see
/// <see cref="BulkInserter.SqliteParametersPerCommand"/>.</item>
/// <item>Explicit ids (<see cref="ReserveIdsAsync{T}"/>): the table is locked for the transaction so that two imports
/// cannot pick the same ids (SQLite's write transaction already is; PostgreSQL: <c>LOCK TABLE</c>; SQL Server:
/// <c>TABLOCKX, HOLDLOCK</c>), SQL Server needs <c>IDENTITY_INSERT</c> around the INSERT, and PostgreSQL's identity
/// sequence is moved past the new ids before the commit.</item>
/// </list>
/// Planner statistics are not refreshed here: the caller does that after a successful write with
/// <see cref="DatabaseStatistics.RefreshAsync"/>, so that a failure there is never reported as a failed import.
/// </summary>
public sealed class BulkWrite : IAsyncDisposable
{
    private readonly DbContext _db;
    private readonly ModelSql _sql;
    private readonly IDisposable _gate;
    private readonly bool _sqlite;
    private readonly List<BulkInserter> _inserters = [];
    private readonly List<Type> _explicitIds = [];
    private IDbContextTransaction? _transaction;

    private BulkWrite(DbContext db, IDisposable gate)
    {
        _db = db;
        _sql = new ModelSql(db);
        _gate = gate;
        _sqlite = db.Database.IsSqlite();
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one bulk write and commits when it returns; when it throws, nothing is stored.
    /// </summary>
    /// <exception cref="DbException">The database refused a statement or the commit; nothing was stored.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> fired; nothing was stored.</exception>
    public static async Task<T> RunAsync<T>(DbContext db, Func<BulkWrite, Task<T>> write, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var bulk = await BeginAsync(db, ct);
            var result = await write(bulk);
            await bulk.CommitAsync(ct);
            return result;
        });
    }

    private static async Task<BulkWrite> BeginAsync(DbContext db, CancellationToken ct)
    {
        var bulk = new BulkWrite(db, await WriteGate.EnterAsync(db, ct));
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            if (bulk._sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536", ct);
            }

            bulk._transaction = await db.Database.BeginTransactionAsync(ct);
            return bulk;
        }
        catch
        {
            await bulk.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Locks the table of <typeparamref name="T"/> against concurrent writers and returns the next free id
    /// (MAX(Id) + 1), so that rows get their ids from the writer and child rows need no read-back.
    /// </summary>
    public async Task<long> ReserveIdsAsync<T>(CancellationToken ct)
    {
        var entity = typeof(T);
        var table = _sql.Table(entity);
        var id = _sql.Column(entity, _sql.Key(entity).Name);
        if (_db.Database.IsNpgsql())
        {
            // Identifiers come from the EF model, never from input.
            var lockSql = $"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE";
            await _db.Database.ExecuteSqlRawAsync(lockSql, ct);
        }

        var hint = _db.Database.IsSqlServer() ? " WITH (TABLOCKX, HOLDLOCK)" : "";
        var maxSql = $"SELECT CAST(MAX({id}) AS BIGINT) AS \"Value\" FROM {table}{hint}";
        var max = await _db.Database.SqlQueryRaw<long?>(maxSql).SingleAsync(ct);
        if (!_explicitIds.Contains(entity))
        {
            _explicitIds.Add(entity);
        }

        return (max ?? 0) + 1;
    }

    /// <summary>
    /// An inserter of rows of <typeparamref name="T"/> with these properties, in this order. Rows are written in the
    /// order the inserters were made (make parents first, so that foreign keys hold after every statement).
    /// </summary>
    /// <param name="rowsPerCommand">
    /// Rows per INSERT on server databases; keep rows x columns under the provider's parameter limit (SQL Server:
    /// 2100). SQLite uses fewer.
    /// </param>
    /// <param name="properties">Property names of <typeparamref name="T"/>, in column order.</param>
    internal BulkInserter Inserter<T>(int rowsPerCommand, params string[] properties)
    {
        var entity = typeof(T);
        // Rows with their own ids in an identity column need SQL Server's IDENTITY_INSERT around the statement.
        var wrapper = _db.Model.FindEntityType(entity)?.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key]
            && properties.Contains(key.Name) && _db.Database.IsSqlServer()
            ? ($"SET IDENTITY_INSERT {_sql.Table(entity)} ON; ", $"; SET IDENTITY_INSERT {_sql.Table(entity)} OFF;")
            : ("", "");
        var rows = _sqlite ? Math.Clamp(BulkInserter.SqliteParametersPerCommand / properties.Length, 1, rowsPerCommand) : rowsPerCommand;
        var inserter = new BulkInserter(NewCommand, _sql, entity, properties, rows, wrapper);
        _inserters.Add(inserter);
        return inserter;
    }

    /// <summary>Writes what every inserter buffered, in the order the inserters were made.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        foreach (var inserter in _inserters)
        {
            await inserter.FlushAsync(ct);
        }
    }

    private async Task CommitAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        foreach (var entity in _explicitIds)
        {
            await SyncIdentityAsync(entity, ct);
        }

        await _transaction!.CommitAsync(ct);
    }

    /// <summary>PostgreSQL: moves the identity sequence past the highest id (other providers follow explicit ids themselves).</summary>
    private async Task SyncIdentityAsync(Type entity, CancellationToken ct)
    {
        if (!_db.Database.IsNpgsql())
        {
            return;
        }

        var table = _sql.Table(entity);
        var key = _sql.Key(entity);
        var id = _sql.Column(entity, key.Name);
        // pg_get_serial_sequence takes the names as SQL text: the table delimited, the column as stored.
        var syncSql = $"SELECT setval(pg_get_serial_sequence('\"{_sql.TableName(entity)}\"', '{key.GetColumnName()}'), COALESCE((SELECT MAX({id}) FROM {table}), 0) + 1, false)";
        await _db.Database.ExecuteSqlRawAsync(syncSql, ct);
    }

    private DbCommand NewCommand()
    {
        var command = _db.Database.GetDbConnection().CreateCommand();
        command.Transaction = _transaction!.GetDbTransaction();
        return command;
    }

    /// <summary>Rolls back what was not committed, restores the SQLite cache size and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var inserter in _inserters)
            {
                await inserter.DisposeAsync();
            }

            if (_transaction is not null)
            {
                // Rolls back unless committed.
                await _transaction.DisposeAsync();
            }

            if (_sqlite && _db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
            {
                await _db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000", CancellationToken.None);
            }
        }
        finally
        {
            await _db.Database.CloseConnectionAsync();
            _gate.Dispose();
        }
    }
}
