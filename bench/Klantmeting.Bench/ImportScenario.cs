using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Klantmeting.Bench;

/// <summary>
/// Raw baseline of the participant import (issue 7 §1): the same rows that `klantmeting participants import` writes
/// (participant, contact, attributes, pending invitation), one prepared statement per table in one transaction,
/// via Microsoft.Data.Sqlite, with no checks; on PostgreSQL (a connection string, see <see cref="RawDb"/>) Npgsql binary
/// COPY of the same rows, PostgreSQL's physical bulk path. The database must already hold the Werkpleinen and the round
/// (run.sh creates them with the CLI, as for the product run).
/// </summary>
internal static class ImportScenario
{
    public static int Raw(string databasePath, string csvPath)
    {
        if (RawDb.IsPostgres(databasePath))
        {
            return RawPostgres(databasePath, csvPath);
        }

        var watch = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={Path.GetFullPath(databasePath)}");
        connection.Open();
        var werkpleinen = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT Code, Id FROM Werkpleinen";
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                werkpleinen[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        long roundId;
        using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT MAX(Id) FROM Rounds";
            roundId = (long)query.ExecuteScalar()!;
        }

        using var tx = connection.BeginTransaction();
        SqliteCommand Prepare(string sql, int parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            for (var i = 0; i < parameters; i++)
            {
                command.Parameters.Add(new SqliteParameter($"@p{i}", null));
            }

            command.Prepare();
            return command;
        }

        using var participant = Prepare("INSERT INTO Participants (RoundId, Ref, WerkpleinId) VALUES (@p0, @p1, @p2) RETURNING Id", 3);
        using var contact = Prepare("INSERT INTO ParticipantContacts (ParticipantId, RoundId, Email) VALUES (@p0, @p1, @p2)", 3);
        using var attribute = Prepare("INSERT INTO ParticipantAttributes (ParticipantId, Name, Value) VALUES (@p0, @p1, @p2)", 3);
        using var invitation = Prepare("INSERT INTO Invitations (ParticipantId, RoundId, State, Attempts, NextAttemptAt) VALUES (@p0, @p1, 0, 0, @p2)", 3);
        var now = DateTime.UtcNow;
        var rows = 0;
        using var file = new StreamReader(csvPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var header = Split(file.ReadLine() ?? "");
        string? line;
        while ((line = file.ReadLine()) is not null)
        {
            var fields = Split(line);
            participant.Parameters[0].Value = roundId;
            participant.Parameters[1].Value = fields[0];
            participant.Parameters[2].Value = werkpleinen[fields[2]];
            var id = (long)participant.ExecuteScalar()!;
            contact.Parameters[0].Value = id;
            contact.Parameters[1].Value = roundId;
            contact.Parameters[2].Value = fields[1];
            contact.ExecuteNonQuery();
            for (var i = 3; i < fields.Length; i++)
            {
                if (fields[i].Length == 0)
                {
                    continue;
                }

                attribute.Parameters[0].Value = id;
                attribute.Parameters[1].Value = header[i];
                attribute.Parameters[2].Value = fields[i];
                attribute.ExecuteNonQuery();
            }

            invitation.Parameters[0].Value = id;
            invitation.Parameters[1].Value = roundId;
            invitation.Parameters[2].Value = now;
            invitation.ExecuteNonQuery();
            rows++;
        }

        tx.Commit();
        var seconds = watch.Elapsed.TotalSeconds;
        return Bench.Report(new { Rows = rows, Seconds = Math.Round(seconds, 3), RowsPerS = Math.Round(rows / seconds) });
    }

    /// <summary>
    /// The same rows by binary COPY, one table after the other (parents first) in one transaction, with participant
    /// ids taken after the highest one; the file is read once per table (it stays in the page cache).
    /// </summary>
    private static int RawPostgres(string database, string csvPath)
    {
        var watch = Stopwatch.StartNew();
        using var connection = RawDb.Open(database);
        var werkpleinen = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT \"Code\", \"Id\" FROM \"Werkpleinen\"";
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                werkpleinen[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var roundId = (int)RawDb.Scalar(database, "SELECT MAX(\"Id\") FROM \"Rounds\"");
        var firstId = RawDb.Scalar(database, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Participants\"") + 1;
        var now = DateTime.UtcNow;
        string[] header = [];
        IEnumerable<(long Id, string[] Fields)> Lines()
        {
            using var file = new StreamReader(csvPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            header = Split(file.ReadLine() ?? "");
            var id = firstId;
            string? line;
            while ((line = file.ReadLine()) is not null)
            {
                yield return (id++, Split(line));
            }
        }

        using var tx = connection.BeginTransaction();
        var rows = RawDb.Write(connection, "Participants", ["Id", "RoundId", "Ref", "WerkpleinId"],
            Lines().Select(l => new object?[] { l.Id, roundId, l.Fields[0], werkpleinen[l.Fields[2]] }));
        RawDb.Write(connection, "ParticipantContacts", ["ParticipantId", "RoundId", "Email"],
            Lines().Select(l => new object?[] { l.Id, roundId, l.Fields[1] }));
        RawDb.Write(connection, "ParticipantAttributes", ["ParticipantId", "Name", "Value"],
            Lines().SelectMany(l => Enumerable.Range(3, l.Fields.Length - 3).Where(i => l.Fields[i].Length > 0)
                .Select(i => new object?[] { l.Id, header[i], l.Fields[i] })));
        RawDb.Write(connection, "Invitations", ["ParticipantId", "RoundId", "State", "Attempts", "NextAttemptAt"],
            Lines().Select(l => new object?[] { l.Id, roundId, 0, 0, now }));
        RawDb.ResetIdentity(connection, "Participants");
        tx.Commit();
        var seconds = watch.Elapsed.TotalSeconds;
        return Bench.Report(new { Rows = rows, Seconds = Math.Round(seconds, 3), RowsPerS = Math.Round(rows / seconds) });
    }

    /// <summary>';'-separated fields, double quotes around a field removed (the generated files quote no ';').</summary>
    private static string[] Split(string line)
    {
        var fields = line.Split(';');
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Length >= 2 && fields[i][0] == '"' && fields[i][^1] == '"')
            {
                fields[i] = fields[i][1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
            }
        }

        return fields;
    }
}
