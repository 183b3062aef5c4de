using System.Diagnostics;
using System.Globalization;
using Klantmeting;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: dotnet run -c Release --project bench/results [DATABASE-FILE] [INVITATIONS] [RESPONSES]
// Creates (or reuses, when it already holds round "bench") a SQLite round shaped like the national 2009 round,
// then times ResultsService.ComputeCellsAsync (median of 5) next to one plain SQL GROUP BY over the same answers.
var path = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "klantmeting-bench-results.db"));
var invitations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 110_000;
var responses = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40_000;
const string RoundName = "bench";

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = "Production" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Klantmeting"] = $"Data Source={path}" });
builder.Logging.ClearProviders();
builder.AddKlantmeting();
using var host = builder.Build();
await host.Services.MigrateKlantmetingDatabaseAsync();

await using (var scope = host.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
    if (!await db.Rounds.AnyAsync(r => r.Name == RoundName))
    {
        var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
        var watch = Stopwatch.StartNew();
        Generate(path, survey, invitations, responses);
        Console.WriteLine($"generated {invitations:N0} invitations / {responses:N0} responses in {watch.Elapsed.TotalSeconds:F1} s ({path})");
    }
}

var answerCount = Scalar(path, "SELECT COUNT(*) FROM Answers");
Console.WriteLine($"answers in database: {answerCount:N0}; cores: {Environment.ProcessorCount}");

var loadBefore = LoadAverage();

// Warm-up (JIT, SQLite page cache) once, then the median of 5 runs each.
IReadOnlyList<ResultCell> cells = await ComputeCellsAsync();
var cellTimes = new List<double>();
var cellCpu = new List<double>();
for (var i = 0; i < 5; i++)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    cells = await ComputeCellsAsync();
    cellTimes.Add(watch.Elapsed.TotalMilliseconds);
    cellCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
}

const string GroupBySql = """
    SELECT p.WerkpleinId, a.ItemId, COUNT(*), AVG(a.Value)
    FROM Answers a
    JOIN Responses r ON r.Id = a.ResponseId
    JOIN Invitations i ON i.Id = r.InvitationId
    JOIN Participants p ON p.Id = i.ParticipantId
    WHERE r.RoundId = (SELECT Id FROM Rounds WHERE Name = 'bench') AND a.Value > 0
    GROUP BY p.WerkpleinId, a.ItemId
    """;
var groups = RunGroupBy(path);
var sqlTimes = new List<double>();
var sqlCpu = new List<double>();
for (var i = 0; i < 5; i++)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    groups = RunGroupBy(path);
    sqlTimes.Add(watch.Elapsed.TotalMilliseconds);
    sqlCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
}

var rateTimes = new List<double>();
for (var i = 0; i < 5; i++)
{
    await using var scope = host.Services.CreateAsyncScope();
    var watch = Stopwatch.StartNew();
    await scope.ServiceProvider.GetRequiredService<ResultsService>().ComputeResponseRatesAsync(RoundName);
    rateTimes.Add(watch.Elapsed.TotalMilliseconds);
}

var nl = cells.First();
Console.WriteLine($"cells: {cells.Count:N0} ({cells.Count(c => c.Suppressed):N0} suppressed); NL totaaloordeel n={nl.N} mean={nl.Mean:F4}");
// Independent cross-check: in the generated data every response with a grade is complete.
using (var connection = new SqliteConnection($"Data Source={path}"))
{
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT COUNT(Grade), AVG(Grade) FROM Responses WHERE RoundId = 1 AND Grade IS NOT NULL";
    using var reader = command.ExecuteReader();
    reader.Read();
    Console.WriteLine($"cross-check SQL: n={reader.GetInt64(0)} mean={reader.GetDouble(1):F4}");
}

Console.WriteLine($"load average before / after the runs: {loadBefore} / {LoadAverage()}");
Console.WriteLine($"ComputeCellsAsync         median {Median(cellTimes),7:F1} ms wall, {Median(cellCpu),7:F1} ms CPU   wall runs: {Runs(cellTimes)}");
Console.WriteLine($"plain SQL GROUP BY        median {Median(sqlTimes),7:F1} ms wall, {Median(sqlCpu),7:F1} ms CPU   wall runs: {Runs(sqlTimes)}  ({groups:N0} groups)");
Console.WriteLine($"ratio cells / GROUP BY    {Median(cellTimes) / Median(sqlTimes):F2} wall, {Median(cellCpu) / Median(sqlCpu):F2} CPU");
Console.WriteLine($"ComputeResponseRatesAsync median {Median(rateTimes),7:F1} ms");

async Task<IReadOnlyList<ResultCell>> ComputeCellsAsync()
{
    await using var scope = host.Services.CreateAsyncScope();
    return await scope.ServiceProvider.GetRequiredService<ResultsService>().ComputeCellsAsync(RoundName);
}

static string Runs(List<double> values) => string.Join(", ", values.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)));

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static long Scalar(string path, string sql)
{
    using var connection = new SqliteConnection($"Data Source={path}");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    return (long)command.ExecuteScalar()!;
}

static int RunGroupBy(string path)
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
static void Generate(string path, SurveyDefinition survey, int invitations, int responses)
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
        for (var s = 0; s < answered; s++)
        {
            var value = random.Next(20) == 0 ? 0 : Math.Clamp(level + random.Next(-1, 2), 1, 5);
            Run(answer, id, statements[s].Id, value);
        }
    }

    tx.Commit();
}
