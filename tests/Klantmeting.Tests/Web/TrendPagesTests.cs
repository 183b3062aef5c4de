using System.Net;
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

/// <summary>
/// The trends on the Werkplein dashboard, the administrators' page <c>/beheer/trends</c> and the public history on
/// <c>/resultaten</c>, on the shipped questionnaires: <see cref="ComparisonSeed"/>'s job-seeker rounds 2007 and 2009 and an
/// employer round of WP-A (ten 7 and two 9: 7,3).
/// </summary>
public sealed class TrendPagesTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-trend-pages-").FullName;
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, "k.db")}");
            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Demo:Seed", "false");
        });
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var surveys = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>();
        await ComparisonSeed.SeedAsync(db, surveys);
        var werkpleinen = await db.Werkpleinen.ToDictionaryAsync(w => w.Code);
        await ComparisonSeed.RoundAsync(db, surveys.Get("werkgevers-2009"), "Werkgevers 2009", new DateOnly(2009, 10, 1), werkpleinen, [("WP-A", 7, 10), ("WP-A", 9, 2)]);
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync("beheerder@ako.test", Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        await users.CreateAsync("wp-a@werkplein.test", Roles.Werkplein, ["WP-A"], AccessAppFactory.Password, mustChangePassword: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The page with entities decoded ("6,2 – 6,8" is written as 6,2 &amp;#x2013; 6,8).</summary>
    private static string Decoded(string html) => WebUtility.HtmlDecode(html);

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

    [Fact]
    public async Task The_dashboard_shows_a_trend_per_audience_with_the_break_and_its_table()
    {
        var html = Decoded(await (await ClientAsync("wp-a@werkplein.test")).GetStringAsync("/werkplein/WP-A"));

        Assert.Contains("data-testid=\"trend-werkzoekenden\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"trend-werkgevers\"", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("data-testid=\"trend-werkzoekenden\"", StringComparison.Ordinal) < html.IndexOf("data-testid=\"trend-werkgevers\"", StringComparison.Ordinal));
        // Grade of WP-A 2007 (6,5, 6,2 - 6,8, 12) with NL (6,8) beside it.
        Assert.Contains("<th scope=\"row\">Rapportcijfer totaal, Najaar 2007</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>6,5</td><td>6,2 – 6,8</td><td>12</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"nl\">6,8</td>", html, StringComparison.Ordinal);
        // Employers in their own trend: one round, 7,3.
        Assert.Contains("<th scope=\"row\">Rapportcijfer totaal, Werkgevers 2009</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>7,3</td><td>6,8 – 7,8</td><td>12</td>", html, StringComparison.Ordinal);
        // The changed links: said in words, marked in the table and in the chart's text alternative.
        Assert.Contains("<strong>Breuk in Maatwerk tussen Najaar 2007 en Najaar 2009:</strong> In 2009 opnieuw opgezet", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Breuk in Duidelijkheid tussen Najaar 2007 en Najaar 2009:</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Breuk in Tijdigheid", html, StringComparison.Ordinal);
        Assert.Contains("de lijn is onderbroken waar een onderdeel anders gemeten werd: Maatwerk tussen Najaar 2007 en Najaar 2009; Duidelijkheid tussen Najaar 2007 en Najaar 2009", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"break\">", html, StringComparison.Ordinal);
        // Each chart has its text alternative; the groups of job seekers have charts of their own.
        Assert.Contains("aria-labelledby=\"trend-werkzoekenden-principes-tekst\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"trendblok-trend-werkzoekenden-vaste_contactpersoon\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"trendblok-trend-werkgevers-vaste_contactpersoon\"", html, StringComparison.Ordinal);
        Assert.Contains("Een lijn door de tijd is te zien vanaf twee meetrondes.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_page_chooses_a_werkplein_or_heel_nederland()
    {
        var admin = await ClientAsync("beheerder@ako.test");

        var national = Decoded(await admin.GetStringAsync("/beheer/trends"));
        Assert.Contains("<h1>Trends: Nederland</h1>", national, StringComparison.Ordinal);
        Assert.Contains(">Heel Nederland</option>", national, StringComparison.Ordinal);
        Assert.Contains(">Werkplein Aa (WP-A)</option>", national, StringComparison.Ordinal);
        Assert.Contains("<td>6,8</td><td>", national, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"nl\"", national, StringComparison.Ordinal);
        Assert.Contains("<a class=\"utrecht-nav-list__link\" href=\"/beheer/trends\" aria-current=\"page\">Trends</a>", national, StringComparison.Ordinal);

        var a = Decoded(await admin.GetStringAsync("/beheer/trends?werkplein=WP-A"));
        Assert.Contains("<h1>Trends: Werkplein Aa</h1>", a, StringComparison.Ordinal);
        Assert.Contains("<td>6,5</td><td>6,2 – 6,8</td><td>12</td>", a, StringComparison.Ordinal);
        Assert.Contains("Breuk in Maatwerk", a, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/beheer/trends?werkplein=WP-XXX")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await ClientAsync("wp-a@werkplein.test")).GetAsync("/beheer/trends")).StatusCode);
    }

    [Fact]
    public async Task The_public_page_has_the_national_history_and_no_werkplein()
    {
        var raw = await (await ClientAsync(null)).GetStringAsync("/resultaten");
        var html = Decoded(raw);

        var history = html[html.IndexOf("id=\"geschiedenis\"", StringComparison.Ordinal)..];
        Assert.Contains("data-testid=\"trend-werkzoekenden\"", history, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"trend-werkgevers\"", history, StringComparison.Ordinal);
        // NL 2007: 34 respondents, 6,8; 2009: 27, 7,2.
        Assert.Contains("<th scope=\"row\">Rapportcijfer totaal, Najaar 2007</th>", history, StringComparison.Ordinal);
        Assert.Contains("<td>6,8</td>", history, StringComparison.Ordinal);
        Assert.Contains("<td>34</td>", history, StringComparison.Ordinal);
        Assert.Contains("<td>27</td>", history, StringComparison.Ordinal);
        Assert.Contains("Breuk in Maatwerk tussen Najaar 2007 en Najaar 2009", history, StringComparison.Ordinal);
        Assert.DoesNotContain("vaste_contactpersoon", history, StringComparison.Ordinal);
        foreach (var forbidden in new[] { "WP-A", "WP-B", "WP-C", "Werkplein Aa", "Werkplein Bé", "Zoë", "class=\"nl\"" })
        {
            Assert.DoesNotContain(forbidden, html, StringComparison.Ordinal);
            Assert.DoesNotContain(forbidden, raw, StringComparison.Ordinal);
        }
    }
}
