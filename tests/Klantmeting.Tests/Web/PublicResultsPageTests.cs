using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Comparison;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>The public national results: no sign-in, latest closed round per audience, national figures only.</summary>
public sealed class PublicResultsPageTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-public-page-").FullName;
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        // No administrator access at all: the page is public.
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, "k.db")}");
            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Demo:Seed", "false");
        });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Without_a_closed_round_says_so_kindly()
    {
        await SeedAsync(closeAll: false);

        var response = await _app.CreateClient().GetAsync("/resultaten");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Er is nog geen afgeronde meting onder werkzoekenden.", html, StringComparison.Ordinal);
        Assert.Contains("Er is nog geen afgeronde meting onder werkgevers.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_the_national_figures_of_the_latest_closed_round_with_chart_table_and_explanation()
    {
        await SeedAsync(closeAll: true);

        var html = await _app.CreateClient().GetStringAsync("/resultaten");

        Assert.Contains("<h1>Landelijke uitkomsten van de klantmeting</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Wat betekenen de cijfers?", html, StringComparison.Ordinal);
        Assert.Contains("Betrouwbaarheidsinterval", html, StringComparison.Ordinal);
        // Werkzoekenden: Najaar 2009 (the later open round Voorjaar 2010 is not used). NL totaaloordeel 7.2222, n 27;
        // bereikbaarheid 8.25 (t-interval 7.5815 - 8.9185); totaaloordeel interval 6.9251 - 7.5193.
        Assert.Contains("Meting <strong>Najaar 2009</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Voorjaar 2010", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Rapportcijfer totaal</th>", html, StringComparison.Ordinal);
        // Rounded half up, as people expect: 8.25 -> 8,3.
        var text = Regex.Replace(html, @">\s+<", "><");
        Assert.Contains("<td>7,2</td><td>6,9 tot 7,5</td><td>27</td>", text, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Bereikbaarheid en toegankelijkheid</th><td>8,3</td><td>7,6 tot 8,9</td><td>27</td>", text, StringComparison.Ordinal);
        // Werkgevers: one closed round of 10 respondents.
        Assert.Contains("Meting <strong>Werkgevers 2009</strong>", html, StringComparison.Ordinal);
        // One chart per audience with a caption, and its numbers in a table (the history "Door de tijd" follows apart).
        var latest = html[..html.IndexOf("<section aria-labelledby=\"geschiedenis\"", StringComparison.Ordinal)];
        Assert.Equal(2, latest.Split("<svg").Length - 1);
        Assert.Equal(2, latest.Split("role=\"img\"").Length - 1);
        Assert.Equal(2, latest.Split("<figcaption").Length - 1);
        Assert.Equal(2, latest.Split("<table").Length - 1);
    }

    [Fact]
    public async Task No_werkplein_name_or_code_appears()
    {
        await SeedAsync(closeAll: true);

        var html = await _app.CreateClient().GetStringAsync("/resultaten");

        foreach (var detail in new[] { "WP-A", "WP-B", "WP-C", "Werkplein Aa", "Werkplein B", "Werkplein &lt;b&gt;", "Werkplein <b>" })
        {
            Assert.DoesNotContain(detail, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_home_page_links_to_it_for_anonymous_visitors()
    {
        await SeedAsync(closeAll: true);

        var html = await _app.CreateClient().GetStringAsync("/");

        Assert.Contains("<a href=\"/resultaten\">", html, StringComparison.Ordinal);
    }

    private async Task SeedAsync(bool closeAll)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var surveys = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>();
        await ComparisonSeed.SeedAsync(db, surveys);
        var werkpleinen = await db.Werkpleinen.ToDictionaryAsync(w => w.Code);
        await ComparisonSeed.RoundAsync(db, surveys.Get("werkgevers-2009"), "Werkgevers 2009", new DateOnly(2009, 10, 1), werkpleinen, [("WP-A", 7, 10)]);
        await ComparisonSeed.RoundAsync(db, surveys.Get("werkzoekenden-2009"), "Voorjaar 2010", new DateOnly(2010, 3, 1), werkpleinen,
            [("WP-A", 9, 12)], RoundState.Open);
        if (!closeAll)
        {
            await db.Rounds.ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RoundState.Open));
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
