using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Landkaart;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Klantmeting.Tests.Landkaart;

/// <summary>
/// Filling in, submitting, sending back and accepting a Landkaart; evidence PDFs; the history; and the results,
/// including the AKO's published national series (2008-2009) from a written test data set.
/// </summary>
public abstract class LandkaartServiceTests(DatabaseProvider provider)
{
    private static readonly Tertaal _t2 = new(2009, 2);

    /// <summary>Refuses files whose name contains "virus", to show the scan hook is called before storing.</summary>
    private sealed class NamingScanner : IEvidenceScanner
    {
        public Task<string?> ScanAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken ct) =>
            Task.FromResult(fileName.Contains("virus", StringComparison.Ordinal) ? "de virusscanner vond een virus" : null);
    }

    private Task<TestHost> StartAsync() => TestHost.StartAsync(provider: provider, services: s =>
    {
        s.RemoveAll<IEvidenceScanner>();
        s.AddSingleton<IEvidenceScanner, NamingScanner>();
    });

    private static async Task<int[]> SeedWerkpleinenAsync(TestHost host, int count, string prefix = "WP-") => await host.WithDbAsync(async db =>
    {
        var werkpleinen = Enumerable.Range(1, count).Select(i => new Werkplein { Code = $"{prefix}{i:00}", Name = $"Werkplein {prefix}{i}" }).ToList();
        db.Werkpleinen.AddRange(werkpleinen);
        await db.SaveChangesAsync();
        return werkpleinen.Select(w => w.Id).ToArray();
    });

    /// <summary>Answers from 14 letters R(ood), O(ranje), B(lauw), G(roen), with an explanation (and actions) above red.</summary>
    private static List<AnswerInput> Answers(string letters) => [.. letters.Select((c, i) =>
    {
        var level = c switch { 'R' => "rood", 'O' => "oranje", 'B' => "blauw", _ => "groen" };
        var above = c != 'R';
        return new AnswerInput(i + 1, level, above ? $"Toelichting {i + 1}" : null, null, i == 13 && above ? "Wachttijd aan de balie korter" : null);
    })];

    private static async Task<T> WithServiceAsync<T>(TestHost host, Func<LandkaartService, Task<T>> action)
    {
        await using var scope = host.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<LandkaartService>());
    }

    [Fact]
    public async Task A_full_cycle_draft_submit_send_back_resubmit_accept_keeps_the_history()
    {
        await using var host = await StartAsync();
        var wp = (await SeedWerkpleinenAsync(host, 1))[0];

        // A draft may be incomplete; submitting then names every milestone that is missing something.
        var answers = Answers("GGBBOOOBBBGGRB");
        answers[2] = answers[2] with { Explanation = null };
        Assert.True((await WithServiceAsync(host, s => s.SaveDraftAsync(wp, _t2, answers[..13]))).Succeeded);
        var refused = await WithServiceAsync(host, s => s.SubmitAsync(wp, _t2));
        Assert.Equal([(3, "Schrijf bij mijlpaal 3 waarom u 'gedeeltelijk gerealiseerd' kiest."),
            (14, "Kies een niveau bij mijlpaal 14 ((Klant)verbetercyclus geïmplementeerd).")],
            refused.Errors.Select(e => (e.Milestone!.Value, e.Message)));

        // Milestone 14 above red also needs the agreed improvement actions.
        var m14 = new AnswerInput(14, "blauw", "Klantmeting besproken in het MT", null);
        await WithServiceAsync(host, s => s.SaveDraftAsync(wp, _t2, [answers[2] with { Explanation = "Visie vastgesteld" }, m14]));
        Assert.Equal(["Schrijf bij mijlpaal 14 welke verbeteracties het MT heeft afgesproken."],
            (await WithServiceAsync(host, s => s.SubmitAsync(wp, _t2))).Errors.Select(e => e.Message));
        await WithServiceAsync(host, s => s.SaveDraftAsync(wp, _t2, [m14 with { ImprovementActions = "Terugbellen binnen twee dagen" }]));
        Assert.True((await WithServiceAsync(host, s => s.SubmitAsync(wp, _t2))).Succeeded);

        // Submitted: the Werkplein cannot change it, and cannot submit twice.
        Assert.False((await WithServiceAsync(host, s => s.SaveDraftAsync(wp, _t2, [answers[0] with { Level = "rood" }]))).Succeeded);
        Assert.False((await WithServiceAsync(host, s => s.SubmitAsync(wp, _t2))).Succeeded);

        // The AKO sends it back with a comment on milestone 11; that needs at least one comment.
        Assert.False((await WithServiceAsync(host, s => s.SendBackAsync(wp, _t2, new Dictionary<int, string?> { [11] = " " }))).Succeeded);
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await WithServiceAsync(host, s => s.SendBackAsync(wp, _t2,
            new Dictionary<int, string?> { [11] = "Er is nog geen gezamenlijke site.", [12] = null }))).Succeeded);
        var sentBack = (await WithServiceAsync(host, s => s.FindAsync(wp, _t2)))!;
        Assert.Equal(SubmissionState.SentBack, sentBack.State);
        Assert.Equal("Er is nog geen gezamenlijke site.", sentBack.Answers.Single(a => a.Milestone == 11).ReviewComment);
        Assert.False((await WithServiceAsync(host, s => s.AcceptAsync(wp, _t2))).Succeeded);

        // The Werkplein lowers milestone 11 and submits again; the AKO accepts, which clears its comments.
        Assert.True((await WithServiceAsync(host, s => s.SaveDraftAsync(wp, _t2, [new AnswerInput(11, "blauw", "Eén balie en één nummer", null)]))).Succeeded);
        Assert.True((await WithServiceAsync(host, s => s.SubmitAsync(wp, _t2))).Succeeded);
        Assert.True((await WithServiceAsync(host, s => s.AcceptAsync(wp, _t2))).Succeeded);
        var accepted = (await WithServiceAsync(host, s => s.FindAsync(wp, _t2)))!;
        Assert.Equal(SubmissionState.Accepted, accepted.State);
        Assert.All(accepted.Answers, a => Assert.Null(a.ReviewComment));
        Assert.Equal(14, accepted.Answers.Count);

        var history = await WithServiceAsync(host, s => s.HistoryAsync(accepted.Id));
        Assert.Equal(
        [
            "ingediend",
            "commentaar AKO: Er is nog geen gezamenlijke site.",
            "teruggestuurd met commentaar bij mijlpaal 11",
            "niveau volledig gerealiseerd → gedeeltelijk gerealiseerd; toelichting gewijzigd",
            "ingediend",
            "geaccepteerd",
        ], history.SkipWhile(h => h.Change != "ingediend").Select(h => h.Change));
        Assert.Equal(13 + 2 + 1, history.TakeWhile(h => h.Change != "ingediend").Count());
        Assert.Contains(history, h => h is { Milestone: 1, Change: "niveau niet gekozen → volledig gerealiseerd; toelichting gewijzigd" });

        var audit = await host.WithDbAsync(db => db.AuditEntries.Where(e => e.ObjectType == AuditObject.Landkaart).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([AuditAction.LandkaartSubmitted, AuditAction.LandkaartSentBack, AuditAction.LandkaartSubmitted, AuditAction.LandkaartAccepted],
            audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("WP-01 2009-T2", e.ObjectKey));
    }

    [Fact]
    public async Task Evidence_must_be_a_pdf_of_at_most_10_mb_and_pass_the_scan_hook()
    {
        await using var host = await StartAsync();
        var wp = (await SeedWerkpleinenAsync(host, 1))[0];
        var pdf = "%PDF-1.4\n% test\n"u8.ToArray();

        var notPdf = await WithServiceAsync(host, s => s.AttachEvidenceAsync(wp, _t2, 4, "plan.docx", new MemoryStream("PK\u0003\u0004"u8.ToArray())));
        Assert.Equal("Het bestand is geen PDF. Upload een PDF-bestand, of geef een link naar het document.", Assert.Single(notPdf.Errors).Message);

        var big = new byte[10 * 1024 * 1024 + 1];
        pdf.CopyTo(big, 0);
        var tooBig = await WithServiceAsync(host, s => s.AttachEvidenceAsync(wp, _t2, 4, "groot.pdf", new MemoryStream(big)));
        Assert.Equal("Het bestand is te groot (10 MB). Het mag maximaal 10 MB zijn.", Assert.Single(tooBig.Errors).Message);

        var virus = await WithServiceAsync(host, s => s.AttachEvidenceAsync(wp, _t2, 4, "virus.pdf", new MemoryStream(pdf)));
        Assert.Equal("Het bestand is niet opgeslagen: de virusscanner vond een virus", Assert.Single(virus.Errors).Message);
        Assert.Equal(0, await host.WithDbAsync(db => db.LandkaartEvidence.CountAsync()));

        // Exactly 10 MB is accepted and read back byte for byte; a path in the name is dropped.
        var max = new byte[10 * 1024 * 1024];
        pdf.CopyTo(max, 0);
        Assert.True((await WithServiceAsync(host, s => s.AttachEvidenceAsync(wp, _t2, 4, @"C:\stukken\jaarplan.pdf", new MemoryStream(max)))).Succeeded);
        var stored = await WithServiceAsync(host, s => s.FindEvidenceAsync(wp, _t2, 4));
        Assert.Equal("jaarplan.pdf", stored!.FileName);
        Assert.Equal(max, stored.Content);

        // A second upload replaces the first; removing leaves no bytes behind.
        Assert.True((await WithServiceAsync(host, s => s.AttachEvidenceAsync(wp, _t2, 4, "jaarplan-v2.pdf", new MemoryStream(pdf)))).Succeeded);
        Assert.Equal(pdf, (await WithServiceAsync(host, s => s.FindEvidenceAsync(wp, _t2, 4)))!.Content);
        Assert.Equal(1, await host.WithDbAsync(db => db.LandkaartEvidence.CountAsync()));
        Assert.True((await WithServiceAsync(host, s => s.RemoveEvidenceAsync(wp, _t2, 4))).Succeeded);
        Assert.Null(await WithServiceAsync(host, s => s.FindEvidenceAsync(wp, _t2, 4)));
        Assert.Equal(0, await host.WithDbAsync(db => db.LandkaartEvidence.CountAsync()));

        // A link must be a web address.
        var link = await WithServiceAsync(host, s => s.SaveDraftAsync(wp, _t2, [new AnswerInput(4, "groen", "Vastgesteld", "javascript:alert(1)")]));
        Assert.Equal("De link bij mijlpaal 4 moet een webadres zijn dat begint met https:// of http://.", Assert.Single(link.Errors).Message);
    }

    /// <summary>
    /// Ten Werkpleinen over six tertalen, written as 14 letters per Werkplein (milestone 1 first): the AKO's published
    /// national averages Apr-08 49%, Aug-08 56%, Dec-08 60%, Apr-09 65%, Aug-09 67%, Dec-09 73% (76% without milestones
    /// 13 and 14) come out when rounded to whole percents. By hand for T3 2009: 307 thirds / (10 x 42) = 73,1%;
    /// milestones 1-12: 274 / (10 x 36) = 76,1%.
    /// </summary>
    private static readonly (Tertaal Tertaal, string[] Werkpleinen)[] _published =
    [
        (new(2008, 1), ["OOBBRGGRBOOBBO", "ORBRGRGRBGOGOB", "GBBOOBOOBORBOB", "GBROGOBOORGOBO", "GBGROBBORORGOB", "OOBROBBBBGOOBO", "RORGBGBOBROBBO", "ROROBGBBBOBOOB", "ROBGOOROOGBBRG", "RGOOBGROGROBOB"]),
        (new(2008, 2), ["BORGRBBGBOBGRG", "OOROOBGBGOGGOB", "BROOBBOGOBGGBO", "GBOOGRGGRGOOGR", "RGGGOOGGBRBROB", "BGBBROBBBBBROB", "GOOOOBBOGBOBOB", "GOOBGOBOBRBBOB", "OOGBBBGROBBOBO", "BBRGRGGOOGOOOB"]),
        (new(2008, 3), ["BGBOBGORBGBOBB", "BGOOGGBRBGRBBB", "GOBGGOGBOROOBB", "GGOOBORGOOBGGO", "OBBBGGOORGBOGO", "OBBORGGGOOGOGO", "GOOOBRBGOBGBGO", "BBRGGBORGOBBGO", "BBOOOGOGBBOBBB", "RRGGOGOBRBGGBB"]),
        (new(2009, 1), ["RBGBBOBGGGBOGO", "BGOBGBBGOGOOBB", "BOBGBGOOGBGOGO", "RGGBOOGBOOGGGO", "GBBGRBBOBOBGGO", "BGOGBGRBBBOBOG", "GBOBOGGGBROBGO", "BORBOBGBGGOGGO", "BBOOBBBGBGBOBB", "GBGRGBBGOBOOOG"]),
        (new(2009, 2), ["GGBBBBOGOGBOGO", "BBOBOGGBBOBGBB", "BBOGGOROBGGGBB", "OBOBBOGGOGGBGO", "BOGGORGOOGGGGO", "GGOBBOBBOBGBOG", "BBBGGRGOGOOGGO", "GBOGGGBOGBROOG", "RGGRGGBGBOBBBB", "GOOGGBBBGRGOBB"]),
        (new(2009, 3), ["OOBGGBGBBGGBGO", "OGGBRGBGGGOGOG", "RGGGGGGRGBGOOG", "GBOGGOBGOGGGOB", "BOOGGGGGOBGGBO", "BBGGGOOOGGGGBO", "GRGGGGOOGGGBOB", "GBBBBOBGGGGOOB", "BGGGGOBGOOBGOB", "GGOBGGGGGBROGR"]),
    ];

    [Fact]
    public async Task The_published_national_series_2008_2009_is_reproduced_from_the_test_data()
    {
        await using var host = await StartAsync();
        var werkpleinen = await SeedWerkpleinenAsync(host, 10);
        foreach (var (tertaal, rows) in _published)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                var wp = werkpleinen[i];
                Assert.True((await WithServiceAsync(host, s => s.SaveDraftAsync(wp, tertaal, Answers(rows[i])))).Succeeded);
                Assert.True((await WithServiceAsync(host, s => s.SubmitAsync(wp, tertaal))).Succeeded);
                Assert.True((await WithServiceAsync(host, s => s.AcceptAsync(wp, tertaal))).Succeeded);
            }
        }

        // A submission the AKO has not accepted yet does not count.
        var extra = (await SeedWerkpleinenAsync(host, 1, "WP-X"))[0];
        await WithServiceAsync(host, s => s.SaveDraftAsync(extra, new(2009, 3), Answers(new string('R', 14))));
        await WithServiceAsync(host, s => s.SubmitAsync(extra, new(2009, 3)));

        await using var scope = host.CreateScope();
        var results = scope.ServiceProvider.GetRequiredService<LandkaartResults>();
        var series = await results.NationalSeriesAsync();
        Assert.Equal(["2008-T1", "2008-T2", "2008-T3", "2009-T1", "2009-T2", "2009-T3"], series.Select(p => p.Tertaal.Key));
        Assert.Equal([49, 56, 60, 65, 67, 73], series.Select(p => (int)Math.Round(p.Percent, MidpointRounding.AwayFromZero)));
        Assert.Equal(76, (int)Math.Round(series[^1].PercentWithout13And14, MidpointRounding.AwayFromZero));
        Assert.All(series, p => Assert.Equal(10, p.Werkpleinen));
        Assert.Equal(100.0 * 307 / 420, series[^1].Percent, 9);
        Assert.Equal(100.0 * 274 / 360, series[^1].PercentWithout13And14, 9);
    }

    [Fact]
    public async Task Results_of_a_tertaal_give_scores_spread_fully_green_and_the_ako_groups()
    {
        await using var host = await StartAsync();
        var werkpleinen = await SeedWerkpleinenAsync(host, 3);
        string[] rows = ["GGGGGGGGGGGGGG", "GGGGGGGGGGGGRO", "RRRROOOOBBBBGG"];
        for (var i = 0; i < rows.Length; i++)
        {
            var wp = werkpleinen[i];
            await WithServiceAsync(host, s => s.SaveDraftAsync(wp, _t2, Answers(rows[i])));
            await WithServiceAsync(host, s => s.SubmitAsync(wp, _t2));
            await WithServiceAsync(host, s => s.AcceptAsync(wp, _t2));
        }

        await using var scope = host.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<LandkaartResults>().ForTertaalAsync(_t2);

        // WP-01: 42/42 = 100%; WP-02: 37/42 = 88,1% (12 green, red, orange), 36/36 without 13 and 14;
        // WP-03: 0*4 + 1*4 + 2*4 + 3*2 = 18/42 = 42,9%, 12/36 = 33,3% without.
        Assert.Equal([100.0, 100.0 * 37 / 42, 100.0 * 18 / 42], result.Werkpleinen.Select(w => w.Percent));
        Assert.Equal([100.0, 100.0, 100.0 * 12 / 36], result.Werkpleinen.Select(w => w.PercentWithout13And14));
        Assert.Equal((100.0 + 100.0 * 37 / 42 + 100.0 * 18 / 42) / 3, result.NationalPercent!.Value, 9);
        Assert.Equal(1, result.FullyGreenCount);
        // Default thresholds 80 and 50.
        Assert.Equal([LandkaartGroup.NearlyDone, LandkaartGroup.NearlyDone, LandkaartGroup.Lagging], result.Werkpleinen.Select(w => w.Group));

        Assert.Equal(new Dictionary<string, int> { ["rood"] = 1, ["oranje"] = 0, ["blauw"] = 0, ["groen"] = 2 }, result.Milestones[0].Counts);
        Assert.Equal(new Dictionary<string, int> { ["rood"] = 1, ["oranje"] = 0, ["blauw"] = 0, ["groen"] = 2 }, result.Milestones[12].Counts);
        Assert.Equal(new Dictionary<string, int> { ["rood"] = 0, ["oranje"] = 1, ["blauw"] = 0, ["groen"] = 2 }, result.Milestones[13].Counts);
        // Phase 5 (milestones 8-13): WP-01 six green, WP-02 five green + red, WP-03 O B B B B G.
        Assert.Equal("Fase 5 Realiseren", result.Phases[4].Label);
        Assert.Equal(new Dictionary<string, int> { ["rood"] = 1, ["oranje"] = 1, ["blauw"] = 4, ["groen"] = 12 }, result.Phases[4].Counts);
    }
}

public sealed class LandkaartServiceTestsOnSqlite() : LandkaartServiceTests(DatabaseProvider.Sqlite);

public sealed class LandkaartServiceTestsOnPostgreSql() : LandkaartServiceTests(DatabaseProvider.PostgreSql);
