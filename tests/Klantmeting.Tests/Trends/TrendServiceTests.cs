using Klantmeting.Comparison;
using Klantmeting.Participants;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Comparison;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Trends;
using Klantmeting.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Trends;

/// <summary>
/// Trends on the shipped questionnaires: <see cref="ComparisonSeed"/>'s job-seeker rounds 2007 and 2009 (frozen),
/// an employer round "Werkgevers 2009" (WP-A: ten 7 and two 9, frozen) and an open job-seeker round "Voorjaar 2010"
/// (WP-A: ten 8). In 2009 WP-A and WP-B have a vaste contactpersoon (ja), WP-C not (nee).
/// Hand-computed: WP-A 2007 grade six 6 and six 7: 6.5, sd sqrt(3/11), 6.5 +- t(0.975; 11) 2.200985 * 0.522233 / sqrt(12)
/// = 6.168189 .. 6.831811; 2009 six 7 and six 8: 7.5. Employers: 88 / 12 = 7.333333, sd 0.778499, 6.838699 .. 7.827968.
/// NL 2007: 232 / 34 = 6.823529; NL 2009: 195 / 27 = 7.222222; NL 2009 ja: (42 + 48 + 35) / 17 = 7.352941, nee: 70 / 10 = 7.
/// Principles follow the grades (answer g - 3: 6 -> 5.5, 7 -> 7.75, 8 -> 10): WP-A maatwerk 2007 6.625, 2009 8.875.
/// </summary>
public abstract class TrendServiceTests(DatabaseProvider provider)
{
    private const string Employers = "Werkgevers 2009";
    private const string Open = "Voorjaar 2010";

    [Fact]
    public async Task A_werkplein_with_both_audiences_gets_two_trends_with_hand_computed_figures()
    {
        await using var host = await StartAsync();

        var trends = await ForWerkpleinAsync(host, "WP-A");

        Assert.Equal(["werkzoekenden", "werkgevers"], trends.Select(t => t.Audience));
        var seekers = trends[0];
        Assert.Equal([ComparisonSeed.Round2007, ComparisonSeed.Round2009, Open], seekers.Rounds.Select(r => r.Name));
        Assert.Equal(RoundState.Open, seekers.Rounds[2].State);
        var grade = seekers.Measures[0];
        Assert.Equal(TrendLineKind.Grade, grade.Kind);
        Assert.Equal([6.5, 7.5, 8.0], grade.Points.Select(p => Math.Round(p.Cell!.Mean!.Value, 9)));
        Assert.Equal([12, 12, 10], grade.Points.Select(p => p.Cell!.N!.Value));
        Assert.Equal(6.168189, grade.Points[0].Cell!.CiLow!.Value, 6);
        Assert.Equal(6.831811, grade.Points[0].Cell!.CiHigh!.Value, 6);
        Assert.Equal(6.823529, grade.Points[0].National!.Mean!.Value, 6);
        Assert.Equal(7.222222, grade.Points[1].National!.Mean!.Value, 6);
        Assert.All(grade.Points, p => Assert.False(p.BreakBefore));
        // The overall grade, then the principles of the latest questionnaire.
        Assert.Equal(["totaaloordeel", "bereikbaarheid", "persoonlijke_aandacht", "maatwerk", "tijdigheid", "duidelijkheid"],
            seekers.Measures.Select(m => m.Id));
        Assert.Equal([6.625, 8.875], seekers.Measures.Single(m => m.Id == "maatwerk").Points.Take(2).Select(p => Math.Round(p.Cell!.Mean!.Value, 9)));

        var employers = trends[1];
        Assert.Equal([Employers], employers.Rounds.Select(r => r.Name));
        var employerGrade = Assert.Single(employers.Measures[0].Points).Cell!;
        Assert.Equal((12, 7.333333, 6.838699, 7.827968),
            (employerGrade.N!.Value, Math.Round(employerGrade.Mean!.Value, 6), Math.Round(employerGrade.CiLow!.Value, 6), Math.Round(employerGrade.CiHigh!.Value, 6)));
        Assert.Empty(employers.Groups);
    }

    [Fact]
    public async Task A_changed_link_breaks_the_line_with_its_note_and_a_same_link_does_not()
    {
        await using var host = await StartAsync();

        var seekers = (await ForWerkpleinAsync(host, "WP-A"))[0];

        foreach (var (id, before, note) in new[] { ("maatwerk", "evenwichtige_behandeling", "Maatwerk gaat over"), ("duidelijkheid", "houvast", "Duidelijkheid gaat over") })
        {
            var line = seekers.Measures.Single(m => m.Id == id);
            Assert.True(line.HasBreak);
            Assert.Equal([false, true, false], line.Points.Select(p => p.BreakBefore));
            Assert.Contains(note, line.Points[1].BreakNote, StringComparison.Ordinal);
            // Both sides keep their own figures: the 2007 principle before the break, the 2009 one after.
            Assert.Equal([before, id, id], line.Points.Select(p => p.Cell!.Measure));
        }

        foreach (var id in new[] { "totaaloordeel", "bereikbaarheid", "persoonlijke_aandacht", "tijdigheid" })
        {
            Assert.False(seekers.Measures.Single(m => m.Id == id).HasBreak);
        }

        // And the comparison of the same rounds tests nothing across the changed links.
        await using var scope = host.CreateScope();
        var comparison = await scope.ServiceProvider.GetRequiredService<ComparisonService>()
            .CompareAsync([ComparisonSeed.Round2007, ComparisonSeed.Round2009], ComparisonScope.Werkpleinen);
        Assert.All(comparison.Rows.Where(r => r.Measure.Id is "maatwerk" or "duidelijkheid"), r =>
        {
            Assert.Equal(ChangeStatus.Redefined, r.Changes[0].Status);
            Assert.Null(r.Changes[0].Test);
            Assert.Null(r.Changes[0].HolmP);
        });
        Assert.Equal(ChangeStatus.Tested, comparison.Rows.Single(r => r is { Werkplein: "WP-A", Measure.Id: "bereikbaarheid" }).Changes[0].Status);
    }

    [Fact]
    public async Task Breakdown_groups_and_suppression_come_from_the_results()
    {
        await using var host = await StartAsync();

        var a = (await ForWerkpleinAsync(host, "WP-A"))[0];
        Assert.Equal(["vaste_contactpersoon", "uitkering", "dagen_tot_eerste_betaling"], a.Groups.Select(g => g.Breakdown).Distinct());
        var ja = a.Groups.Single(g => g.Id == "vaste_contactpersoon=ja");
        Assert.Equal("Vaste contactpersoon: ja", ja.Name);
        // 2007 had no attributes: the group is empty there, so no figure.
        Assert.True(ja.Points[0].Cell!.Suppressed);
        Assert.Null(ja.Points[0].Cell!.Mean);
        Assert.Equal((12, 7.5), (ja.Points[1].Cell!.N!.Value, ja.Points[1].Cell!.Mean!.Value));
        Assert.Equal(7.352941, ja.Points[1].National!.Mean!.Value, 6);

        // WP-B has 5 respondents in 2009, below the minimum of 10: no figures.
        var b = (await ForWerkpleinAsync(host, "WP-B"))[0];
        Assert.Equal([ComparisonSeed.Round2007, ComparisonSeed.Round2009], b.Rounds.Select(r => r.Name));
        Assert.True(b.Measures[0].Points[1].Cell!.Suppressed);
        Assert.Null(b.Measures[0].Points[1].Cell!.Mean);
        Assert.Single(await ForWerkpleinAsync(host, "WP-B"));

        await using var scope = host.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<TrendService>();
        var national = await service.NationalAsync(closedOnly: false, includeGroups: true);
        var nee = national[0].Groups.Single(g => g.Id == "vaste_contactpersoon=nee");
        Assert.Equal((10, 7.0), (nee.Points[1].Cell!.N!.Value, nee.Points[1].Cell!.Mean!.Value));
        Assert.All(national.SelectMany(t => t.Measures.Concat(t.Groups)).SelectMany(l => l.Points),
            p => Assert.True(p.Cell is null || p.Cell.Werkplein == ResultKeys.National));
        Assert.All(national.SelectMany(t => t.Measures).SelectMany(l => l.Points), p => Assert.Null(p.National));
    }

    [Fact]
    public async Task The_public_history_has_closed_rounds_only_and_no_groups()
    {
        await using var host = await StartAsync();
        await using var scope = host.CreateScope();

        var trends = await scope.ServiceProvider.GetRequiredService<TrendService>().NationalAsync(closedOnly: true, includeGroups: false);

        Assert.Equal(["werkzoekenden", "werkgevers"], trends.Select(t => t.Audience));
        Assert.Equal([ComparisonSeed.Round2007, ComparisonSeed.Round2009], trends[0].Rounds.Select(r => r.Name));
        Assert.All(trends, t => Assert.Empty(t.Groups));
        Assert.Equal([34, 27], trends[0].Measures[0].Points.Select(p => p.Cell!.N!.Value));
        Assert.True(trends[0].Measures.Single(m => m.Id == "maatwerk").Points[1].BreakBefore);
    }

    private static async Task<IReadOnlyList<AudienceTrend>> ForWerkpleinAsync(TestHost host, string code)
    {
        await using var scope = host.CreateScope();
        var werkplein = await scope.ServiceProvider.GetRequiredService<Klantmeting.Infrastructure.Data.KlantmetingDbContext>()
            .Werkpleinen.AsNoTracking().SingleAsync(w => w.Code == code);
        return await scope.ServiceProvider.GetRequiredService<TrendService>().ForWerkpleinAsync(werkplein);
    }

    private async Task<TestHost> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "klantmeting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var host = await TestHost.StartAsync(null, folder, provider);
        await host.WithDbAsync(async db =>
        {
            var surveys = host.Services.GetRequiredService<ISurveyCatalog>();
            await ComparisonSeed.SeedAsync(db, surveys);
            var werkpleinen = await db.Werkpleinen.ToDictionaryAsync(w => w.Code);
            await ComparisonSeed.RoundAsync(db, surveys.Get("werkgevers-2009"), Employers, new DateOnly(2009, 10, 1), werkpleinen, [("WP-A", 7, 10), ("WP-A", 9, 2)]);
            await ComparisonSeed.RoundAsync(db, surveys.Get("werkzoekenden-2009"), Open, new DateOnly(2010, 3, 1), werkpleinen, [("WP-A", 8, 10)], RoundState.Open);
            var round2009 = await db.Rounds.SingleAsync(r => r.Name == ComparisonSeed.Round2009);
            var nee = werkpleinen["WP-C"].Id;
            var participants = await db.Participants.Where(p => p.RoundId == round2009.Id).Select(p => new { p.Id, p.WerkpleinId }).ToListAsync();
            db.ParticipantAttributes.AddRange(participants.Select(p => new ParticipantAttribute
            {
                ParticipantId = p.Id,
                Name = "vaste_contactpersoon",
                Value = p.WerkpleinId == nee ? "nee" : "ja",
            }));
            await db.SaveChangesAsync();
            return 0;
        });

        // Closed rounds are read from their frozen figures, as in production.
        await using var scope = host.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Klantmeting.Infrastructure.Data.KlantmetingDbContext>();
        var results = scope.ServiceProvider.GetRequiredService<ResultsService>();
        foreach (var id in await db.Rounds.Where(r => r.State == RoundState.Closed).Select(r => r.Id).ToListAsync())
        {
            await results.FreezeAsync(id, RoundResultSnapshot.ReasonClose);
        }

        return host;
    }
}

public sealed class TrendServiceTestsOnSqlite() : TrendServiceTests(DatabaseProvider.Sqlite);

public sealed class TrendServiceTestsOnPostgreSql() : TrendServiceTests(DatabaseProvider.PostgreSql);
