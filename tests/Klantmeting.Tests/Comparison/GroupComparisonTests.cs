using System.Text;
using Klantmeting.Comparison;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Comparison;

/// <summary>
/// The national breakdown groups of <see cref="GroupComparisonSeed"/>'s rounds T2 and T3 2009 (same questionnaire,
/// so all six measures match). The worked numbers come from R 4.2.2 on the raw grades of the seed:
/// <code>
/// A &lt;- c(rep(8,8),rep(7,2)); B &lt;- c(rep(6,8),5,7); C &lt;- c(rep(6,9),7)                      # T2 cells
/// D &lt;- c(rep(6,9),rep(7,7)); E &lt;- c(rep(8,9),rep(7,3)); F &lt;- c(rep(6,6),rep(7,2),rep(8,4))   # T3 cells
/// G &lt;- rep(6,4); H &lt;- c(4,4,5,5)
/// t.test(c(D,E), c(A,B))     # ja:     6.9 (n 20) -> 7.0 (n 28), t = 0.3629416516, df = 35.16446407, p = 0.7188210836
/// t.test(c(F,G,H), C)        # nee:    6.1 (n 10) -> 6.2 (n 20), t = 0.3501151884, df = 23.7029996, p = 0.7293443031
/// t.test(c(D,F), c(A,C))     # WW:     6.95 -> 6.607143,         t = -1.355035721, df = 34.53609411, p = 0.1842036807
/// t.test(E, B)               # WWB:    6.0 -> 7.75,              t = 8.831214735, df = 18.97012447, p = 3.794451972e-08
/// t.test(D, A)               # 0-14:   7.8 -> 6.4375,            t = -7.369277225, df = 22.02275133, p = 2.2299167e-07
/// t.test(E, B)               # 15-28:  the same people as WWB
/// t.test(F, C)               # 29-56:  6.1 -> 6.833333,          t = 2.541882186, df = 13.89263473, p = 0.02359221652
/// # The family of T2 -> T3: 7 tested groups x 6 measures (each principle score is 2.25 g - 8: the same p) = 42 tests.
/// p.adjust(rep(c(0.7188210836, 0.7293443031, 0.1842036807, 3.794451972e-08, 2.2299167e-07, 3.794451972e-08,
///                0.02359221652), each = 6), "holm")
/// # ja 1, nee 1, WW 1, WWB 1.593669828e-06, 0-14 6.6897501e-06, 15-28 1.593669828e-06, 29-56 0.5662131964
/// </code>
/// By hand: the twelve smallest (WWB and 15-28) become 42 p; 0-14 is 13th: (42 - 12) p; 29-56 is 19th: (42 - 18) p =
/// 24 x 0.0235922 = 0.566213, so 29-56 is significant alone (p 0.024) but not within the family.
/// </summary>
public abstract class GroupComparisonTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Every_group_is_compared_with_welch_and_holm_over_all_group_tests_of_the_pair()
    {
        await using var host = await StartAsync();

        var groups = await CompareAsync(host, GroupComparisonSeed.T3, GroupComparisonSeed.T2);

        Assert.Equal([GroupComparisonSeed.T2, GroupComparisonSeed.T3], groups.Rounds.Select(r => r.Name));
        // Questionnaire order, onbekend left out; each group with the six measures.
        Assert.Equal(
            ["vaste_contactpersoon:ja", "vaste_contactpersoon:nee", "uitkering:WW", "uitkering:WWB", "uitkering:AO", "uitkering:geen",
             "dagen_tot_eerste_betaling:0-14", "dagen_tot_eerste_betaling:15-28", "dagen_tot_eerste_betaling:29-56", "dagen_tot_eerste_betaling:57+"],
            groups.Groups.Select(g => $"{g.Breakdown}:{g.Group}"));
        Assert.Equal(10 * 6, groups.Rows.Count);
        Assert.Empty(groups.Apart);
        Assert.Equal([42], groups.FamilySizes);

        Expect(Grade(groups, "vaste_contactpersoon", "ja"), 6.9, 20, 7.0, 28, 0.3629416516, 35.16446407, 0.7188210836, 1);
        Expect(Grade(groups, "vaste_contactpersoon", "nee"), 6.1, 10, 6.2, 20, 0.3501151884, 23.7029996, 0.7293443031, 1);
        Expect(Grade(groups, "uitkering", "WW"), 6.95, 20, 6.607142857, 28, -1.355035721, 34.53609411, 0.1842036807, 1);
        Expect(Grade(groups, "uitkering", "WWB"), 6.0, 10, 7.75, 12, 8.831214735, 18.97012447, 3.794451972e-08, 1.593669828e-06);
        Expect(Grade(groups, "dagen_tot_eerste_betaling", "0-14"), 7.8, 10, 6.4375, 16, -7.369277225, 22.02275133, 2.2299167e-07, 6.6897501e-06);
        Expect(Grade(groups, "dagen_tot_eerste_betaling", "15-28"), 6.0, 10, 7.75, 12, 8.831214735, 18.97012447, 3.794451972e-08, 1.593669828e-06);
        Expect(Grade(groups, "dagen_tot_eerste_betaling", "29-56"), 6.1, 10, 6.833333333, 12, 2.541882186, 13.89263473, 0.02359221652, 0.5662131964);
        Assert.True(Grade(groups, "uitkering", "WWB").Changes[0].Significant);
        // Significant alone, not within the family.
        Assert.True(Grade(groups, "dagen_tot_eerste_betaling", "29-56").Changes[0].Test!.Value.P < Change.Alpha);
        Assert.False(Grade(groups, "dagen_tot_eerste_betaling", "29-56").Changes[0].Significant);

        // A principle score is 2.25 g - 8: the difference scales, t and the adjusted p are the grade's.
        var principle = groups.Rows.Single(r => r.Group.Group == "WWB" && r.Measure.Id == "maatwerk").Changes[0];
        Assert.Equal(2.25 * 1.75, principle.Test!.Value.Difference, 9);
        Assert.Equal(8.831215, principle.Test!.Value.T, 6);
        Assert.Equal(1.593669828e-06, principle.HolmP!.Value, 14);

        // AO, geen and 57+ have fewer than 10 respondents in both rounds: no figure, no test, not in the family.
        foreach (var suppressed in groups.Rows.Where(r => r.Group.Group is "AO" or "geen" or "57+"))
        {
            Assert.All(suppressed.Cells, c => Assert.True(c is { Suppressed: true, Mean: null, N: null }));
            Assert.Equal(ChangeStatus.Suppressed, suppressed.Changes[0].Status);
            Assert.Null(suppressed.Changes[0].Test);
            Assert.Null(suppressed.Changes[0].HolmP);
        }
    }

    [Fact]
    public async Task The_published_sentence_has_the_latest_round_and_the_one_before_in_brackets()
    {
        await using var host = await StartAsync();

        var groups = await CompareAsync(host, GroupComparisonSeed.T2, GroupComparisonSeed.T3);

        // AKO T3 2009: "with a vaste contactpersoon 7.0 (T2: 6.9); without 6.2 (T2: 6.1)".
        Assert.Equal("Met een vaste contactpersoon: 7,0 (T2 2009: 6,9)", groups.Sentence(Grade(groups, "vaste_contactpersoon", "ja")));
        Assert.Equal("Zonder vaste contactpersoon: 6,2 (T2 2009: 6,1)", groups.Sentence(Grade(groups, "vaste_contactpersoon", "nee")));
        Assert.Equal("Met een uitkering omdat zij (deels) niet kunnen werken (WAO, WIA of Wajong): geen cijfer (T2 2009: geen cijfer)",
            groups.Sentence(Grade(groups, "uitkering", "AO")));
        Assert.Equal("Eerste betaling binnen 14 dagen: 6,4 (T2 2009: 7,8)", groups.Sentence(Grade(groups, "dagen_tot_eerste_betaling", "0-14")));
    }

    [Fact]
    public async Task A_group_that_only_one_round_has_is_listed_apart_and_never_compared()
    {
        var folder = Directory.CreateTempSubdirectory("klantmeting-groups-").FullName;
        await using var host = await TestHost.StartAsync(
            new Dictionary<string, string?> { [SurveyExtensions.PathSetting] = GroupComparisonSeed.SurveysWithoutPaymentBandsIn2007(folder) },
            folder, provider);
        await GroupComparisonSeed.SeedAsync(host.Services, questionnaireT2: "werkzoekenden-2007");

        var groups = await CompareAsync(host, GroupComparisonSeed.T2, GroupComparisonSeed.T3);

        Assert.DoesNotContain(groups.Rows, r => r.Group.Breakdown == "dagen_tot_eerste_betaling");
        Assert.Equal(["0-14", "15-28", "29-56", "57+"], groups.Apart.Select(a => a.Group.Group));
        Assert.All(groups.Apart.SelectMany(a => a.Cells), c => Assert.Equal(GroupComparisonSeed.T3, c.Round));
        var band = groups.Apart[0].Cells.Single(c => c.Measure == SurveyDefinition.GradeItemId);
        Assert.Equal((16, 6.4375), (band.N!.Value, Math.Round(band.Mean!.Value, 10)));
        Assert.True(groups.Apart[3].Cells.Single(c => c.Measure == SurveyDefinition.GradeItemId).Suppressed);
        // The groups both versions have are still compared.
        Assert.Equal(ChangeStatus.Tested, Grade(groups, "vaste_contactpersoon", "ja").Changes[0].Status);

        using var output = new MemoryStream();
        await groups.WriteCsvAsync(output);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n");
        Assert.Contains(lines, l => l.StartsWith("totaaloordeel,dagen_tot_eerste_betaling,0-14,T3 2009,,totaaloordeel,,16,6.4375,6.1645,6.7105,,,,,,,,,,,groep_niet_in_elke_ronde", StringComparison.Ordinal));
        Assert.Contains("totaaloordeel,dagen_tot_eerste_betaling,57+,T3 2009,,totaaloordeel,,,,,,,,,,,,,,,,groep_niet_in_elke_ronde", lines);
    }

    [Fact]
    public async Task Csv_has_a_line_per_group_measure_and_pair_in_its_own_file()
    {
        await using var host = await StartAsync();
        var groups = await CompareAsync(host, GroupComparisonSeed.T2, GroupComparisonSeed.T3);

        using var output = new MemoryStream();
        await groups.WriteCsvAsync(output);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n");

        Assert.Equal(GroupComparison.CsvHeader, lines[0]);
        // ja: 6.9 (sd 1.0208, t-interval 6.4222 - 7.3778) -> 7.0 (sd 0.8165, 6.6834 - 7.3166); R: mean(x) +- qt(0.975, n - 1) * sd(x) / sqrt(n).
        Assert.Contains("totaaloordeel,vaste_contactpersoon,ja,T2 2009,T3 2009,totaaloordeel,totaaloordeel,20,6.9000,6.4222,7.3778,28,7.0000,6.6834,7.3166,0.1000,0.3629,35.1645,0.7188,1.0000,false,getoetst", lines);
        Assert.Contains(lines, l => l.StartsWith("totaaloordeel,uitkering,WWB,T2 2009,T3 2009,", StringComparison.Ordinal) && l.EndsWith(",1.7500,8.8312,18.9701,0.0000,0.0000,true,getoetst", StringComparison.Ordinal));
        Assert.Contains("totaaloordeel,uitkering,AO,T2 2009,T3 2009,totaaloordeel,totaaloordeel,,,,,,,,,,,,,,,te_weinig_respondenten", lines);
        // 10 groups x 6 measures x 1 pair; header; final CRLF.
        Assert.Equal(1 + 60 + 1, lines.Length);
    }

    private static void Expect(GroupComparisonRow row, double fromMean, int fromN, double toMean, int toN, double t, double df, double p, double holm)
    {
        Assert.Equal((fromN, toN), (row.Cells[0]!.N!.Value, row.Cells[1]!.N!.Value));
        Assert.Equal(fromMean, row.Cells[0]!.Mean!.Value, 8);
        Assert.Equal(toMean, row.Cells[1]!.Mean!.Value, 8);
        var change = Assert.Single(row.Changes);
        Assert.Equal(ChangeStatus.Tested, change.Status);
        Assert.Equal(toMean - fromMean, change.Test!.Value.Difference, 8);
        Assert.Equal(t, change.Test!.Value.T, 7);
        Assert.Equal(df, change.Test!.Value.Df, 6);
        // p to 9 significant digits (relative), Holm likewise.
        Assert.True(Math.Abs(change.Test!.Value.P - p) <= 1e-8 * Math.Max(p, 1e-6), $"p {change.Test!.Value.P} is not {p}");
        Assert.True(Math.Abs(change.HolmP!.Value - holm) <= 1e-8 * Math.Max(holm, 1e-6), $"Holm p {change.HolmP} is not {holm}");
    }

    private static GroupComparisonRow Grade(GroupComparison groups, string breakdown, string group) =>
        groups.Rows.Single(r => r.Group.Breakdown == breakdown && r.Group.Group == group && r.Measure.Id == ResultsService.GradeMeasure);

    private static async Task<GroupComparison> CompareAsync(TestHost host, params string[] rounds)
    {
        await using var scope = host.CreateScope();
        var comparison = await scope.ServiceProvider.GetRequiredService<ComparisonService>().CompareAsync(rounds, ComparisonScope.Werkpleinen);
        return await scope.ServiceProvider.GetRequiredService<GroupComparisonService>().CompareAsync(comparison);
    }

    private async Task<TestHost> StartAsync()
    {
        var host = await TestHost.StartAsync(provider: provider);
        await GroupComparisonSeed.SeedAsync(host.Services);
        return host;
    }
}

public sealed class GroupComparisonTestsOnSqlite() : GroupComparisonTests(DatabaseProvider.Sqlite);

public sealed class GroupComparisonTestsOnPostgreSql() : GroupComparisonTests(DatabaseProvider.PostgreSql);

/// <summary>The published sentence from figures alone (no database).</summary>
public sealed class GroupSentenceTests
{
    [Theory]
    // The AKO T3 2009 figures; one decimal, half up as people round (6.85 -> 6,9; 6.95 -> 7,0; 6.849 -> 6,8).
    [InlineData(6.9, 7.0, "Met een vaste contactpersoon: 7,0 (T2: 6,9)")]
    [InlineData(6.85, 6.95, "Met een vaste contactpersoon: 7,0 (T2: 6,9)")]
    [InlineData(6.849, 7.04999, "Met een vaste contactpersoon: 7,0 (T2: 6,8)")]
    [InlineData(null, 7.0, "Met een vaste contactpersoon: 7,0 (T2: geen cijfer)")]
    public void Latest_round_first_and_the_one_before_in_brackets(double? t2, double t3, string expected)
    {
        var group = new BreakdownGroup("vaste_contactpersoon", "Vaste contactpersoon", "ja", "Met een vaste contactpersoon", "ja");
        ResultCell Cell(string round, double? mean) => new(round, ResultsService.National, group.Breakdown, group.Group, ResultsService.GradeMeasure,
            mean is null ? null : 100, mean, mean is null ? null : 1, null, null, null, null, null, Suppressed: mean is null);
        var rounds = new[] { "T2", "T3" }.Select(n => new ComparedRound(n, "werkzoekenden-2009", "werkzoekenden", default, default, Klantmeting.Rounds.RoundState.Closed)).ToList();
        var measure = new MatchedMeasure(ResultsService.GradeMeasure, "Rapportcijfer totaal", [ResultsService.GradeMeasure, ResultsService.GradeMeasure]);
        var row = new GroupComparisonRow(group, measure, [Cell("T2", t2), Cell("T3", t3)], []);

        Assert.Equal(expected, new GroupComparison(rounds, [row], [], [0]).Sentence(row));
    }
}
