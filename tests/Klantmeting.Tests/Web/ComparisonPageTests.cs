using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Klantmeting.Comparison;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Surveys;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Comparison;
using Klantmeting.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>The administrators' comparison page on the rounds of <see cref="ComparisonSeed"/> (2007 vs 2009, one principle unmatched).</summary>
public sealed class ComparisonPageTests : IAsyncLifetime
{
    private const string Both = "/beheer/vergelijken?ronde=Najaar+2007&ronde=Najaar+2009";
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-compare-page-").FullName;
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _app = Create();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var surveys = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>();
        await ComparisonSeed.SeedAsync(db, surveys);
        var werkpleinen = await db.Werkpleinen.ToDictionaryAsync(w => w.Code);
        await ComparisonSeed.RoundAsync(db, surveys.Get("werkgevers-2009"), "Werkgevers 2009", new DateOnly(2009, 10, 1), werkpleinen, [("WP-A", 7, 10)]);
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync("beheerder@ako.test", Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        await users.CreateAsync("wp-a@werkplein.test", Roles.Werkplein, ["WP-A"], AccessAppFactory.Password, mustChangePassword: false);
        _admin = await ClientAsync("beheerder@ako.test");
    }

    private HttpClient _admin = null!;

    /// <summary>A client over https (Secure cookies) that keeps cookies, signed in as <paramref name="email"/> (null: anonymous).</summary>
    private async Task<HttpClient> ClientAsync(string? email)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        if (email is not null)
        {
            using var signIn = await AccessAppFactory.PostSignInAsync(client, email, AccessAppFactory.Password);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        return client;
    }

    private WebApplicationFactory<Program> Create() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Production");
        b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, "k.db")}");
        b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
        b.UseSetting("Demo:Seed", "false");
        b.UseSetting(SurveyExtensions.PathSetting, ComparisonSeed.SurveysWithAnUnmatchedPrinciple(_folder));
    });

    [Fact]
    public async Task Form_lists_every_round_as_a_labelled_checkbox()
    {
        var html = await _admin.GetStringAsync("/beheer/vergelijken");

        Assert.Contains("<h1>Rondes vergelijken</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"get\"", html, StringComparison.Ordinal);
        foreach (var round in new[] { "Najaar 2007", "Najaar 2009", "Werkgevers 2009" })
        {
            Assert.Contains($"name=\"ronde\" value=\"{round}\"", html, StringComparison.Ordinal);
        }

        Assert.Equal(3, html.Split("type=\"checkbox\"").Length - 1);
        Assert.DoesNotContain("<table", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task National_comparison_has_a_table_and_a_trend_chart_per_measure_and_the_unmatched_apart()
    {
        var html = await _admin.GetStringAsync(Both + "&niveau=landelijk");

        // Five matched measures: a trend chart (image with caption) and a table each; no ranking nationally.
        Assert.Equal(5, html.Split("role=\"img\"").Length - 1);
        Assert.Equal(5, html.Split("<svg").Length - 1);
        Assert.Equal(5, html.Split("<table class=\"compare\"").Length - 1);
        Assert.True(html.Split("<figcaption").Length - 1 >= 5);
        Assert.Contains("<caption id=\"maat-bereikbaarheid-tabel\">Bereikbaarheid en toegankelijkheid per ronde en verandering</caption>", html, StringComparison.Ordinal);
        // The wide table scrolls in a region that keyboard users can reach.
        Assert.Contains("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"maat-bereikbaarheid-tabel\">", html, StringComparison.Ordinal);
        Assert.Contains("toegankelijkheid (Najaar 2007) → bereikbaarheid (Najaar 2009)", Decoded(html), StringComparison.Ordinal);
        Assert.DoesNotContain("Rangschikking van Werkpleinen", html, StringComparison.Ordinal);
        Assert.DoesNotContain("WP-A", html, StringComparison.Ordinal);
        // NL: 6.8235 (n 34) -> 7.2222 (n 27).
        Assert.Contains("<td>34</td><td>6,82</td>", Decoded(html), StringComparison.Ordinal);
        Assert.Contains("<td>27</td><td>7,22</td>", Decoded(html), StringComparison.Ordinal);
        var unmatched = html[html.IndexOf("<h2 id=\"niet-vergelijkbaar\">", StringComparison.Ordinal)..];
        Assert.Contains("Houvast (houvast)", unmatched, StringComparison.Ordinal);
        Assert.Contains("Duidelijkheid (duidelijkheid)", unmatched, StringComparison.Ordinal);
        Assert.DoesNotContain("<caption>Duidelijkheid per ronde", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redefined_principle_breaks_the_trend_line_and_says_why_it_is_not_tested()
    {
        var html = await _admin.GetStringAsync(Both + "&niveau=landelijk");

        // Maatwerk 2009 is a `changed` link from evenwichtige_behandeling 2007: the paragraph with the file's note,
        // the break mark in the chart's legend and the caption saying the line is broken.
        var maatwerk = html[html.IndexOf("data-testid=\"gewijzigd-maatwerk-1\"", StringComparison.Ordinal)..];
        Assert.Contains("Maatwerk gaat over hulp die past bij uw situatie", Decoded(maatwerk[..maatwerk.IndexOf("</p>", StringComparison.Ordinal)]), StringComparison.Ordinal);
        Assert.Contains("Daarom is het verschil niet getoetst.", maatwerk[..maatwerk.IndexOf("</p>", StringComparison.Ordinal)], StringComparison.Ordinal);
        var figure = maatwerk[..maatwerk.IndexOf("</figure>", StringComparison.Ordinal)];
        Assert.Contains("Breuk: anders gemeten", figure, StringComparison.Ordinal);
        Assert.Contains("De lijn is onderbroken waar het onderdeel anders is gedefinieerd", figure, StringComparison.Ordinal);
        // A principle with a `same` link has no break.
        var bereikbaarheid = html[html.IndexOf("<figcaption id=\"maat-bereikbaarheid-trend\"", StringComparison.Ordinal)..];
        Assert.DoesNotContain("onderbroken", bereikbaarheid[..bereikbaarheid.IndexOf("</figcaption>", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Equal(1, html.Split("Breuk: anders gemeten").Length - 1);
    }

    [Fact]
    public async Task Per_werkplein_marks_significant_changes_in_text_and_ranks_with_intervals()
    {
        var html = await _admin.GetStringAsync(Both + "&niveau=werkpleinen");

        var text = Decoded(html);
        var grade = text[text.IndexOf("<h3 id=\"maat-totaaloordeel\">", StringComparison.Ordinal)..text.IndexOf("<h3 id=\"maat-bereikbaarheid\">", StringComparison.Ordinal)];
        // WP-A: 6.50 -> 7.50, t 4.69, df 22.0, p < 0.001, Holm p 0.000224 -> "< 0,001", significant (the word, not only a style).
        Assert.Contains("<td>12</td><td>6,50</td><td>6,17 – 6,83</td><td>12</td><td>7,50</td><td>7,17 – 7,83</td><td>+1,00</td><td>4,69</td><td>22,0</td><td>< 0,001</td><td>< 0,001</td><td class=\"significant\">ja</td>", grade, StringComparison.Ordinal);
        // WP-B is below the minimum in 2009: no figures, no test.
        Assert.Contains("<td colspan=\"3\">te weinig respondenten</td><td colspan=\"6\">niet getoetst: te weinig respondenten</td>", grade, StringComparison.Ordinal);
        // WP-C: no change, Holm p 1.
        Assert.Contains("<td>0,00</td><td>0,00</td><td>18,0</td><td>1,000</td><td>1,000</td><td>nee</td>", grade, StringComparison.Ordinal);
        // The imported name is encoded in the tables and in the chart.
        Assert.DoesNotContain("<b>C</b>", html, StringComparison.Ordinal);
        Assert.Contains("Werkplein &lt;b&gt;C&lt;/b&gt;", html, StringComparison.Ordinal);

        // Ranking: a whisker chart with a caption and a table; WP-A first, WP-B left out.
        Assert.Equal(5 + 1, html.Split("<svg").Length - 1);
        var ranking = text[text.IndexOf("<h2 id=\"rangschikking-kop\">", StringComparison.Ordinal)..];
        Assert.Contains("1 Werkplein(en) met te weinig respondenten staan er niet in.", ranking, StringComparison.Ordinal);
        Assert.Contains("<tr><td>1</td><th scope=\"row\">Werkplein Aa (WP-A)</th><td>12</td><td>7,50</td>", ranking, StringComparison.Ordinal);
        Assert.Contains("<tr><td>2</td><th scope=\"row\">", ranking, StringComparison.Ordinal);
        Assert.DoesNotContain("(WP-B)</th>", ranking, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ranking_on_another_measure()
    {
        var html = await _admin.GetStringAsync(Both + "&niveau=werkpleinen&rangschikking=bereikbaarheid");

        Assert.Contains("Rangschikking van Werkpleinen: Bereikbaarheid en toegankelijkheid, Najaar 2009", html, StringComparison.Ordinal);
        Assert.Contains("<td>12</td><td>8,88</td>", Decoded(html), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/beheer/vergelijken?ronde=Najaar+2009&ronde=Werkgevers+2009", "verschillende doelgroepen")]
    [InlineData("/beheer/vergelijken?ronde=Najaar+2009", "ten minste twee")]
    [InlineData("/beheer/vergelijken?ronde=Najaar+2009&ronde=Bestaat+niet", "geen ronde met de naam &#x27;Bestaat niet&#x27;")]
    [InlineData(Both + "&niveau=provincie", "Onbekend niveau")]
    [InlineData(Both + "&niveau=werkpleinen&rangschikking=houvast", "Onbekend onderdeel voor de rangschikking")]
    public async Task A_choice_that_cannot_be_compared_gets_a_clear_message_and_no_figures(string url, string message)
    {
        var html = await _admin.GetStringAsync(url);

        Assert.Contains("<title>Fout: Rondes vergelijken", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_download_is_the_service_csv()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var comparison = await scope.ServiceProvider.GetRequiredService<ComparisonService>()
            .CompareAsync(["Najaar 2007", "Najaar 2009"], ComparisonScope.Werkpleinen);
        using var expected = new MemoryStream();
        await ComparisonService.WriteCsvAsync(comparison, expected);

        var response = await _admin.GetAsync(Both + "&niveau=werkpleinen&handler=Csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), await response.Content.ReadAsStringAsync());
        var bad = await _admin.GetAsync("/beheer/vergelijken?ronde=Najaar+2009&ronde=Werkgevers+2009&handler=Csv");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("verschillende doelgroepen", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_to_everyone_but_beheerders()
    {
        var anonymous = await ClientAsync(null);
        var werkplein = await ClientAsync("wp-a@werkplein.test");
        foreach (var url in new[] { "/beheer/vergelijken", Both + "&handler=Csv" })
        {
            var redirect = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.StartsWith("/inloggen", redirect.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await werkplein.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task Werkplein_dashboard_shows_the_trend_over_the_rounds_as_a_chart_beside_its_table()
    {
        var html = await (await ClientAsync("wp-a@werkplein.test")).GetStringAsync("/werkplein/WP-A");

        // Since the trends are per audience, the job seekers' overall grade has a chart of its own.
        var start = html.IndexOf("aria-labelledby=\"trend-werkzoekenden-cijfer-tekst\"", StringComparison.Ordinal);
        Assert.True(start > 0, "no trend chart on the dashboard");
        var figure = html[start..html.IndexOf("</figure>", start, StringComparison.Ordinal)];
        Assert.Contains("<svg", figure, StringComparison.Ordinal);
        Assert.Contains("Lijndiagram van het gemiddelde rapportcijfer", figure, StringComparison.Ordinal);
        // The same numbers in the table beside it, one row per round.
        Assert.Contains("<caption id=\"trend-werkzoekenden-cijfer-tabel\">Rapportcijfer totaal en respons van Werkplein Aa per meetronde (werkzoekenden)</caption>", html, StringComparison.Ordinal);
        Assert.Contains("Rapportcijfer totaal, Najaar 2007", html, StringComparison.Ordinal);
        Assert.Contains("Rapportcijfer totaal, Najaar 2009", html, StringComparison.Ordinal);
    }

    /// <summary>The page with white space between tags removed and entities decoded, for reading figures.</summary>
    private static string Decoded(string html) => WebUtility.HtmlDecode(Regex.Replace(html, @">\s+<", "><"));

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
