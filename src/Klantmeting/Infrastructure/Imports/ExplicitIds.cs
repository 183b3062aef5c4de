using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Klantmeting.Infrastructure.Imports;

/// <summary>
/// Bulk imports give rows their ids themselves (MAX(Id) + 1 onwards) so that child rows need no read-back.
/// The provider quirks of that live here: the table is locked for the transaction so that two imports cannot
/// pick the same ids (SQLite's write transaction already is), SQL Server needs IDENTITY_INSERT, and PostgreSQL's
/// identity sequence must be moved past the new ids afterwards.
/// </summary>
internal static class ExplicitIds
{
    /// <summary>Locks the table of <paramref name="entity"/> against concurrent writers and returns the next free id.</summary>
    public static async Task<long> ReserveAsync(DbContext db, Type entity, CancellationToken ct)
    {
        var (table, id) = Names(db, entity);
        if (db.Database.IsNpgsql())
        {
            // Identifiers come from the EF model, never from input.
            var lockSql = $"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE";
            await db.Database.ExecuteSqlRawAsync(lockSql, ct);
        }

        var hint = db.Database.IsSqlServer() ? " WITH (TABLOCKX, HOLDLOCK)" : "";
        var maxSql = $"SELECT CAST(MAX({id}) AS BIGINT) AS \"Value\" FROM {table}{hint}";
        var max = await db.Database.SqlQueryRaw<long?>(maxSql).SingleAsync(ct);
        return (max ?? 0) + 1;
    }

    /// <summary>SQL that must surround an INSERT with explicit ids (SQL Server only; empty elsewhere).</summary>
    public static (string Before, string After) InsertWrapper(DbContext db, Type entity)
    {
        if (!db.Database.IsSqlServer())
        {
            return ("", "");
        }

        var (table, _) = Names(db, entity);
        return ($"SET IDENTITY_INSERT {table} ON; ", $"; SET IDENTITY_INSERT {table} OFF;");
    }

    /// <summary>After the inserts: moves PostgreSQL's identity sequence past the highest id.</summary>
    public static async Task SyncAsync(DbContext db, Type entity, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        var (table, id) = Names(db, entity);
        var rawTable = db.Model.FindEntityType(entity)!.GetTableName()!;
        var rawId = db.Model.FindEntityType(entity)!.FindPrimaryKey()!.Properties[0].GetColumnName();
        var syncSql = $"SELECT setval(pg_get_serial_sequence('\"{rawTable}\"', '{rawId}'), COALESCE((SELECT MAX({id}) FROM {table}), 0) + 1, false)";
        await db.Database.ExecuteSqlRawAsync(syncSql, ct);
    }

    private static (string Table, string Id) Names(DbContext db, Type entity)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var type = db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"{entity} is not in the model.");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var key = type.FindPrimaryKey()!.Properties.Single();
        return (sql.DelimitIdentifier(table.Name, table.Schema), sql.DelimitIdentifier(key.GetColumnName(table)!));
    }
}
