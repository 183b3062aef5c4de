using System.Globalization;
using System.Net;
using System.Text;
using Klantmeting.Comparison;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Comparison;
using Klantmeting.Tests.Results;
using Klantmeting.Users;
using Klantmeting.Weighting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>
/// The gewogen / ongewogen switch (issue 19 §2) on the results page, the Werkplein dashboard, the printable report, the
/// benchmark page, the comparison page with its groups, and the score downloads,
/// on the round of <see cref="ResultsRoundSeed"/> with <c>Weighting:MinRespondents</c> 1, so that no Werkplein is
/// merged and the weighted figures differ from the unweighted ones.
/// </summary>
public sealed class WeightedPagesTests : IAsyncLifetime
{
    private static readonly CultureInfo Nl = CultureInfo.GetCultureInfo("nl-NL");
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-weighted-pages-").FullName;
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _admin = null!;

    private static string Results(string query = "") => "/beheer/rondes/" + Uri.EscapeDataString(ResultsRoundSeed.RoundName) + "/resultaten" + query;

    public async Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, "k.db")}");
            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Weighting:MinRespondents", "1");
        });
        await using var scope = _app.Services.CreateAsyncScope();
        var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
        await ResultsRoundSeed.SeedAsync(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>(), survey);
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync("beheerder@ako.test", Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        await users.CreateAsync("wp-a@werkplein.test", Roles.Werkplein, ["WP-A"], AccessAppFactory.Password, mustChangePassword: false);
        _admin = await ClientAsync("beheerder@ako.test");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<HttpClient> ClientAsync(string email)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var signIn = await AccessAppFactory.PostSignInAsync(client, email, AccessAppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>The weighted export the CLI writes (<c>results export --weights poststrat</c> calls this), as rows by column name.</summary>
    private async Task<List<Dictionary<string, string>>> WeightedExportAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        using var csv = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<ResultsService>()
            .WriteWeightedCellsCsvAsync(ResultsRoundSeed.RoundName, new WeightingRequest(WeightingMethod.PostStratification), csv);
        var rows = Klantmeting.Tests.Exports.TableFormatAssert.Parse(Encoding.UTF8.GetString(csv.ToArray()), ',');
        return rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static Dictionary<string, string> Row(List<Dictionary<string, string>> rows, string werkplein, string breakdown, string group, string measure) =>
        rows.Single(r => r["werkplein"] == werkplein && r["breakdown"] == breakdown && r["group"] == group && r["measure"] == measure);

    private static string Shown(string csvNumber, string format) => double.Parse(csvNumber, CultureInfo.InvariantCulture).ToString(format, Nl);

    [Fact]
    public async Task Results_page_weighted_shows_the_figures_of_the_weighted_export_and_unweighted_stays_the_default()
    {
        var export = await WeightedExportAsync();
        var grade = Row(export, "NL", "totaal", "totaal", "totaaloordeel");
        var ww = Row(export, "NL", "uitkering", "WW", "totaaloordeel");
        await using var scope = _app.Services.CreateAsyncScope();
        var plain = (await scope.ServiceProvider.GetRequiredService<ResultsService>().ComputeCellsAsync(ResultsRoundSeed.RoundName))
            .Single(c => c is { Werkplein: "NL", Breakdown: "totaal", Measure: "totaaloordeel" });
        // The weighting matters here: WP-A and WP-B answered at different rates.
        Assert.NotEqual(plain.Mean!.Value.ToString("0.00", Nl), Shown(grade["mean"], "0.00"));

        var weighted = await _admin.GetStringAsync(Results("?gewogen=ja"));
        // n stays the number of respondents; mean, interval and sd are the weighted ones.
        Assert.Equal(plain.N.ToString(), grade["n"]);
        Assert.Contains($"<td>{grade["n"]}</td><td>{Shown(grade["mean"], "0.00")}</td><td>{Shown(grade["ci_low"], "0.00")} – {Shown(grade["ci_high"], "0.00")}</td>"
            + $"<td>{Shown(grade["sd"], "0.00")}</td>", weighted, StringComparison.Ordinal);
        Assert.Contains($"{Shown(ww["mean"], "0.00")} ({ww["n"]})", weighted, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"weighted-note\"", weighted, StringComparison.Ordinal);
        Assert.Contains("id=\"gewogen-ja\" name=\"gewogen\" value=\"ja\" checked=\"checked\"", weighted, StringComparison.Ordinal);
        Assert.Contains("Scores Nederland (gewogen)", weighted, StringComparison.Ordinal);

        // Without the switch, and with gewogen=nee, the page shows the unweighted figures as before.
        foreach (var url in new[] { Results(), Results("?gewogen=nee") })
        {
            var html = await _admin.GetStringAsync(url);
            Assert.Contains($"<td>{plain.N}</td><td>{plain.Mean.Value.ToString("0.00", Nl)}</td>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"weighted-note\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"gewogen-nee\" name=\"gewogen\" value=\"nee\" checked=\"checked\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_werkplein_user_sees_the_weighted_figures_of_the_own_werkplein_only()
    {
        // The weighted cells behind the export (the page rounds the same doubles to one decimal).
        await using var scope = _app.Services.CreateAsyncScope();
        var cells = (await scope.ServiceProvider.GetRequiredService<ResultsService>()
            .ComputeWeightedCellsAsync(ResultsRoundSeed.RoundName, new WeightingRequest(WeightingMethod.PostStratification))).Cells;
        string Grade(string werkplein) => cells.Single(c => c.Cell is { Breakdown: "totaal", Measure: "totaaloordeel" } && c.Cell.Werkplein == werkplein)
            .Cell.Mean!.Value.ToString("0.0", Nl);
        var client = await ClientAsync("wp-a@werkplein.test");

        var round = "?ronde=" + Uri.EscapeDataString(ResultsRoundSeed.RoundName);
        var html = await client.GetStringAsync($"/werkplein/WP-A{round}&gewogen=ja");

        Assert.Contains("data-testid=\"weighted-note\"", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{Grade("WP-A")}</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"nl\">{Grade("NL")}</td>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/werkplein/WP-B{round}&gewogen=ja")).StatusCode);
        Assert.DoesNotContain("data-testid=\"weighted-note\"", await client.GetStringAsync($"/werkplein/WP-A{round}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_choice_is_a_clear_error()
    {
        var response = await _admin.GetAsync(Results("?gewogen=misschien"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Onbekende keuze 'misschien' voor gewogen: kies ja of nee.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_weighted_comparison_tests_with_the_weighted_standard_errors()
    {
        // Two rounds, grades (totaaloordeel): WP-A 5 × 9 and 5 × 7, WP-B 5 × 7 and 5 × 5 in both. In 2008 WP-B also had
        // 10 invited who did not answer, so its respondents weigh 2 (20 invited / 10) and WP-A's 1; in 2009 all weigh 1.
        // 2008: mean (10 × 8 + 20 × 6) / 30 = 6.6667; SE² = 20/19 × (10 × (1/30)² + 10 × (2/30)²) = 1000/17100.
        // 2009: mean 7; SE² = 20/19 × 20 × (1/20)² = 1/19. Unweighted both means are 7 (difference 0).
        // Welch from the SEs: difference 1/3, se = sqrt(1000/17100 + 900/17100) = 1/3, t = 1,
        // df = (1/9)² / ((1000/17100)² / 19 + (1/19)² / 19) = 37.895; p = 2 * pt(-1, 37.895) in R: 0.323653.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
            var werkpleinen = await db.Werkpleinen.ToDictionaryAsync(w => w.Code);
            (string, int, int)[] groups = [("WP-A", 9, 5), ("WP-A", 7, 5), ("WP-B", 7, 5), ("WP-B", 5, 5)];
            await ComparisonSeed.RoundAsync(db, survey, "Gewogen 2008", new DateOnly(2008, 9, 1), werkpleinen, groups, RoundState.Open);
            await ComparisonSeed.RoundAsync(db, survey, "Gewogen 2009", new DateOnly(2009, 9, 1), werkpleinen, groups, RoundState.Open);
            var round = await db.Rounds.SingleAsync(r => r.Name == "Gewogen 2008");
            var silent = Enumerable.Range(1, 10).Select(i => new Participant { RoundId = round.Id, Ref = $"stil-{i}", WerkpleinId = werkpleinen["WP-B"].Id }).ToList();
            db.Participants.AddRange(silent);
            await db.SaveChangesAsync();
            db.Invitations.AddRange(silent.Select(p => new Invitation { ParticipantId = p.Id, RoundId = round.Id, State = InvitationState.Sent, NextAttemptAt = round.CreatedAt }));
            await db.SaveChangesAsync();
        }

        await using var check = _app.Services.CreateAsyncScope();
        var comparisons = check.ServiceProvider.GetRequiredService<ComparisonService>();
        string[] names = ["Gewogen 2008", "Gewogen 2009"];
        var weighted = (await comparisons.CompareAsync(names, ComparisonScope.National, weighted: true)).National.Single(r => r.Measure.Id == SurveyDefinition.GradeItemId);
        var plain = (await comparisons.CompareAsync(names, ComparisonScope.National)).National.Single(r => r.Measure.Id == SurveyDefinition.GradeItemId);
        var test = weighted.Changes[0].Test!.Value;

        Assert.Equal(200.0 / 30, weighted.Cells[0]!.Mean!.Value, 12);
        Assert.Equal(20, weighted.Cells[0]!.N);
        Assert.Equal(1.0 / 3, test.Difference, 12);
        Assert.Equal(1.0 / 3, test.StandardError, 12);
        Assert.Equal(1, test.T, 10);
        Assert.Equal(37.8950276243094, test.Df, 9);
        Assert.Equal(0.323653488860479, test.P, 9);
        Assert.Equal(0, plain.Changes[0].Test!.Value.Difference, 12);

        var html = await _admin.GetStringAsync("/beheer/vergelijken?ronde=Gewogen+2008&ronde=Gewogen+2009&gewogen=ja");
        Assert.Contains("data-testid=\"weighted-note\"", html, StringComparison.Ordinal);
        Assert.Contains(test.P.ToString("0.000", Nl), html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"weighted-note\"", await _admin.GetStringAsync("/beheer/vergelijken?ronde=Gewogen+2008&ronde=Gewogen+2009"),
            StringComparison.Ordinal);
    }

    private string Round => "?ronde=" + Uri.EscapeDataString(ResultsRoundSeed.RoundName);

    private async Task<IReadOnlyList<WeightedCell>> WeightedCellsAsync(string round)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ResultsService>()
            .ComputeWeightedCellsAsync(round, new WeightingRequest(WeightingMethod.PostStratification))).Cells;
    }

    [Fact]
    public async Task The_printable_report_weighted_shows_the_weighted_cells_and_refuses_an_unknown_choice()
    {
        var cells = await WeightedCellsAsync(ResultsRoundSeed.RoundName);
        string Grade(string werkplein) => cells.Single(c => c.Cell is { Breakdown: "totaal", Group: "totaal", Measure: "totaaloordeel" } && c.Cell.Werkplein == werkplein)
            .Cell.Mean!.Value.ToString("0.0", Nl);
        var client = await ClientAsync("wp-a@werkplein.test");

        var html = await client.GetStringAsync($"/werkplein/WP-A/rapport{Round}&gewogen=ja");

        Assert.Contains("data-testid=\"weighted-note\"", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(Klantmeting.Web.Pages.Shared.WeightingChoice.Explanation), html, StringComparison.Ordinal);
        Assert.Contains("id=\"gewogen-ja\" name=\"gewogen\" value=\"ja\" checked=\"checked\"", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{Grade("WP-A")}</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"nl\">{Grade("NL")}</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"weighted-note\"", await client.GetStringAsync($"/werkplein/WP-A/rapport{Round}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/werkplein/WP-B/rapport{Round}&gewogen=ja")).StatusCode);

        using var bad = await client.GetAsync($"/werkplein/WP-A/rapport{Round}&gewogen=misschien");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Onbekende keuze 'misschien' voor gewogen: kies ja of nee.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_benchmark_page_weighted_ranks_and_shows_the_weighted_cells_without_the_unweighted_test()
    {
        var cells = await WeightedCellsAsync(ResultsRoundSeed.RoundName);
        string Grade(string werkplein) => cells.Single(c => c.Cell is { Breakdown: "totaal", Group: "totaal", Measure: "totaaloordeel" } && c.Cell.Werkplein == werkplein)
            .Cell.Mean!.Value.ToString("0.0", Nl);
        var client = await ClientAsync("wp-a@werkplein.test");

        var html = await client.GetStringAsync($"/werkplein/WP-A/vergelijking{Round}&gewogen=ja");

        Assert.Contains("data-testid=\"weighted-note\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"gewogen-ja\" name=\"gewogen\" value=\"ja\" checked=\"checked\"", html, StringComparison.Ordinal);
        Assert.Contains($"<th scope=\"row\">Rapportcijfer totaal</th><td>{Grade("WP-A")}</td><td class=\"nl\">–</td><td class=\"nl\">{Grade("NL")}</td><td colspan=\"3\">geen toets mogelijk</td>",
            System.Text.RegularExpressions.Regex.Replace(html, @">\s+<", "><"), StringComparison.Ordinal);
        var plain = await client.GetStringAsync($"/werkplein/WP-A/vergelijking{Round}");
        Assert.DoesNotContain("data-testid=\"weighted-note\"", plain, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/werkplein/WP-A/vergelijking{Round}&gewogen=misschien")).StatusCode);
    }

    [Fact]
    public async Task The_weighted_downloads_are_the_weighted_export_and_the_unweighted_ones_stay_as_they_were()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var results = scope.ServiceProvider.GetRequiredService<ResultsService>();
        using var cli = new MemoryStream();
        await results.WriteWeightedCellsCsvAsync(ResultsRoundSeed.RoundName, new WeightingRequest(WeightingMethod.PostStratification), cli);
        using var plainAll = new MemoryStream();
        await results.WriteCellsCsvAsync(ResultsRoundSeed.RoundName, plainAll);
        using var plainA = new MemoryStream();
        await results.WriteWerkpleinCellsCsvAsync(ResultsRoundSeed.RoundName, "WP-A", plainA);

        // The results page: the whole weighted export, byte for byte as results export --weights poststrat writes it.
        Assert.Equal(cli.ToArray(), await _admin.GetByteArrayAsync(Results("?handler=ResultsCsv&gewogen=ja")));
        Assert.Equal(plainAll.ToArray(), await _admin.GetByteArrayAsync(Results("?handler=ResultsCsv")));
        Assert.Equal(plainAll.ToArray(), await _admin.GetByteArrayAsync(Results("?handler=ResultsCsv&gewogen=nee")));
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync(Results("?handler=ResultsCsv&gewogen=misschien"))).StatusCode);

        // The Werkplein report: the export's rows of WP-A and NL, in the export's order, with se, n_eff and deff.
        var client = await ClientAsync("wp-a@werkplein.test");
        var rows = Klantmeting.Tests.Exports.TableFormatAssert.MachineRows(cli.ToArray());
        Assert.Equal(["se", "n_eff", "deff"], rows[0][^3..]);
        Assert.Equal("werkplein", rows[0][1]);
        var expected = rows.Take(1).Concat(rows.Skip(1).Where(r => r[1] is "WP-A" or "NL")).ToList();
        using var weighted = await client.GetAsync($"/werkplein/WP-A/rapport?handler=Csv&ronde={Uri.EscapeDataString(ResultsRoundSeed.RoundName)}&gewogen=ja");
        var bytes = await weighted.Content.ReadAsByteArrayAsync();
        Assert.Equal(expected, Klantmeting.Tests.Exports.TableFormatAssert.MachineRows(bytes));
        Assert.Contains(rows.Skip(1), r => r[1] == "WP-B");
        Assert.Contains("-gewogen", weighted.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        Assert.Equal(plainA.ToArray(), await client.GetByteArrayAsync($"/werkplein/WP-A/rapport?handler=Csv&ronde={Uri.EscapeDataString(ResultsRoundSeed.RoundName)}"));
        using var xlsx = await client.GetAsync($"/werkplein/WP-A/rapport?handler=Csv&formaat=xlsx&ronde={Uri.EscapeDataString(ResultsRoundSeed.RoundName)}&gewogen=ja");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);

        // The dashboard links to the weighted download and report when weighted.
        var dashboard = await client.GetStringAsync($"/werkplein/WP-A{Round}&gewogen=ja");
        Assert.Contains("handler=Csv&amp;ronde=" + Uri.EscapeDataString(ResultsRoundSeed.RoundName) + "&amp;gewogen=ja", dashboard, StringComparison.Ordinal);
    }

    /// <summary>
    /// The group comparison weighted: two rounds where everyone has a WW benefit, so the WW group is the whole round;
    /// grades WP-A 5 × 9 and 5 × 7, WP-B 5 × 7 and 5 × 5 in both, and in 2008 ten WW participants of WP-B who did not
    /// answer (weight 2). By hand, as for the totals: WW 2008 weighted 200/30 = 6,67 (unweighted 7,00), 2009 7,00; Welch
    /// from the SEs difference +0,33, t 1,00, df 37,9, p 0,324. The page's figures equal the library's weighted cells.
    /// </summary>
    [Fact]
    public async Task The_weighted_group_comparison_shows_the_weighted_group_cells_and_their_test()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
            var werkpleinen = await db.Werkpleinen.ToDictionaryAsync(w => w.Code);
            (string, int, int)[] groups = [("WP-A", 9, 5), ("WP-A", 7, 5), ("WP-B", 7, 5), ("WP-B", 5, 5)];
            await ComparisonSeed.RoundAsync(db, survey, "Groepen 2008", new DateOnly(2008, 9, 1), werkpleinen, groups, RoundState.Open);
            await ComparisonSeed.RoundAsync(db, survey, "Groepen 2009", new DateOnly(2009, 9, 1), werkpleinen, groups, RoundState.Open);
            var round = await db.Rounds.SingleAsync(r => r.Name == "Groepen 2008");
            var silent = Enumerable.Range(1, 10).Select(i => new Participant { RoundId = round.Id, Ref = $"groep-stil-{i}", WerkpleinId = werkpleinen["WP-B"].Id }).ToList();
            db.Participants.AddRange(silent);
            await db.SaveChangesAsync();
            db.Invitations.AddRange(silent.Select(p => new Invitation { ParticipantId = p.Id, RoundId = round.Id, State = InvitationState.Sent, NextAttemptAt = round.CreatedAt }));
            var ids = await db.Rounds.Where(r => r.Name.StartsWith("Groepen")).Select(r => r.Id).ToListAsync();
            foreach (var participant in await db.Participants.Where(p => ids.Contains(p.RoundId)).ToListAsync())
            {
                participant.Attributes.Add(new ParticipantAttribute { Name = "uitkering", Value = "WW" });
            }

            await db.SaveChangesAsync();
        }

        Row2008(await WeightedCellsAsync("Groepen 2008"), out var ww2008);
        Assert.Equal(200.0 / 30, ww2008.Cell.Mean!.Value, 12);
        Assert.Equal(20, ww2008.Cell.N);

        var html = System.Text.RegularExpressions.Regex.Replace(
            await _admin.GetStringAsync("/beheer/vergelijken?ronde=Groepen+2008&ronde=Groepen+2009&gewogen=ja"), @">\s+<", "><");
        var groupPart = html[html.IndexOf("id=\"groepen\"", StringComparison.Ordinal)..];
        Assert.Contains("data-testid=\"weighted-groups-note\"", groupPart, StringComparison.Ordinal);
        Assert.Contains($"<td>20</td><td>{ww2008.Cell.Mean.Value.ToString("0.00", Nl)}</td><td>{ww2008.Cell.CiLow!.Value.ToString("0.00", Nl)} – {ww2008.Cell.CiHigh!.Value.ToString("0.00", Nl)}</td>",
            groupPart, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Rapportcijfer totaal</th><td>20</td><td>6,67</td>", groupPart, StringComparison.Ordinal);
        Assert.Contains("<td>+0,33</td><td>1,00</td><td>37,9</td><td>0,324</td>", WebUtility.HtmlDecode(groupPart), StringComparison.Ordinal);

        var plain = System.Text.RegularExpressions.Regex.Replace(
            await _admin.GetStringAsync("/beheer/vergelijken?ronde=Groepen+2008&ronde=Groepen+2009"), @">\s+<", "><");
        var plainGroups = plain[plain.IndexOf("id=\"groepen\"", StringComparison.Ordinal)..];
        Assert.DoesNotContain("weighted-groups-note", plainGroups, StringComparison.Ordinal);
        Assert.Contains("<td>20</td><td>7,00</td>", plainGroups, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>20</td><td>6,67</td>", plainGroups, StringComparison.Ordinal);

        // The group download follows the switch.
        var weightedCsv = await _admin.GetStringAsync("/beheer/vergelijken?ronde=Groepen+2008&ronde=Groepen+2009&gewogen=ja&handler=GroepenCsv");
        Assert.Contains(",6.6667,", weightedCsv, StringComparison.Ordinal);
        Assert.DoesNotContain(",6.6667,", await _admin.GetStringAsync("/beheer/vergelijken?ronde=Groepen+2008&ronde=Groepen+2009&handler=GroepenCsv"), StringComparison.Ordinal);
    }

    private static void Row2008(IReadOnlyList<WeightedCell> cells, out WeightedCell ww) =>
        ww = cells.Single(c => c.Cell is { Werkplein: "NL", Breakdown: "uitkering", Group: "WW", Measure: "totaaloordeel" });
}
