using Klantmeting.Infrastructure.Data;
using Klantmeting.Landkaart;
using Klantmeting.Reports;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Reports;

/// <summary>
/// The tertaal report of T3 2009 from <see cref="TertaalReportSeed"/>, every figure computed by hand:
/// <list type="bullet">
/// <item>NL overall grade T3: (6x7 + 6x8 + 5x7) / 17 = 125/17 = 7,35 -> "7,4"; T2: (6x6 + 6x7 + 5x6 + 5x8) / 22 = 148/22 = 6,73 -> "6,7".
/// Welch: difference 0,626, t = 2,94 with 35,0 df, p about 0,006: significant, so "hoger".</item>
/// <item>NL principle T3: (11 x 7,75 + 6 x 10) / 17 = 145,25/17 = 8,54 -> "8,5"; T2: (11 x 5,5 + 6 x 7,75 + 5 x 10) / 22 = 157/22 = 7,14 -> "7,1".</item>
/// <item>With a contact person T3: (6x8 + 5x7) / 11 = 83/11 = 7,55 -> "7,5"; T2: (6x7 + 5x8) / 11 = 82/11 = 7,45 -> "7,5".
/// Without, T3: 6 respondents, below 10: suppressed; T2: 11 x 6 -> "6,0".</item>
/// <item>Response (RR1) T3: NL 17 of 20 = 85,0%; WP-A 12 of 15 = 80,0%.</item>
/// <item>WP-A: 7,5 (T2 6,5; t = 4,69, 22 df: "hoger"); WP-B: 5 respondents, suppressed (T2 7,0).</item>
/// <item>Landkaart T3: WP-A 100%, WP-B 33%, national (100 + 33,3) / 2 = 67%; T2 67% (WP-A only).</item>
/// </list>
/// </summary>
public abstract class TertaalReportTests(DatabaseProvider provider)
{
    private static readonly Tertaal _t3 = new(2009, 3);

    private async Task<(TestHost Host, TertaalReport Report)> BuildAsync(Func<KlantmetingDbContext, ISurveyCatalog, Task>? seed = null)
    {
        var host = await TestHost.StartAsync(provider: provider);
        await host.WithDbAsync(async db =>
        {
            await (seed ?? TertaalReportSeed.SeedAsync)(db, host.Services.GetRequiredService<ISurveyCatalog>());
            return 0;
        });
        await using var scope = host.CreateScope();
        return (host, await scope.ServiceProvider.GetRequiredService<TertaalReportService>().BuildAsync(_t3));
    }

    [Fact]
    public async Task The_national_figures_equal_the_hand_computed_ones()
    {
        var (host, report) = await BuildAsync();
        await using var _ = host;

        Assert.Equal([new ReportRound("werkzoekenden", TertaalReportSeed.Autumn, TertaalReportSeed.Spring)], report.Rounds);
        var nl = Assert.Single(report.National.Audiences);
        var grade = nl.Measures[0];
        Assert.Equal(125.0 / 17, grade.Current!.Mean!.Value, 9);
        Assert.Equal(148.0 / 22, grade.Previous!.Mean!.Value, 9);
        Assert.True(grade.Change!.Significant);
        Assert.Equal(0.6257, grade.Change.Test!.Value.Difference, 4);
        Assert.Equal(2.9376, grade.Change.Test!.Value.T, 4);
        Assert.Equal(145.25 / 17, nl.Measures[1].Current!.Mean!.Value, 9);
        Assert.Equal(157.0 / 22, nl.Measures[1].Previous!.Mean!.Value, 9);

        var with = nl.Breakdowns.Single(b => b.Name == "Met een vaste contactpersoon");
        Assert.Equal(83.0 / 11, with.Current!.Mean!.Value, 9);
        Assert.Equal(82.0 / 11, with.Previous!.Mean!.Value, 9);
        var without = nl.Breakdowns.Single(b => b.Name == "Zonder vaste contactpersoon");
        Assert.True(without.Current!.Suppressed);
        Assert.Null(without.Current.Mean);
        Assert.Equal(6.0, without.Previous!.Mean!.Value, 9);
        Assert.Equal(17.0 / 20, nl.Response!.Rr1!.Value, 9);

        Assert.Equal(200.0 / 3, report.National.LandkaartPercent!.Value, 9);
        Assert.Equal(200.0 / 3, report.National.PreviousLandkaartPercent!.Value, 9);
        Assert.Equal(new Dictionary<string, int> { ["rood"] = 1, ["oranje"] = 0, ["blauw"] = 0, ["groen"] = 1 }, report.Landkaart.Milestones[13].Counts);

        Assert.Equal(
        [
            "Werkzoekenden: het totaaloordeel is 7,4, hoger dan in T2 (6,7).",
            "Werkzoekenden met een vaste contactpersoon geven een 7,5 (T2: 7,5).",
            "De respons van de werkzoekenden was 85,0%.",
            "De score op de landkaart is 67% (T2: 67%).",
        ], report.National.Summary);
    }

    [Fact]
    public async Task Each_werkplein_has_its_part_and_a_werkplein_sees_only_its_own()
    {
        var (host, report) = await BuildAsync();
        await using var _ = host;

        Assert.Equal(["WP-A", "WP-B"], report.Werkpleinen.Select(w => w.Code));
        var a = report.Werkpleinen[0];
        Assert.Equal(7.5, a.Audiences[0].Measures[0].Current!.Mean!.Value, 9);
        Assert.Equal(6.5, a.Audiences[0].Measures[0].Previous!.Mean!.Value, 9);
        Assert.True(a.Audiences[0].Measures[0].Change!.Significant);
        Assert.Equal(12.0 / 15, a.Audiences[0].Response!.Rr1!.Value, 9);
        Assert.Equal(100, a.LandkaartPercent!.Value, 9);
        Assert.Equal(200.0 / 3, a.PreviousLandkaartPercent!.Value, 9);
        Assert.Equal("Werkzoekenden: het totaaloordeel is 7,5, hoger dan in T2 (6,5).", a.Summary[0]);
        Assert.Equal("De score op de landkaart is 100% (T2: 67%).", a.Summary[^1]);

        var b = report.Werkpleinen[1];
        Assert.True(b.Audiences[0].Measures[0].Current!.Suppressed);
        Assert.Equal(7.0, b.Audiences[0].Measures[0].Previous!.Mean!.Value, 9);
        Assert.Equal("Werkzoekenden: te weinig antwoorden voor een totaaloordeel.", b.Summary[0]);
        Assert.Equal("De score op de landkaart is 33%.", b.Summary[^1]);

        var own = report.ForWerkplein("WP-A");
        Assert.Equal(["WP-A"], own.Werkpleinen.Select(w => w.Code));
        Assert.Equal(["WP-A"], own.Landkaart.Werkpleinen.Select(w => w.Code));
        Assert.Equal(report.National, own.National);
    }

    [Fact]
    public async Task The_pdf_text_holds_the_figures()
    {
        var (host, report) = await BuildAsync();
        await using var _ = host;

        var pdf = TertaalPdf.Render(report, host.Services.GetRequiredService<LandkaartDefinition>());

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("Werkzoekenden: het totaaloordeel is 7,4, hoger dan in T2 (6,7).", text, StringComparison.Ordinal);
        Assert.Contains("Met een vaste contactpersoon 7,5 11 7,5", text, StringComparison.Ordinal);
        Assert.Contains("De respons van de werkzoekenden was 85,0%.", text, StringComparison.Ordinal);
        Assert.Contains("Landelijk gemiddelde: 67% (T2: 67%).", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_benefit_groups_above_the_minimum_have_the_hand_computed_means_and_a_small_group_stays_suppressed()
    {
        var (host, report) = await BuildAsync(TertaalBenefitSeed.SeedAsync);
        await using var _ = host;
        var now = TertaalBenefitSeed.Autumn;
        var before = TertaalBenefitSeed.Spring;

        // The helper's means, once more by hand (see TertaalBenefitSeed).
        Assert.Equal(7.5, TertaalBenefitSeed.Mean(now, "WW")!.Value, 12);
        Assert.Equal(76.0 / 11, TertaalBenefitSeed.Mean(now, "WWB")!.Value, 12);
        Assert.Equal(89.0 / 13, TertaalBenefitSeed.Mean(now, "AO")!.Value, 12);

        var nl = Assert.Single(report.National.Audiences);
        foreach (var (benefit, name) in new[] { ("WW", "Met een WW-uitkering"), ("WWB", "Met een bijstandsuitkering (WWB)"),
            ("AO", "Met een uitkering omdat zij (deels) niet kunnen werken (WAO, WIA of Wajong)") })
        {
            var group = nl.Breakdowns.Single(b => b.Name == name);
            Assert.False(group.Current!.Suppressed, name);
            Assert.Equal(TertaalBenefitSeed.Count(now, benefit), group.Current.N);
            Assert.Equal(TertaalBenefitSeed.Mean(now, benefit)!.Value, group.Current.Mean!.Value, 9);
            Assert.Equal(TertaalBenefitSeed.Mean(before, benefit)!.Value, group.Previous!.Mean!.Value, 9);
        }

        // "Zonder uitkering": 4 now and 3 before, both below the minimum of 10.
        var none = nl.Breakdowns.Single(b => b.Name == "Zonder uitkering");
        Assert.True(none.Current!.Suppressed);
        Assert.Null(none.Current.Mean);
        Assert.True(none.Previous!.Suppressed);
        Assert.Null(none.Previous.Mean);

        var wpA = report.Werkpleinen.Single(w => w.Code == "WP-A").Audiences[0].Breakdowns;
        Assert.Equal(TertaalBenefitSeed.Mean(now, "WW", "WP-A")!.Value, wpA.Single(g => g.Name == "Met een WW-uitkering").Current!.Mean!.Value, 9);
        Assert.Equal(TertaalBenefitSeed.Mean(now, "WWB", "WP-A")!.Value, wpA.Single(g => g.Name == "Met een bijstandsuitkering (WWB)").Current!.Mean!.Value, 9);
        var wpB = report.Werkpleinen.Single(w => w.Code == "WP-B").Audiences[0].Breakdowns;
        Assert.Equal(89.0 / 13, wpB.Single(g => g.Name.StartsWith("Met een uitkering omdat", StringComparison.Ordinal)).Current!.Mean!.Value, 9);
        Assert.True(wpB.Single(g => g.Name == "Zonder uitkering").Current!.Suppressed);

        Assert.Contains("Werkzoekenden met een WW-uitkering geven een 7,5 (T2: 6,0).", report.National.Summary);
        Assert.Contains("Werkzoekenden met een bijstandsuitkering (WWB) geven een 6,9 (T2: 7,0).", report.National.Summary);
        Assert.DoesNotContain(report.National.Summary, line => line.Contains("zonder uitkering", StringComparison.Ordinal));

        var pdf = TertaalPdf.Render(report, host.Services.GetRequiredService<LandkaartDefinition>());
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("Met een WW-uitkering 7,5 12 6,0", text, StringComparison.Ordinal);
        Assert.Contains("Met een bijstandsuitkering (WWB) 6,9 11 7,0", text, StringComparison.Ordinal);
        Assert.Contains("Zonder uitkering te weinig antwoorden – te weinig antwoorden", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_has_every_tertaal_with_a_closed_round_or_an_accepted_landkaart()
    {
        var (host, _) = await BuildAsync();
        await using var __ = host;
        await using var scope = host.CreateScope();

        var tertalen = await scope.ServiceProvider.GetRequiredService<TertaalReportService>().ListAsync();

        Assert.Equal([new Tertaal(2009, 3), new Tertaal(2009, 2)], tertalen);
    }
}

public sealed class TertaalReportTestsOnSqlite() : TertaalReportTests(DatabaseProvider.Sqlite);

public sealed class TertaalReportTestsOnPostgreSql() : TertaalReportTests(DatabaseProvider.PostgreSql);
