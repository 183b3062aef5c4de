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
/// The gewogen / ongewogen switch (issue 19 §2) on the results page, the Werkplein dashboard and the comparison page,
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
}
