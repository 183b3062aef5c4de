using System.Diagnostics;
using System.Globalization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Weighting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Bench;

/// <summary>
/// Issue 3 §6 and issue 7 §4: every cell of a generated round (ResultsService.ComputeCellsAsync, median of 5 after a
/// warm-up) next to one plain SQL GROUP BY over the same answers (median of 5), in the same process and run. The
/// round is generated into DB on first use (raw inserts shaped like the national 2009 round) and reused after; or, with
/// a round name, an existing round of the database is measured (the 1,000,000-person round of <c>bench/run.sh</c>). Every
/// timed run computes: the results cache of the host is emptied before each (a cached read is reported apart).
/// </summary>
internal static class ResultsScenario
{
    private const string GeneratedRound = "bench";

    private const string GroupBySql = """
        SELECT p."WerkpleinId", a."ItemId", COUNT(*), AVG(a."Value")
        FROM "Answers" a
        JOIN "Responses" r ON r."Id" = a."ResponseId"
        JOIN "Invitations" i ON i."Id" = r."InvitationId"
        JOIN "Participants" p ON p."Id" = i."ParticipantId"
        WHERE r."RoundId" = (SELECT "Id" FROM "Rounds" WHERE "Name" = '{0}') AND a."Value" > 0
        GROUP BY p."WerkpleinId", a."ItemId"
        """;

    public static async Task<int> RunAsync(string databasePath, int invitations, int responses, string roundName = GeneratedRound)
    {
        var groupBySql = GroupBySql.Replace("{0}", roundName.Replace("'", "''"), StringComparison.Ordinal);
        // A SQLite file, or a PostgreSQL connection string (RawDb): the same round and the same measurements on both.
        var path = RawDb.IsPostgres(databasePath) ? databasePath : Path.GetFullPath(databasePath);
        using var host = await Bench.BuildHostAsync(path);
        double generateSeconds = 0;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            if (!await db.Rounds.AnyAsync(r => r.Name == roundName))
            {
                if (roundName != GeneratedRound)
                {
                    Console.Error.WriteLine($"results: the database has no round '{roundName}'.");
                    return 1;
                }

                var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
                var watch = Stopwatch.StartNew();
                RoundGenerator.Write(path, survey, roundName, invitations, responses);
                generateSeconds = watch.Elapsed.TotalSeconds;
                Console.Error.WriteLine($"generated {invitations:N0} invitations / {responses:N0} responses in {generateSeconds:F1} s ({path})");
            }
        }

        var answerCount = RawDb.Scalar(path, "SELECT COUNT(*) FROM \"Answers\"");
        if (invitations == 0)
        {
            // An existing round: its own size.
            var id = $"(SELECT \"Id\" FROM \"Rounds\" WHERE \"Name\" = '{roundName.Replace("'", "''")}')";
            invitations = (int)RawDb.Scalar(path, $"SELECT COUNT(*) FROM \"Invitations\" WHERE \"RoundId\" = {id}");
            responses = (int)RawDb.Scalar(path, $"SELECT COUNT(*) FROM \"Responses\" WHERE \"RoundId\" = {id}");
        }

        var loadBefore = Bench.LoadAverage();

        // The results cache (frozen and live figures) is the host's memory cache: emptied, the next call computes.
        var cache = (MemoryCache)host.Services.GetRequiredService<IMemoryCache>();

        async Task<IReadOnlyList<ResultCell>> ComputeCellsAsync(bool cached = false)
        {
            if (!cached)
            {
                cache.Clear();
            }

            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ResultsService>().ComputeCellsAsync(roundName);
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
            cache.Clear();
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ResultsService>()
                .ComputeWeightedCellsAsync(roundName, new WeightingRequest(WeightingMethod.PostStratification));
        }

        var weighted = await ComputeWeightedAsync();
        var weightedTimes = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            weighted = await ComputeWeightedAsync();
            weightedTimes.Add(watch.Elapsed.TotalMilliseconds);
        }

        // A page asking again: the figures of a round with no change since come from the cache (median of 5).
        var cachedTimes = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await ComputeCellsAsync(cached: true);
            cachedTimes.Add(watch.Elapsed.TotalMilliseconds);
        }

        var groups = RawDb.CountRows(path, groupBySql);
        var sqlTimes = new List<double>();
        var sqlCpu = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var cpu = Bench.CpuMs();
            var watch = Stopwatch.StartNew();
            groups = RawDb.CountRows(path, groupBySql);
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
            CachedMs = Math.Round(Bench.Median(cachedTimes), 2),
            WeightedMs = Math.Round(Bench.Median(weightedTimes), 1),
            WeightedRatio = Math.Round(Bench.Median(weightedTimes) / Bench.Median(cellTimes), 3),
            NlGradeN = nl.N,
            NlGradeMean = nl.Mean is { } mean ? Math.Round(mean, 4) : (double?)null,
            LoadBefore = loadBefore,
            LoadAfter = Bench.LoadAverage(),
        });
    }

    private static string Runs(List<double> values) => string.Join(", ", values.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)));
}
