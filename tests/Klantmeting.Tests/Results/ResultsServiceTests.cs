using System.Text;
using Klantmeting.Cli;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Results;

/// <summary>
/// The hand-made round of <see cref="ResultsRoundSeed"/> on a real SQLite file. Figures computed by hand from the seed
/// (t quantiles from the table: t(0.975; 23) = 2.068658, t(0.975; 12) = 2.178813, t(0.975; 13) = 2.160369,
/// t(0.975; 2) = 4.302653).
/// </summary>
/// <summary>Runs on every provider: see the subclasses below.</summary>
public abstract class ResultsServiceTests(DatabaseProvider provider)
{
    private const string Round = ResultsRoundSeed.RoundName;
    private const string QuotedRound = "\"Najaar 2009, T3\"";

    [Fact]
    public async Task Response_rate_export_is_exact()
    {
        await using var host = await StartAsync();

        var csv = await ExportAsync(host, (s, o) => s.WriteResponseRatesCsvAsync(Round, o));

        // NL: I = 23 (22 submitted + B15 at exactly 80%), P = 2 (A13, B11), R = 2 opt-outs (A15; A19 broke off first)
        // + 2 break-offs (A14, B16), UH = 4 (A16 pending, A17 failed, A18 claimed, B14 pending), UO = 1 (B13) + 1 bounced (B12).
        // RR1 = 23 / 35 = 0.6571, RR2 = 25 / 35 = 0.7143; WP-A 12 / 19 and 13 / 19; WP-B 11 / 16 and 12 / 16.
        // COOP1 = I / ((I + P) + R + O) = 23 / 29 = 0.7931, REF1 = R / 35 = 4 / 35 = 0.1143, CON1 = 29 / 35 = 0.8286;
        // WP-A (I 12, P 1, R 3): 12 / 16, 3 / 19, 16 / 19; WP-B (I 11, P 1, R 1): 11 / 13, 1 / 16, 13 / 16.
        Assert.Equal(
            "round,werkplein,invited,not_sent,sent,bounced,opted_out,break_off,partial,complete,rr1,rr2,coop1,ref1,con1\r\n" +
            $"{QuotedRound},NL,35,4,31,1,2,2,2,23,0.6571,0.7143,0.7931,0.1143,0.8286\r\n" +
            $"{QuotedRound},WP-A,19,3,16,0,2,1,1,12,0.6316,0.6842,0.7500,0.1579,0.8421\r\n" +
            $"{QuotedRound},WP-B,16,1,15,1,0,1,1,11,0.6875,0.7500,0.8462,0.0625,0.8125\r\n",
            csv);
    }

    [Fact]
    public async Task Cells_export_has_the_hand_computed_figures_and_suppresses_small_cells()
    {
        await using var host = await StartAsync();

        var csv = await ExportAsync(host, (s, o) => s.WriteCellsCsvAsync(Round, o));
        var lines = csv.Split("\r\n");

        Assert.Equal("round,werkplein,breakdown,group,measure,n,mean,sd,ci_low,ci_high,top2,suppressed", lines[0]);
        // totaaloordeel: 22 submitted completes + A13 (7) + B15 (6); B11 gave no grade. Sum 170, n 24; grade >= 8: 10.
        Assert.Equal($"{QuotedRound},NL,totaal,totaal,totaaloordeel,24,7.0833,1.7673,6.3371,7.8296,0.4167,false", lines[1]);
        Assert.StartsWith($"{QuotedRound},NL,totaal,totaal,bereikbaarheid,", lines[2], StringComparison.Ordinal);
        // WP-A bereikbaarheid: converted grades 10, 7.75, 7.75, 5.5, 5.5, 3.25, 10, 7.75, 5.5, 7.75, 1, 10 and A13 7.75.
        Assert.Contains($"{QuotedRound},WP-A,totaal,totaal,bereikbaarheid,13,6.8846,2.6841,5.2626,8.5066,0.6154,false", lines);
        // vaste contactpersoon ja: 9, 8, 8, 7, 10, 7, 8, 9, 7 (A13) and 8, 9, 8, 7, 10.
        Assert.Contains($"{QuotedRound},NL,vaste_contactpersoon,ja,totaaloordeel,14,8.2143,1.0509,7.6075,8.8211,0.7143,false", lines);
        // One respondent (B6): no figures at all, n included.
        Assert.Contains($"{QuotedRound},WP-B,uitkering,AO,totaaloordeel,,,,,,,true", lines);
        // Three respondents without dagen_tot_eerste_betaling gave a grade: below the default minimum of 10.
        Assert.Contains($"{QuotedRound},NL,dagen_tot_eerste_betaling,onbekend,totaaloordeel,,,,,,,true", lines);
        Assert.DoesNotContain(lines, l => l.Contains("regio_vrij", StringComparison.Ordinal));
        // 3 Werkplein columns x 12 groups (totaal; ja, nee; WW, WWB, AO, geen; 4 bands, onbekend) x 6 measures, header, final CRLF.
        Assert.Equal(3 * 12 * 6 + 2, lines.Length);
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public async Task Cells_come_in_a_fixed_order()
    {
        await using var host = await StartAsync();

        var cells = await ComputeAsync(host, s => s.ComputeCellsAsync(Round, CancellationToken.None));

        Assert.Equal(["NL", "WP-A", "WP-B"], cells.Select(c => c.Werkplein).Distinct());
        Assert.Equal(
            ["totaaloordeel", "bereikbaarheid", "persoonlijke_aandacht", "maatwerk", "tijdigheid", "duidelijkheid"],
            cells.Take(6).Select(c => c.Measure));
        Assert.Equal(
            ["totaal/totaal", "vaste_contactpersoon/ja", "vaste_contactpersoon/nee", "uitkering/WW", "uitkering/WWB", "uitkering/AO",
                "uitkering/geen", "dagen_tot_eerste_betaling/0-14", "dagen_tot_eerste_betaling/15-28", "dagen_tot_eerste_betaling/29-56",
                "dagen_tot_eerste_betaling/57+", "dagen_tot_eerste_betaling/onbekend"],
            cells.Where(c => c.Werkplein == "NL").Select(c => $"{c.Breakdown}/{c.Group}").Distinct());
    }

    [Fact]
    public async Task Principle_scores_skip_weet_niet_and_count_partials()
    {
        await using var host = await StartAsync();

        var cells = await ComputeAsync(host, s => s.ComputeCellsAsync(Round, CancellationToken.None));
        var cell = cells.Single(c => c is { Werkplein: "NL", Breakdown: "totaal", Measure: "persoonlijke_aandacht" });

        // 22 completes + B11 (2, 2, 3: score 1 + (7/3 - 1) * 9/4 = 4) + B15 (5.5); A13 answered only "weet niet": no score.
        Assert.Equal(24, cell.N);
        Assert.Equal(159.75 / 24, cell.Mean!.Value, 10);
        Assert.Equal(13.0 / 24, cell.Top2!.Value, 10);
        // Break-offs (A14, A19 answered 5 everywhere and 10) are no respondents: 12 completes + A13 in WP-A.
        Assert.Equal(13, cells.Single(c => c is { Werkplein: "WP-A", Breakdown: "totaal", Measure: "totaaloordeel" }).N);
    }

    [Fact]
    public async Task A_minimum_cell_size_of_3_shows_the_cell_of_three()
    {
        await using var host = await StartAsync(minimumCellSize: 3);

        var csv = await ExportAsync(host, (s, o) => s.WriteCellsCsvAsync(Round, o));
        var lines = csv.Split("\r\n");

        // A4 (7), A7 (10), B6 (8): mean 8.3333, s 1.5275, half width 4.302653 * 1.5275 / sqrt(3) = 3.7946; grade >= 8: 2 of 3.
        Assert.Contains($"{QuotedRound},NL,dagen_tot_eerste_betaling,onbekend,totaaloordeel,3,8.3333,1.5275,4.5388,12.1279,0.6667,false", lines);
        Assert.Contains($"{QuotedRound},WP-B,uitkering,AO,totaaloordeel,,,,,,,true", lines);
        Assert.Contains($"{QuotedRound},WP-B,uitkering,WWB,totaaloordeel,3,5.0000,1.0000,2.5159,7.4841,0.0000,false", lines);
    }

    [Fact]
    public async Task Response_rates_per_group_add_up_and_count_missing_values_as_onbekend()
    {
        await using var host = await StartAsync();

        var rows = await ComputeAsync(host, s => s.ComputeResponseRatesAsync(Round, CancellationToken.None));

        var nl = rows.Single(r => r is { Werkplein: "NL", Breakdown: "totaal" });
        Assert.Equal(35, nl.Invited);
        foreach (var breakdown in new[] { "vaste_contactpersoon", "uitkering", "dagen_tot_eerste_betaling" })
        {
            foreach (var werkplein in new[] { "NL", "WP-A", "WP-B" })
            {
                var total = rows.Single(r => r.Werkplein == werkplein && r.Breakdown == "totaal");
                var groups = rows.Where(r => r.Werkplein == werkplein && r.Breakdown == breakdown).ToList();
                Assert.Equal(total.Invited, groups.Sum(g => g.Invited));
                Assert.Equal(total.Complete, groups.Sum(g => g.Complete));
            }
        }

        // A4, A7, B6 complete; B11 partial.
        var unknown = rows.Single(r => r is { Werkplein: "NL", Breakdown: "dagen_tot_eerste_betaling", Group: "onbekend" });
        Assert.Equal((4, 3, 1, 0.75), (unknown.Invited, unknown.Complete, unknown.Partial, unknown.Rr1));
    }

    [Fact]
    public async Task Fieldwork_curve_counts_completes_per_amsterdam_day()
    {
        await using var host = await StartAsync();

        var curve = await ComputeAsync(host, s => s.ComputeFieldworkCurveAsync(Round, CancellationToken.None));

        // A1 submitted 22:30 UTC on the 14th = 00:30 on the 15th in Amsterdam; B15 reached 80% on the 16th without submitting.
        Assert.Equal(
            [
                new FieldworkPoint(new DateOnly(2009, 9, 14), 21, 21),
                new FieldworkPoint(new DateOnly(2009, 9, 15), 1, 22),
                new FieldworkPoint(new DateOnly(2009, 9, 16), 1, 23),
            ],
            curve);
    }

    [Fact]
    public async Task Unknown_round_is_a_dutch_error()
    {
        await using var host = await StartAsync();

        var e = await Assert.ThrowsAsync<RoundException>(() => ComputeAsync(host, s => s.ComputeCellsAsync("bestaat niet", CancellationToken.None)));
        Assert.Equal("Er is geen ronde met de naam 'bestaat niet'.", e.Message);
    }

    [Fact]
    public async Task Cli_exports_both_files_and_leaves_no_file_on_error()
    {
        await using var host = await StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Klantmeting"] = host.ConnectionString,
            ["Database:Provider"] = host.Provider.ToString(),
        };
        var cellsFile = Path.Combine(host.Directory, "uit", "cellen.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(cellsFile)!);
        var ratesFile = Path.Combine(host.Directory, "uit", "respons.csv");

        var (code, output, _) = await RunCliAsync(settings, "results", "export", "--round", Round, "--out", cellsFile);
        Assert.Equal(CliApp.Success, code);
        Assert.Contains(cellsFile, output, StringComparison.Ordinal);
        Assert.Equal(await ExportAsync(host, (s, o) => s.WriteCellsCsvAsync(Round, o)), await File.ReadAllTextAsync(cellsFile));

        (code, _, _) = await RunCliAsync(settings, "response-rate", "export", "--round", Round, "--out", ratesFile);
        Assert.Equal(CliApp.Success, code);
        var bytes = await File.ReadAllBytesAsync(ratesFile);
        Assert.NotEqual(0xEF, bytes[0]); // no BOM
        Assert.StartsWith("round,werkplein,invited,", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var missing = Path.Combine(host.Directory, "uit", "niets.csv");
        var (failed, _, error) = await RunCliAsync(settings, "results", "export", "--round", "bestaat niet", "--out", missing);
        Assert.Equal(CliApp.UserError, failed);
        Assert.Contains("Er is geen ronde met de naam 'bestaat niet'.", error, StringComparison.Ordinal);
        Assert.Equal(["cellen.csv", "respons.csv"], Directory.GetFiles(Path.GetDirectoryName(cellsFile)!).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_minimum_cell_size_of_zero_is_refused_at_start()
    {
        await using var host = await StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Klantmeting"] = host.ConnectionString,
            ["Database:Provider"] = host.Provider.ToString(),
            ["Results:MinimumCellSize"] = "0",
        };

        var (code, _, error) = await RunCliAsync(settings, "response-rate", "export", "--round", Round, "--out", Path.Combine(host.Directory, "x.csv"));

        Assert.Equal(CliApp.UserError, code);
        Assert.Contains("MinimumCellSize", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cells_are_the_same_when_the_ids_of_the_round_lie_far_apart()
    {
        await using var host = await StartAsync();
        var dense = await ExportAsync(host, (s, o) => s.WriteCellsCsvAsync(Round, o));

        // Every other participant and response of the round gets an id 100,000 higher (with everything that refers to
        // it), so the ids no longer fit the offset index and ComputeCellsAsync looks them up instead.
        await using (var scope = host.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Sqlite ? "PRAGMA foreign_keys = OFF" : "SET session_replication_role = replica");
            var moved = await db.Database.ExecuteSqlRawAsync(
                """
                UPDATE "ParticipantAttributes" SET "ParticipantId" = "ParticipantId" + 100000 WHERE "ParticipantId" % 2 = 0;
                UPDATE "ParticipantContacts" SET "ParticipantId" = "ParticipantId" + 100000 WHERE "ParticipantId" % 2 = 0;
                UPDATE "Invitations" SET "ParticipantId" = "ParticipantId" + 100000 WHERE "ParticipantId" % 2 = 0;
                UPDATE "Participants" SET "Id" = "Id" + 100000 WHERE "Id" % 2 = 0;
                UPDATE "Answers" SET "ResponseId" = "ResponseId" + 100000 WHERE "ResponseId" % 2 = 0;
                UPDATE "ResponseScores" SET "ResponseId" = "ResponseId" + 100000 WHERE "ResponseId" % 2 = 0;
                UPDATE "Responses" SET "Id" = "Id" + 100000 WHERE "Id" % 2 = 0;
                """);
            await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Sqlite ? "PRAGMA foreign_keys = ON" : "SET session_replication_role = DEFAULT");
            Assert.True(moved > 0);
        }

        var sparse = await ExportAsync(host, (s, o) => s.WriteCellsCsvAsync(Round, o));

        Assert.Equal(dense, sparse);
        Assert.Contains($"{QuotedRound},NL,totaal,totaal,totaaloordeel,24,7.0833,1.7673,6.3371,7.8296,0.4167,false", sparse.Split("\r\n"));
    }

    private async Task<TestHost> StartAsync(int? minimumCellSize = null)
    {
        var host = await TestHost.StartAsync(minimumCellSize is { } n
            ? new Dictionary<string, string?> { ["Results:MinimumCellSize"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : null, provider: provider);
        await using var scope = host.CreateScope();
        var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
        await ResultsRoundSeed.SeedAsync(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>(), survey);
        return host;
    }

    private static async Task<T> ComputeAsync<T>(TestHost host, Func<ResultsService, Task<T>> action)
    {
        await using var scope = host.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<ResultsService>());
    }

    private static async Task<string> ExportAsync(TestHost host, Func<ResultsService, Stream, Task> write)
    {
        using var stream = new MemoryStream();
        await ComputeAsync(host, async s =>
        {
            await write(s, stream);
            return 0;
        });
        return new UTF8Encoding(false, true).GetString(stream.ToArray());
    }

    private static async Task<(int Code, string Out, string Err)> RunCliAsync(Dictionary<string, string?> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, settings);
        return (code, output.ToString(), error.ToString());
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class ResultsServiceTestsOnSqlite() : ResultsServiceTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class ResultsServiceTestsOnPostgreSql() : ResultsServiceTests(DatabaseProvider.PostgreSql);
