using System.Text;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Klantmeting.Tests.Results;

/// <summary>
/// The benchmark of <see cref="BenchmarkSeed"/> with a minimum cell size of 3, against numbers computed by hand.
/// Grades: WP-N1 8, 8, 10, 8 (n 4, mean 8.5, sd 1); WP-N2 4, 6, 4, 6, 4 (n 5, mean 4.8, sd √1.2 = 1.095445);
/// WP-N3 6, 10, 8, 10 (n 4, mean 8.5, sd √(11/3) = 1.914854); WP-Z1 10, 2 (n 2: suppressed).
/// NL: n 15, sum 104, mean 6.933333. Regions: Noord = N1 + N2 + N3 (" Noord " is trimmed), Zuid = Z1.
/// Runs on every provider: see the subclasses below.
/// </summary>
public abstract class BenchmarkTests(DatabaseProvider provider)
{
    private const string Round = BenchmarkSeed.RoundName;

    private async Task<TestHost> StartAsync(string names = "anoniem")
    {
        var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Results:MinimumCellSize"] = "3",
            ["Results:BenchmarkNames"] = names,
        }, provider: provider);
        await using var scope = host.CreateScope();
        var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
        await BenchmarkSeed.SeedAsync(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>(), survey);
        return host;
    }

    private static async Task<WerkpleinBenchmark> BenchmarkAsync(TestHost host, string code)
    {
        await using var scope = host.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var werkplein = await db.Werkpleinen.AsNoTracking().SingleAsync(w => w.Code == code);
        var round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Name == Round);
        var benchmark = await scope.ServiceProvider.GetRequiredService<WerkpleinBenchmarks>().BuildAsync(werkplein, round, CancellationToken.None);
        Assert.NotNull(benchmark);
        return benchmark;
    }

    private static async Task<string> RegionCsvAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        using var output = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<ResultsService>().WriteRegionCellsCsvAsync(Round, output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task Ranks_follow_the_means_with_shared_places_and_leave_suppressed_werkpleinen_out()
    {
        await using var host = await StartAsync();

        var benchmark = await BenchmarkAsync(host, "WP-N2");

        Assert.Equal(4, benchmark.WerkpleinCount);
        // Grade + 5 principles; the principle scores are linear in the grade, so every measure ranks alike.
        Assert.Equal(6, benchmark.Measures.Count);
        foreach (var m in benchmark.Measures)
        {
            // N1 and N3 both 8.5: place 1 and 1; N2 4.8: place 3. Z1 (n 2) is not ranked: one left out.
            Assert.Equal([1, 1, 3], m.Ranking.Select(r => r.Rank));
            Assert.Equal(3, m.OwnRank);
            Assert.Equal(1, m.LeftOut);
            Assert.True(m.Ranking[2].IsOwn);
            Assert.DoesNotContain(m.Ranking, r => r.Cell.Werkplein == "WP-Z1");
        }

        var grade = benchmark.Measures[0];
        Assert.Equal(SurveyDefinition.GradeItemId, grade.Id);
        Assert.Equal([8.5, 8.5, 4.8], grade.Ranking.Select(r => Math.Round(r.Cell.Mean!.Value, 6)));
        // A principle: 1.125 * 8.5 - 1.25 = 8.3125 and 1.125 * 4.8 - 1.25 = 4.15.
        Assert.Equal([8.3125, 8.3125, 4.15], benchmark.Measures[1].Ranking.Select(r => Math.Round(r.Cell.Mean!.Value, 6)));

        // The suppressed Werkplein itself: no place, no test, still told how many were left out.
        var z1 = await BenchmarkAsync(host, "WP-Z1");
        Assert.All(z1.Measures, m => Assert.Null(m.OwnRank));
        Assert.All(z1.Measures, m => Assert.Null(m.Test));
        Assert.All(z1.Measures, m => Assert.True(m.Own!.Suppressed));
        Assert.All(z1.Measures, m => Assert.Equal(1, m.LeftOut));
    }

    [Fact]
    public async Task The_significance_flag_is_welch_against_the_rest_of_the_country_with_holm_across_the_measures()
    {
        await using var host = await StartAsync();

        // WP-N2 against the rest (N1, N3, Z1: 8, 8, 10, 8, 6, 10, 8, 10, 10, 2): n 10, mean 8, SS 696 - 640 = 56, sd √(56/9) = 2.494438.
        // se = √(1.2/5 + 6.222222/10) = √0.862222 = 0.928559; t = (4.8 - 8) / se = -3.446199;
        // df = 0.862222² / (0.24²/4 + 0.622222²/9) = 12.947670; two-sided p = 0.004363 (Student's t).
        // Holm over 6 measures with the same p: 6 * 0.004363 = 0.026179 < 0.05: significant, lower.
        var n2 = await BenchmarkAsync(host, "WP-N2");
        foreach (var m in n2.Measures)
        {
            var test = m.Test!;
            Assert.Equal(10, test.Rest.N);
            Assert.Equal(-3.446199, test.Test.T, 5);
            Assert.Equal(12.947670, test.Test.Df, 5);
            Assert.Equal(0.004363, test.Test.P, 6);
            Assert.Equal(0.026179, test.AdjustedP, 5);
            Assert.True(test.Significant);
        }

        var gradeTest = n2.Measures[0].Test!;
        Assert.Equal(8, gradeTest.Rest.Mean!.Value, 9);
        Assert.Equal(2.494438, gradeTest.Rest.Sd!.Value, 6);
        Assert.Equal(-3.2, gradeTest.Test.Difference, 9);

        // WP-N1 against the rest (N2, N3, Z1): n 11, mean 70/11 = 6.363636, SS 524 - 4900/11 = 78.545455, sd 2.802596;
        // t = 2.136364 / √(1/4 + 7.854545/11) = 2.175833, df 12.940566, p = 0.048696: below 5% alone, but
        // Holm over 6 measures gives 0.292178: not significant.
        var n1 = await BenchmarkAsync(host, "WP-N1");
        foreach (var m in n1.Measures)
        {
            Assert.Equal(2.175833, m.Test!.Test.T, 5);
            Assert.Equal(12.940566, m.Test.Test.Df, 5);
            Assert.Equal(0.048696, m.Test.Test.P, 6);
            Assert.Equal(0.292178, m.Test.AdjustedP, 5);
            Assert.False(m.Test.Significant);
        }
    }

    [Fact]
    public async Task Comparison_groups_pool_respondents_by_region_and_else_by_size_class()
    {
        await using var host = await StartAsync();

        // WP-N1: region Noord has 3 Werkpleinen. Pooled over its 13 respondents (not a mean of the means 8.5, 4.8, 8.5):
        // sum 34 + 24 + 34 = 92, mean 7.076923; SS 712 - 92²/13 = 60.923077, sd √(60.923077/12) = 2.253203;
        // half-width t(0.975; 12) 2.178813 * 2.253203 / √13 = 1.361597: 5.715326 - 8.438520.
        var n1 = await BenchmarkAsync(host, "WP-N1");
        var group = n1.Group!;
        Assert.Equal(ComparisonGroupKind.Region, group.Kind);
        Assert.Equal("Noord", group.Key);
        Assert.Equal(3, group.Members.Count);
        var pooled = n1.Measures[0].Group!;
        Assert.Equal(13, pooled.N);
        Assert.Equal(7.076923, pooled.Mean!.Value, 6);
        Assert.Equal(2.253203, pooled.Sd!.Value, 6);
        Assert.Equal(5.715326, pooled.CiLow!.Value, 5);
        Assert.Equal(8.438520, pooled.CiHigh!.Value, 5);
        // Members, highest grade first: N1 and N3 (8.5), N2 (4.8).
        Assert.Equal([8.5, 8.5, 4.8], group.Members.Select(m => Math.Round(m.Grade!.Mean!.Value, 6)));

        // WP-Z1: region Zuid has one Werkplein, so the size class: all four invited fewer than 500 ("klein").
        // Pooled over all 15 respondents: mean 104/15 = 6.933333.
        var z1 = await BenchmarkAsync(host, "WP-Z1");
        Assert.Equal(ComparisonGroupKind.SizeClass, z1.Group!.Kind);
        Assert.Equal("klein", z1.Group.Key);
        Assert.True(z1.Group.RegionTooSmall);
        Assert.Equal(4, z1.Group.Members.Count);
        Assert.Equal(15, z1.Measures[0].Group!.N);
        Assert.Equal(6.933333, z1.Measures[0].Group!.Mean!.Value, 6);
        // Its own grade is suppressed (n 2) in the member list too: no figures.
        Assert.Null(z1.Group.Members.Single(m => m.IsOwn).Grade!.Mean);
    }

    [Fact]
    public async Task Regional_totals_are_pooled_like_the_national_cells_and_a_small_region_shows_no_figure()
    {
        await using var host = await StartAsync();

        var lines = (await RegionCsvAsync(host)).Split("\r\n");

        Assert.Equal("round,region,breakdown,group,measure,n,mean,sd,ci_low,ci_high,top2,suppressed", lines[0]);
        // Noord: the figures above; top-2 (grade 8 or more): N1 4, N2 0, N3 3 = 7/13 = 0.5385.
        Assert.Equal($"{Round},Noord,totaal,totaal,totaaloordeel,13,7.0769,2.2532,5.7153,8.4385,0.5385,false", lines[1]);
        // Zuid: 2 respondents, below the minimum of 3: no figures at all, in every cell of the region.
        Assert.Contains($"{Round},Zuid,totaal,totaal,totaaloordeel,,,,,,,true", lines);
        Assert.All(lines.Where(l => l.Contains(",Zuid,", StringComparison.Ordinal)), l => Assert.EndsWith(",,,,,,,true", l, StringComparison.Ordinal));
        // A principle of Noord: scores 1.125 g - 1.25, so mean 1.125 * 7.076923 - 1.25 = 6.711538.
        Assert.Contains($"{Round},Noord,totaal,totaal,bereikbaarheid,13,6.7115,2.5349,5.1797,8.2433,0.5385,false", lines);
        // The same breakdown groups as the national cells.
        Assert.Contains($"{Round},Noord,vaste_contactpersoon,ja,totaaloordeel,13,7.0769,2.2532,5.7153,8.4385,0.5385,false", lines);
    }

    [Fact]
    public async Task Names_of_other_werkpleinen_only_when_the_setting_says_zichtbaar()
    {
        await using (var host = await StartAsync("anoniem"))
        {
            var hidden = await BenchmarkAsync(host, "WP-N1");
            Assert.False(hidden.NamesShown);
            Assert.All(hidden.Measures.SelectMany(m => m.Ranking), r => Assert.Equal(r.IsOwn ? "Werkplein Noord Een" : null, r.Label));
            Assert.All(hidden.Group!.Members, m => Assert.Equal(m.IsOwn ? "Werkplein Noord Een" : null, m.Label));
            // Nor do their cells carry a code.
            Assert.All(hidden.Measures.SelectMany(m => m.Ranking), r => Assert.Equal(r.IsOwn ? "WP-N1" : "", r.Cell.Werkplein));
            Assert.All(hidden.Group.Members, m => Assert.Equal(m.IsOwn ? "WP-N1" : "", m.Grade!.Werkplein));
        }

        await using (var host = await StartAsync("zichtbaar"))
        {
            var shown = await BenchmarkAsync(host, "WP-N1");
            Assert.True(shown.NamesShown);
            Assert.Equal(["Werkplein Noord Een", "Werkplein Noord Drie", "Werkplein Noord Twee"], shown.Measures[0].Ranking.Select(r => r.Label));
            Assert.Equal(["Werkplein Noord Een", "Werkplein Noord Drie", "Werkplein Noord Twee"], shown.Group!.Members.Select(m => m.Label));
            Assert.Equal(["WP-N1", "WP-N3", "WP-N2"], shown.Measures[0].Ranking.Select(r => r.Cell.Werkplein));
        }
    }

    [Fact]
    public async Task Another_value_of_benchmark_names_is_refused_with_a_clear_message()
    {
        await using var host = await StartAsync("geheim");

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ResultsOptions>>().Value);
        Assert.Contains("Results:BenchmarkNames moet 'anoniem' of 'zichtbaar' zijn.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_round_keeps_the_regions_of_its_snapshot_until_it_is_refreshed()
    {
        await using var host = await StartAsync();
        var live = await RegionCsvAsync(host);
        await using (var scope = host.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoundService>().CloseAsync(Round);
        }

        Assert.Equal(live, await RegionCsvAsync(host));

        // WP-N3 moves to Zuid after closing: the frozen regional totals and comparison groups do not change.
        await host.WithDbAsync(db => db.Werkpleinen.Where(w => w.Code == "WP-N3").ExecuteUpdateAsync(s => s.SetProperty(w => w.Region, "Zuid")));
        Assert.Equal(live, await RegionCsvAsync(host));
        Assert.Equal(ComparisonGroupKind.Region, (await BenchmarkAsync(host, "WP-N1")).Group!.Kind);

        // An explicit refresh (as after an import) recomputes them with the current regions: Noord now has
        // N1 + N2 (9 respondents, sum 58, mean 6.4444), too few Werkpleinen for a group.
        await using (var scope = host.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ResultsService>().RefreshFrozenAsync(Round));
        }

        Assert.Contains($"{Round},Noord,totaal,totaal,totaaloordeel,9,6.4444,", await RegionCsvAsync(host), StringComparison.Ordinal);
        Assert.Equal(ComparisonGroupKind.SizeClass, (await BenchmarkAsync(host, "WP-N1")).Group!.Kind);
    }
}

public sealed class BenchmarkTestsOnSqlite() : BenchmarkTests(DatabaseProvider.Sqlite);

public sealed class BenchmarkTestsOnPostgreSql() : BenchmarkTests(DatabaseProvider.PostgreSql);
