using System.Text;
using Klantmeting.Comparison;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Comparison;

/// <summary>
/// The comparison of <see cref="ComparisonSeed"/>'s 2007 and 2009 rounds, with 2007 <c>houvast</c> / 2009
/// <c>duidelijkheid</c> unmatched. WP-A totaaloordeel: 6.5 (sd sqrt(3/11) = 0.522233, n 12) -> 7.5 (same sd, n 12):
/// se = sqrt(2 * 3/11 / 12) = 0.213201, t = 4.690416, df = 22, two-sided p = 0.000111777 (numerical integration of
/// the t density). WP-C: identical rounds, t = 0, p = 1. Holm over WP-A and WP-C: 2 * 0.000111777 and 1.
/// Runs on every provider: see the subclasses below.
/// </summary>
public abstract class ComparisonServiceTests(DatabaseProvider provider)
{
    private static readonly string[] _rounds = [ComparisonSeed.Round2009, ComparisonSeed.Round2007];

    [Fact]
    public async Task Principles_are_matched_through_comparable_to_and_the_unmatched_are_apart()
    {
        await using var host = await StartAsync();

        var comparison = await CompareAsync(host, _rounds, ComparisonScope.National);

        // Oldest first, whatever the order asked.
        Assert.Equal([ComparisonSeed.Round2007, ComparisonSeed.Round2009], comparison.Rounds.Select(r => r.Name));
        Assert.Equal(["totaaloordeel", "bereikbaarheid", "persoonlijke_aandacht", "maatwerk", "tijdigheid"], comparison.Measures.Select(m => m.Id));
        Assert.Equal(["toegankelijkheid", "bereikbaarheid"], comparison.Measures.Single(m => m.Id == "bereikbaarheid").IdPerRound);
        Assert.Equal(["evenwichtige_behandeling", "maatwerk"], comparison.Measures.Single(m => m.Id == "maatwerk").IdPerRound);
        Assert.Equal(
            [(ComparisonSeed.Round2007, "houvast"), (ComparisonSeed.Round2009, "duidelijkheid")],
            comparison.Unmatched.Select(u => (u.Round, u.PrincipleId)));
        Assert.All(comparison.Unmatched, u => Assert.StartsWith("geen vergelijkbaar principe in", u.Reason, StringComparison.Ordinal));
        // Never compared: no row, only their own cells.
        Assert.DoesNotContain(comparison.Rows, r => r.Measure.IdPerRound.Contains("houvast") || r.Measure.IdPerRound.Contains("duidelijkheid"));
        Assert.Equal([("houvast", 34), ("duidelijkheid", 27)], comparison.UnmatchedCells.Select(c => (c.Measure, c.N!.Value)));
        // Nationally only NL.
        Assert.All(comparison.Rows, r => Assert.Equal("NL", r.Werkplein));
    }

    [Fact]
    public async Task Welch_and_holm_per_werkplein_and_suppressed_cells_are_never_compared()
    {
        await using var host = await StartAsync();

        var comparison = await CompareAsync(host, _rounds, ComparisonScope.Werkpleinen);

        Assert.Equal(["NL", "WP-A", "WP-B", "WP-C"], comparison.Rows.Select(r => r.Werkplein).Distinct());
        var a = Row(comparison, "WP-A", "totaaloordeel");
        Assert.Equal([6.5, 7.5], a.Cells.Select(c => Math.Round(c!.Mean!.Value, 10)));
        var change = Assert.Single(a.Changes);
        Assert.Equal(ChangeStatus.Tested, change.Status);
        Assert.Equal(1.0, change.Test!.Value.Difference, 10);
        Assert.Equal(4.690416, change.Test!.Value.T, 6);
        Assert.Equal(22.0, change.Test!.Value.Df, 6);
        Assert.Equal(0.000111777, change.Test!.Value.P, 8);
        Assert.Equal(2 * 0.000111777, change.HolmP!.Value, 8);
        Assert.True(change.Significant);

        var c = Assert.Single(Row(comparison, "WP-C", "totaaloordeel").Changes);
        Assert.Equal(0, c.Test!.Value.T);
        Assert.Equal(1.0, c.HolmP!.Value, 10);
        Assert.False(c.Significant);

        // The converted principle scores follow the grades: 5.5/7.75 -> 7.75/10, the same t.
        var principle = Assert.Single(Row(comparison, "WP-A", "bereikbaarheid").Changes);
        Assert.Equal(4.690416, principle.Test!.Value.T, 6);

        // WP-B has 5 respondents in 2009, below the minimum of 10: no figures, no test, not in the Holm family.
        var b = Row(comparison, "WP-B", "totaaloordeel");
        Assert.True(b.Cells[1]!.Suppressed);
        Assert.Null(b.Cells[1]!.Mean);
        Assert.Equal(ChangeStatus.Suppressed, b.Changes[0].Status);
        Assert.Null(b.Changes[0].Test);
        Assert.Null(b.Changes[0].HolmP);

        // NL is a family of one: Holm p = p.
        var nl = Row(comparison, "NL", "totaaloordeel").Changes[0];
        Assert.Equal([34, 27], Row(comparison, "NL", "totaaloordeel").Cells.Select(x => x!.N!.Value));
        Assert.Equal(nl.Test!.Value.P, nl.HolmP!.Value, 15);

        // Ranking in the latest round, with intervals; WP-B left out (suppressed).
        var (ranked, suppressed) = comparison.Ranking("totaaloordeel");
        Assert.Equal(["WP-A", "WP-C"], ranked.Select(r => r.Werkplein));
        Assert.Equal(1, suppressed);
        Assert.Equal(7.5, ranked[0].Mean, 10);
        Assert.True(ranked[0].CiLow < 7.5 && ranked[0].CiHigh > 7.5);
        Assert.Equal(ComparisonSeed.NameOfC, ranked[1].WerkpleinName);
    }

    [Fact]
    public async Task A_werkplein_missing_from_a_round_is_not_compared()
    {
        await using var host = await StartAsync();
        await host.WithDbAsync(async db =>
        {
            var d = db.Werkpleinen.Add(new Werkplein { Code = "WP-D", Name = "Werkplein D" }).Entity;
            await db.SaveChangesAsync();
            var all = await db.Werkpleinen.ToDictionaryAsync(w => w.Code);
            var surveys = host.Services.GetRequiredService<ISurveyCatalog>();
            await ComparisonSeed.RoundAsync(db, surveys.Get("werkzoekenden-2009"), "Voorjaar 2010", new DateOnly(2010, 3, 1), all,
                [("WP-A", 7, 10), ("WP-D", 8, 12)]);
            return 0;
        });

        var comparison = await CompareAsync(host, [ComparisonSeed.Round2009, "Voorjaar 2010"], ComparisonScope.Werkpleinen);

        Assert.Equal(ChangeStatus.Missing, Row(comparison, "WP-D", "totaaloordeel").Changes[0].Status);
        Assert.Null(Row(comparison, "WP-D", "totaaloordeel").Cells[0]);
        // Same questionnaire: every principle matches itself, nothing is unmatched.
        Assert.Empty(comparison.Unmatched);
        Assert.Equal(6, comparison.Measures.Count);
        // WP-A 10 x 7 after 12 of 7 and 8: tested; WP-C took no part in 2010.
        Assert.Equal(ChangeStatus.Tested, Row(comparison, "WP-A", "totaaloordeel").Changes[0].Status);
        Assert.Equal(ChangeStatus.Missing, Row(comparison, "WP-C", "totaaloordeel").Changes[0].Status);
    }

    [Fact]
    public async Task Rounds_of_different_audiences_are_refused()
    {
        await using var host = await StartAsync();
        await host.WithDbAsync(async db =>
        {
            var all = await db.Werkpleinen.ToDictionaryAsync(w => w.Code);
            await ComparisonSeed.RoundAsync(db, host.Services.GetRequiredService<ISurveyCatalog>().Get("werkgevers-2009"),
                "Werkgevers 2009", new DateOnly(2009, 9, 1), all, [("WP-A", 7, 10)]);
            return 0;
        });

        var error = await Assert.ThrowsAsync<ComparisonException>(() =>
            CompareAsync(host, [ComparisonSeed.Round2009, "Werkgevers 2009"], ComparisonScope.National));

        Assert.Contains("verschillende doelgroepen", error.Message, StringComparison.Ordinal);
        Assert.Contains("werkgevers: Werkgevers 2009", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { ComparisonSeed.Round2009 }, "ten minste twee")]
    [InlineData(new[] { ComparisonSeed.Round2009, ComparisonSeed.Round2009 }, "ten minste twee")]
    [InlineData(new[] { ComparisonSeed.Round2009, "Bestaat niet" }, "geen ronde met de naam 'Bestaat niet'")]
    public async Task Bad_choices_are_refused_with_a_clear_message(string[] rounds, string message)
    {
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<ComparisonException>(() => CompareAsync(host, rounds, ComparisonScope.National));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_has_a_line_per_change_and_the_unmatched_apart()
    {
        await using var host = await StartAsync();
        var comparison = await CompareAsync(host, _rounds, ComparisonScope.Werkpleinen);

        using var output = new MemoryStream();
        await ComparisonService.WriteCsvAsync(comparison, output);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n");

        Assert.Equal(ComparisonService.CsvHeader, lines[0]);
        // WP-A: CI 6.5 +- t(0.975; 11) 2.200985 * 0.522233 / sqrt(12) = 6.5 +- 0.331813. WP-B 2007: six 6 and six 8, sd sqrt(12/11),
        // 7 +- 2.200985 * 1.044466 / sqrt(12) = 7 +- 0.663627.
        Assert.Contains("totaaloordeel,WP-A,Najaar 2007,Najaar 2009,totaaloordeel,totaaloordeel,12,6.5000,6.1682,6.8318,12,7.5000,7.1682,7.8318,1.0000,4.6904,22.0000,0.0001,0.0002,true,getoetst", lines);
        Assert.Contains(lines, l => l.StartsWith("bereikbaarheid,WP-A,Najaar 2007,Najaar 2009,toegankelijkheid,bereikbaarheid,12,6.6250,", StringComparison.Ordinal));
        Assert.Contains("totaaloordeel,WP-B,Najaar 2007,Najaar 2009,totaaloordeel,totaaloordeel,12,7.0000,6.3364,7.6636,,,,,,,,,,,te_weinig_respondenten", lines);
        // Suppressed in its own round: no figures there either.
        Assert.Contains("duidelijkheid,WP-B,Najaar 2009,,duidelijkheid,,,,,,,,,,,,,,,,niet_vergelijkbaar", lines);
        Assert.Contains(lines, l => l.StartsWith("houvast,NL,Najaar 2007,,houvast,,34,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("duidelijkheid,WP-A,Najaar 2009,,duidelijkheid,", StringComparison.Ordinal) && l.EndsWith(",niet_vergelijkbaar", StringComparison.Ordinal));
        // 4 werkplein columns (NL, A, B, C) x 5 measures x 1 pair; unmatched: houvast 2007 (NL, A, B, C) + duidelijkheid 2009 (NL, A, B, C); header; final CRLF.
        Assert.Equal(1 + 20 + 8 + 1, lines.Length);
    }

    [Fact]
    public async Task A_changed_link_is_followed_but_never_tested()
    {
        await using var host = await StartAsync();
        var comparison = await CompareAsync(host, _rounds, ComparisonScope.Werkpleinen);

        var maatwerk = comparison.Measures.Single(m => m.Id == "maatwerk");
        Assert.Equal([false, true], maatwerk.ChangedBefore);
        Assert.Contains("Maatwerk gaat over hulp die past bij uw situatie", maatwerk.ChangeNoteBefore(1), StringComparison.Ordinal);
        Assert.Equal([false, false], comparison.Measures.Single(m => m.Id == "bereikbaarheid").ChangedBefore);
        Assert.Equal([false, false], comparison.Measures.Single(m => m.Id == "totaaloordeel").ChangedBefore);
        foreach (var row in comparison.Rows.Where(r => r.Measure.Id == "maatwerk"))
        {
            var change = Assert.Single(row.Changes);
            Assert.Equal(ChangeStatus.Redefined, change.Status);
            Assert.Null(change.Test);
            Assert.Null(change.HolmP);
            Assert.False(change.Significant);
        }

        // The figures of both rounds stay: WP-A 2007 six 5.5 and six 7.75.
        Assert.Equal(6.625, Row(comparison, "WP-A", "maatwerk").Cells[0]!.Mean!.Value, 10);
        using var output = new MemoryStream();
        await ComparisonService.WriteCsvAsync(comparison, output);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n");
        Assert.Contains(lines, l => l.StartsWith("maatwerk,WP-A,Najaar 2007,Najaar 2009,evenwichtige_behandeling,maatwerk,12,6.6250,", StringComparison.Ordinal)
            && l.EndsWith(",,,,,,,definitie_gewijzigd", StringComparison.Ordinal));
    }

    private static ComparisonRow Row(RoundComparison comparison, string werkplein, string measure) =>
        comparison.Rows.Single(r => r.Werkplein == werkplein && r.Measure.Id == measure);

    private static async Task<RoundComparison> CompareAsync(TestHost host, IEnumerable<string> rounds, ComparisonScope scope)
    {
        await using var scopeProvider = host.CreateScope();
        return await scopeProvider.ServiceProvider.GetRequiredService<ComparisonService>().CompareAsync(rounds, scope);
    }

    private async Task<TestHost> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "klantmeting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var host = await TestHost.StartAsync(
            new Dictionary<string, string?> { [SurveyExtensions.PathSetting] = ComparisonSeed.SurveysWithAnUnmatchedPrinciple(folder) },
            folder, provider);
        await host.WithDbAsync(async db =>
        {
            await ComparisonSeed.SeedAsync(db, host.Services.GetRequiredService<ISurveyCatalog>());
            return 0;
        });
        return host;
    }
}

public sealed class ComparisonServiceTestsOnSqlite() : ComparisonServiceTests(DatabaseProvider.Sqlite);

public sealed class ComparisonServiceTestsOnPostgreSql() : ComparisonServiceTests(DatabaseProvider.PostgreSql);
