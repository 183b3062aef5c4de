namespace Klantmeting.Infrastructure.Data;

/// <summary>
/// Planner statistics after a bulk write. A table that went from a few rows to a national round within one import
/// has no statistics yet: PostgreSQL then estimated 69 invitations for 110,418 and chose nested loops that
/// re-aggregated ResponseScores per invitation, and the response-rate export ran for more than 14 minutes instead of
/// 200 ms (issue 14). What each provider needs (infra/OPERATIONS.md, "After a bulk import"):
/// <list type="bullet">
/// <item>PostgreSQL: <c>ANALYZE</c> of the tables written, here, right after the commit (autovacuum would do it too,
/// but only after a delay in which the first report already ran).</item>
/// <item>SQL Server: nothing here; automatic statistics (AUTO_CREATE/AUTO_UPDATE_STATISTICS, on by default) are
/// refreshed when the first query compiles after the load crossed the change threshold.</item>
/// <item>SQLite: nothing here; without <c>sqlite_stat1</c> its planner assumes every index is selective, which is
/// what the queries of this application were tuned for. An <c>ANALYZE</c> would read every index of a national
/// round and could move those tuned plans.</item>
/// </list>
/// </summary>
public static class DatabaseStatistics
{
    /// <summary>Refreshes the planner statistics of the tables of <paramref name="entities"/> (PostgreSQL; no-op elsewhere).</summary>
    /// <exception cref="System.Data.Common.DbException">The database refused the statement (e.g. the user does not own the tables).</exception>
    public static async Task RefreshAsync(DbContext db, IReadOnlyCollection<Type> entities, CancellationToken ct = default)
    {
        if (entities.Count == 0 || !db.Database.IsNpgsql())
        {
            return;
        }

        var sql = new ModelSql(db);
        // One statement for all tables; identifiers come from the EF model, never from input.
        var analyze = $"ANALYZE {string.Join(", ", entities.Distinct().Select(sql.Table))}";
        await db.Database.ExecuteSqlRawAsync(analyze, ct);
    }
}
