using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Klantmeting.Bench;

/// <summary>
/// The bench's own raw access to either provider, for baselines and generated data: a database argument is a SQLite
/// file path, or a PostgreSQL connection string (it starts with <c>Host=</c>). SQL uses double-quoted identifiers,
/// which both providers read the same way.
/// </summary>
internal static class RawDb
{
    public static bool IsPostgres(string database) => database.StartsWith("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The settings that point the product's host at the database.</summary>
    public static Dictionary<string, string?> HostSettings(string database) => IsPostgres(database)
        ? new() { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:Klantmeting"] = database }
        : new() { ["ConnectionStrings:Klantmeting"] = $"Data Source={Path.GetFullPath(database)}" };

    public static DbConnection Open(string database)
    {
        // PostgreSQL: no command timeout; completing a COPY of 5 million answers (indexes, foreign keys) takes longer
        // than Npgsql's default 30 s.
        DbConnection connection = IsPostgres(database)
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { CommandTimeout = 0 }.ConnectionString)
            : new SqliteConnection($"Data Source={Path.GetFullPath(database)}");
        connection.Open();
        return connection;
    }

    public static long Scalar(string database, string sql)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query and counts the rows it returns (every row read to the end).</summary>
    public static int CountRows(string database, string sql)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// Writes rows into one table by the provider's fastest plain path: PostgreSQL binary COPY (its physical bulk
    /// path), SQLite one prepared INSERT in one transaction. No checks, no product code.
    /// </summary>
    public static int Write(DbConnection connection, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        var count = 0;
        var columnList = string.Join(", ", columns.Select(c => $"\"{c}\""));
        if (connection is NpgsqlConnection pg)
        {
            using var importer = pg.BeginBinaryImport($"COPY \"{table}\" ({columnList}) FROM STDIN (FORMAT BINARY)");
            importer.Timeout = TimeSpan.Zero; // Npgsql: zero is no limit (its default is the 30 s command timeout)
            foreach (var row in rows)
            {
                importer.StartRow();
                foreach (var value in row)
                {
                    if (value is null)
                        importer.WriteNull();
                    else
                        importer.Write(value);
                }

                count++;
            }

            importer.Complete();
            return count;
        }

        using var tx = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO \"{table}\" ({columnList}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                command.Parameters[i].Value = row[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
            count++;
        }

        tx.Commit();
        return count;
    }

    /// <summary>After rows were written with explicit ids: PostgreSQL's identity sequence continues after the highest.</summary>
    public static void ResetIdentity(DbConnection connection, params string[] tables)
    {
        if (connection is not NpgsqlConnection)
            return;
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), COALESCE((SELECT MAX(\"Id\") FROM \"{table}\"), 0) + 1, false)";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// PostgreSQL: fresh statistics after a bulk load, as autovacuum gathers them within a minute of a real import;
    /// without them the planner takes the just-filled tables for empty and the first queries run for minutes.
    /// </summary>
    public static void Analyze(DbConnection connection)
    {
        if (connection is not NpgsqlConnection)
            return;
        using var command = connection.CreateCommand();
        command.CommandText = "ANALYZE";
        command.CommandTimeout = 600;
        command.ExecuteNonQuery();
    }

    /// <summary>Creates (or empties) a PostgreSQL database named in the connection string; returns the string.</summary>
    public static string RecreatePostgres(string serverConnectionString, string name)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE); CREATE DATABASE \"{name}\"";
            command.ExecuteNonQuery();
        }

        builder.Database = name;
        builder.Pooling = true;
        return builder.ConnectionString;
    }
}
