using System.Diagnostics;
using System.Globalization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Weighting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Bench;

/// <summary>
/// Issue 3 §6 and issue 7 §4: every cell of a generated round (ResultsService.ComputeCellsAsync, median of 5 after a
/// warm-up) next to one plain SQL GROUP BY over the same answers (median of 5), in the same process and run. The
/// round is generated into DB on first use (raw inserts shaped like the national 2009 round) and reused after.
/// </summary>
internal static class ResultsScenario
{
    private const string RoundName = "bench";

    private const string GroupBySql = """
        SELECT p.WerkpleinId, a.ItemId, COUNT(*), AVG(a.Value)
        FROM Answers a
        JOIN Responses r ON r.Id = a.ResponseId
        JOIN Invitations i ON i.Id = r.InvitationId
        JOIN Participants p ON p.Id = i.ParticipantId
        WHERE r.RoundId = (SELECT Id FROM Rounds WHERE Name = 'bench') AND a.Value > 0
        GROUP BY p.WerkpleinId, a.ItemId
        """;

    public static async Task<int> RunAsync(string databasePath, int invitations, int responses)
    {
        var path = Path.GetFullPath(databasePath);
        using var host = await Bench.BuildHostAsync(path);
        double generateSeconds = 0;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            if (!await db.Rounds.AnyAsync(r => r.Name == RoundName))
            {
                var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
                var watch = Stopwatch.StartNew();
                Generate(path, survey, invitations, responses);
                generateSeconds = watch.Elapsed.TotalSeconds;
                Console.Error.WriteLine($"generated {invitations:N0} invitations / {responses:N0} responses in {generateSeconds:F1} s ({path})");
            }
        }

        var answerCount = Scalar(path, "SELECT COUNT(*) FROM Answers");
        var loadBefore = Bench.LoadAverage();

        async Task<IReadOnlyList<ResultCell>> ComputeCellsAsync()
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ResultsService>().ComputeCellsAsync(RoundName);
        }

        // Warm-up (JIT, SQLite page cache) once, then the median of 5 runs each.
        var cells = await ComputeCellsAsync();
        var cellTimes = new List<double>();
        var cellCpu = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var cpu = Bench.CpuMs();
            var watch = Stopwatch.StartNew();
            cells = await ComputeCellsAsync();
            cellTimes.Add(watch.Elapsed.TotalMilliseconds);
            cellCpu.Add(Bench.CpuMs() - cpu);
        }

        // The same cells post-stratified (issue 19: weighting may add at most 50%), same host and data, median of 5.
        async Task<WeightedResults> ComputeWeightedAsync()
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ResultsService>()
                .ComputeWeightedCellsAsync(RoundName, new WeightingRequest(WeightingMethod.PostStratification));
        }

        var weighted = await ComputeWeightedAsync();
        var weightedTimes = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            weighted = await ComputeWeightedAsync();
            weightedTimes.Add(watch.Elapsed.TotalMilliseconds);
        }

        var groups = RunGroupBy(path);
        var sqlTimes = new List<double>();
        var sqlCpu = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var cpu = Bench.CpuMs();
            var watch = Stopwatch.StartNew();
            groups = RunGroupBy(path);
            sqlTimes.Add(watch.Elapsed.TotalMilliseconds);
            sqlCpu.Add(Bench.CpuMs() - cpu);
        }

        var nl = cells[0];
        Console.Error.WriteLine($"cells: {cells.Count:N0} ({cells.Count(c => c.Suppressed):N0} suppressed); NL totaaloordeel n={nl.N} mean={nl.Mean:F4}");
        Console.Error.WriteLine($"ComputeCellsAsync wall runs: {Runs(cellTimes)}; GROUP BY wall runs: {Runs(sqlTimes)} ({groups:N0} groups)");
        Console.Error.WriteLine($"ComputeWeightedCellsAsync wall runs: {Runs(weightedTimes)} ({weighted.Report.Strata} strata, {weighted.Report.CollapsedWerkpleinen.Count} Werkpleinen merged)");
        return Bench.Report(new
        {
            Invitations = invitations,
            Responses = responses,
            Answers = answerCount,
            Cells = cells.Count,
            GenerateS = Math.Round(generateSeconds, 1),
            Ms = Math.Round(Bench.Median(cellTimes), 1),
            CpuMs = Math.Round(Bench.Median(cellCpu), 1),
            GroupByMs = Math.Round(Bench.Median(sqlTimes), 1),
            GroupByCpuMs = Math.Round(Bench.Median(sqlCpu), 1),
            RatioToGroupBy = Math.Round(Bench.Median(cellTimes) / Bench.Median(sqlTimes), 3),
            WeightedMs = Math.Round(Bench.Median(weightedTimes), 1),
            WeightedRatio = Math.Round(Bench.Median(weightedTimes) / Bench.Median(cellTimes), 3),
            NlGradeN = nl.N,
            NlGradeMean = nl.Mean is { } mean ? Math.Round(mean, 4) : (double?)null,
            LoadBefore = loadBefore,
            LoadAfter = Bench.LoadAverage(),
        });
    }

    private static string Runs(List<double> values) => string.Join(", ", values.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)));

    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static int RunGroupBy(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = GroupBySql;
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
        }

        return rows;
    }

    // Raw prepared inserts in one transaction: 100 Werkpleinen, attributes as the participant import writes them
    // (3 questionnaire attributes, ~1 in 7 without dagen_tot_eerste_betaling, 1 free column), invitation states as in a
    // finished round, and responses of ~15 items: most complete, some partial or broken off, ~5% "weet niet".
    private static void Generate(string path, SurveyDefinition survey, int invitations, int responses)
    {
        var random = new Random(2009);
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF; PRAGMA cache_size = -131072;";
            pragma.ExecuteNonQuery();
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

        void Run(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }

        var now = new DateTime(2009, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        using (var werkplein = Prepare("INSERT INTO Werkpleinen (Id, Code, Name, Region) VALUES (@p0, @p1, @p2, NULL)", 3))
        {
            for (var w = 1; w <= 100; w++)
            {
                Run(werkplein, w, $"WP-{w:D3}", $"Werkplein {w}");
            }
        }

        using (var round = Prepare("INSERT INTO Rounds (Id, Name, QuestionnaireId, FieldworkStart, FieldworkEnd, State, CreatedAt, OpenedAt, ClosedAt) VALUES (1, 'bench', @p0, '2009-09-01', '2009-11-30', 2, @p1, @p1, NULL)", 2))
        {
            Run(round, survey.Id, now);
        }

        var statements = survey.Statements.ToArray();
        string[] vcp = ["ja", "nee"];
        string[] uitkering = ["WW", "WWB", "AO", "geen"];
        using var participant = Prepare("INSERT INTO Participants (Id, RoundId, Ref, WerkpleinId) VALUES (@p0, 1, @p1, @p2)", 3);
        using var attribute = Prepare("INSERT INTO ParticipantAttributes (ParticipantId, Name, Value) VALUES (@p0, @p1, @p2)", 3);
        using var invitation = Prepare("INSERT INTO Invitations (Id, ParticipantId, RoundId, State, Attempts, NextAttemptAt, SentAt) VALUES (@p0, @p0, 1, @p1, 1, @p2, @p2)", 3);
        using var response = Prepare("INSERT INTO Responses (Id, InvitationId, RoundId, StartedAt, UpdatedAt, CompletedAt, Grade, Comment, Mode, CurrentStep) VALUES (@p0, @p0, 1, @p1, @p1, @p2, @p3, NULL, 0, 0)", 4);
        using var answer = Prepare("INSERT INTO Answers (ResponseId, ItemId, Value) VALUES (@p0, @p1, @p2)", 3);
        using var score = Prepare("INSERT INTO ResponseScores (ResponseId, PrincipleId, Answered, Scored, Sum) VALUES (@p0, @p1, @p2, @p3, @p4)", 5);
        var respondEvery = (double)invitations / responses;
        var nextResponse = 0.0;
        for (var id = 1; id <= invitations; id++)
        {
            // Werkpleinen of different sizes (a few big cities, many small ones).
            var wp = 1 + (int)(100 * Math.Pow(random.NextDouble(), 1.6));
            Run(participant, id, $"P{id:D7}", Math.Min(wp, 100));
            Run(attribute, id, "vaste_contactpersoon", vcp[random.Next(2)]);
            Run(attribute, id, "uitkering", uitkering[random.Next(4)]);
            if (random.Next(7) != 0)
            {
                Run(attribute, id, "dagen_tot_eerste_betaling", random.Next(0, 120).ToString(CultureInfo.InvariantCulture));
            }

            Run(attribute, id, "team", $"team {random.Next(10)}");
            var responds = id >= nextResponse;
            if (responds)
            {
                nextResponse += respondEvery;
            }

            var state = responds ? InvitationState.Sent : random.Next(100) switch
            {
                < 2 => InvitationState.Bounced,
                < 4 => InvitationState.OptedOut,
                < 6 => InvitationState.Failed,
                _ => InvitationState.Sent,
            };
            Run(invitation, id, (int)state, now);
            if (!responds)
            {
                continue;
            }

            var kind = random.Next(100); // 90 complete, 6 partial, 4 break-off
            var answered = kind < 90 ? statements.Length : kind < 96 ? 9 : 4;
            var level = 2 + random.Next(4); // a respondent's general mood, 2-5
            var completedAt = now.AddDays(random.Next(0, 90)).AddMinutes(random.Next(0, 1440));
            Run(response, id, completedAt, kind < 96 ? completedAt : null, kind < 90 ? Math.Clamp(level * 2 - 1 + random.Next(-1, 3), 1, 10) : null);
            var given = new List<(string ItemId, int Value)>(answered);
            for (var s = 0; s < answered; s++)
            {
                var value = random.Next(20) == 0 ? 0 : Math.Clamp(level + random.Next(-1, 2), 1, 5);
                Run(answer, id, statements[s].Id, value);
                given.Add((statements[s].Id, value));
            }

            // The per-principle summary, as the answering page and the response import write it.
            foreach (var s in ResponseScore.Summarize(id, given))
            {
                Run(score, id, s.PrincipleId, s.Answered, s.Scored, s.Sum);
            }
        }

        tx.Commit();
    }
}
