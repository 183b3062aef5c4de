using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Surveys;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Tests.Reports;
using Klantmeting.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Klantmeting.Tests.Web;

/// <summary>
/// The tertaal report pages on <see cref="TertaalReportSeed"/> (figures computed by hand in <see cref="TertaalReportTests"/>):
/// the admin's whole report as HTML and PDF (text read back with PdfPig), and a Werkplein's own part; over HTTP on
/// SQLite and PostgreSQL.
/// </summary>
public sealed class TertaalReportPageTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-tertaal-page-").FullName;
    private WebApplicationFactory<Program>? _app;
    private TestDatabase? _database;

    /// <summary>Starts the host on a fresh database of <paramref name="provider"/> seeded by <paramref name="seed"/>, with a beheerder and a user of WP-A.</summary>
    private async Task StartAsync(DatabaseProvider provider, Func<KlantmetingDbContext, ISurveyCatalog, Task>? seed = null)
    {
        _database = await TestDatabase.CreateAsync(provider, _folder);
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            foreach (var (key, value) in _database.Settings)
            {
                b.UseSetting(key, value);
            }

            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Demo:Seed", "false");
        });
        await using var scope = _app.Services.CreateAsyncScope();
        await (seed ?? TertaalReportSeed.SeedAsync)(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>(), scope.ServiceProvider.GetRequiredService<ISurveyCatalog>());
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync(AccessAppFactory.Beheerder, Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        await users.CreateAsync(AccessAppFactory.UserA, Roles.Werkplein, ["WP-A"], AccessAppFactory.Password, mustChangePassword: false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private async Task<HttpClient> ClientAsync(string email)
    {
        var client = _app!.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var signIn = await AccessAppFactory.PostSignInAsync(client, email, AccessAppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static string Page(string html) => Regex.Replace(WebUtility.HtmlDecode(html), @">\s+<", "><");

    /// <summary>The text of every page of a PDF, words separated by single spaces.</summary>
    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_admin_list_links_each_tertaal_and_the_report_shows_the_hand_computed_figures(DatabaseProvider provider)
    {
        await StartAsync(provider);
        var admin = await ClientAsync(AccessAppFactory.Beheerder);

        var list = Page(await admin.GetStringAsync("/beheer/tertaal"));
        Assert.Contains("<a href=\"/beheer/tertaal/2009-T3\">T3 2009 (september-december)</a>", list, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/beheer/tertaal/2009-T2\">T2 2009 (mei-augustus)</a>", list, StringComparison.Ordinal);

        var html = Page(await admin.GetStringAsync("/beheer/tertaal/2009-T3"));
        Assert.Contains("<li>Werkzoekenden: het totaaloordeel is 7,4, hoger dan in T2 (6,7).</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Werkzoekenden met een vaste contactpersoon geven een 7,5 (T2: 7,5).</li>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Zonder vaste contactpersoon</th><td>te weinig antwoorden</td><td>–</td><td>6,0</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<td>7,4</td><td>17</td><td>6,7</td><td>hoger (significant)</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>8,5</td><td>17</td><td>7,1</td>", html, StringComparison.Ordinal);
        Assert.Contains("(85,0%)", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"deel-1\">Werkplein Aa</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"deel-2\">Werkplein Bé</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<li>De score op de landkaart is 100% (T2: 67%).</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Werkzoekenden: te weinig antwoorden voor een totaaloordeel.</li>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/beheer/tertaal/2009-T3?handler=Spreiding&soort=fase\"", html, StringComparison.Ordinal);

        using var png = await admin.GetAsync("/beheer/tertaal/2009-T3?handler=Spreiding&soort=mijlpaal");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        using var none = await admin.GetAsync("/beheer/tertaal/2009-T5");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_pdf_holds_the_same_figures_as_text(DatabaseProvider provider)
    {
        await StartAsync(provider);
        var admin = await ClientAsync(AccessAppFactory.Beheerder);

        using var response = await admin.GetAsync("/beheer/tertaal/2009-T3?handler=Pdf");

        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/pdf", await response.Content.ReadAsStringAsync());
        Assert.Equal("tertaalrapport-2009-T3-landelijk.pdf", response.Content.Headers.ContentDisposition?.FileName);
        var text = PdfText(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Werkzoekenden: het totaaloordeel is 7,4, hoger dan in T2 (6,7).", text, StringComparison.Ordinal);
        Assert.Contains("Werkzoekenden met een vaste contactpersoon geven een 7,5 (T2: 7,5).", text, StringComparison.Ordinal);
        Assert.Contains("De respons van de werkzoekenden was 85,0%.", text, StringComparison.Ordinal);
        Assert.Contains("De score op de landkaart is 67% (T2: 67%).", text, StringComparison.Ordinal);
        Assert.Contains("Zonder vaste contactpersoon te weinig antwoorden – 6,0", text, StringComparison.Ordinal);
        Assert.Contains("Werkplein Bé", text, StringComparison.Ordinal);
        Assert.Contains("De score op de landkaart is 33%.", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_werkplein_sees_and_downloads_only_its_own_part_with_the_national_figures(DatabaseProvider provider)
    {
        await StartAsync(provider);
        var user = await ClientAsync(AccessAppFactory.UserA);

        var html = Page(await user.GetStringAsync("/werkplein/WP-A/tertaal/2009-T3"));
        Assert.Contains("<li>Werkzoekenden: het totaaloordeel is 7,4, hoger dan in T2 (6,7).</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Werkzoekenden: het totaaloordeel is 7,5, hoger dan in T2 (6,5).</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Werkplein Bé", html, StringComparison.Ordinal);
        Assert.DoesNotContain("WP-B", html, StringComparison.Ordinal);

        using var pdf = await user.GetAsync("/werkplein/WP-A/tertaal/2009-T3?handler=Pdf");
        var text = PdfText(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Werkzoekenden: het totaaloordeel is 7,5, hoger dan in T2 (6,5).", text, StringComparison.Ordinal);
        Assert.Contains("De score op de landkaart is 100% (T2: 67%).", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Werkplein Bé", text, StringComparison.Ordinal);

        foreach (var other in new[] { "/werkplein/WP-B/tertaal/2009-T3", "/werkplein/WP-B/tertaal/2009-T3?handler=Pdf", "/beheer/tertaal/2009-T3" })
        {
            using var refused = await user.GetAsync(other);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
    }

    /// <summary>
    /// The benefit groups of <see cref="TertaalBenefitSeed"/> on the page and in the PDF: WW, WWB and AO are above the
    /// minimum and show the means computed here from the seeded grades; "Zonder uitkering" (4, and 3 in T2) stays suppressed.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_benefit_groups_above_the_minimum_show_the_hand_computed_means_on_the_page_and_in_the_pdf(DatabaseProvider provider)
    {
        await StartAsync(provider, TertaalBenefitSeed.SeedAsync);
        var admin = await ClientAsync(AccessAppFactory.Beheerder);
        var dutch = System.Globalization.CultureInfo.GetCultureInfo("nl-NL");
        string Row(string name, string benefit) =>
            $"{name} {TertaalBenefitSeed.Mean(TertaalBenefitSeed.Autumn, benefit)!.Value.ToString("0.0", dutch)} {TertaalBenefitSeed.Count(TertaalBenefitSeed.Autumn, benefit)} " +
            TertaalBenefitSeed.Mean(TertaalBenefitSeed.Spring, benefit)!.Value.ToString("0.0", dutch);

        // By hand: WW (6x7 + 6x8) / 12 = 7,5 (T2 6,0); WWB 76/11 = 6,9 (T2 7,0); AO 89/13 = 6,8 (T2 8,0).
        Assert.Equal("Met een WW-uitkering 7,5 12 6,0", Row("Met een WW-uitkering", "WW"));
        Assert.Equal("Met een bijstandsuitkering (WWB) 6,9 11 7,0", Row("Met een bijstandsuitkering (WWB)", "WWB"));
        Assert.Equal("AO 6,8 13 8,0", Row("AO", "AO"));

        var html = Page(await admin.GetStringAsync("/beheer/tertaal/2009-T3"));
        Assert.Contains("<tr><th scope=\"row\">Met een WW-uitkering</th><td>7,5</td><td>12</td><td>6,0</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Met een bijstandsuitkering (WWB)</th><td>6,9</td><td>11</td><td>7,0</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Met een uitkering omdat zij (deels) niet kunnen werken (WAO, WIA of Wajong)</th><td>6,8</td><td>13</td><td>8,0</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Zonder uitkering</th><td>te weinig antwoorden</td><td>–</td><td>te weinig antwoorden</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Werkzoekenden met een WW-uitkering geven een 7,5 (T2: 6,0).</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("zonder uitkering geven", html, StringComparison.Ordinal);

        using var response = await admin.GetAsync("/beheer/tertaal/2009-T3?handler=Pdf");
        var text = PdfText(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(Row("Met een WW-uitkering", "WW"), text, StringComparison.Ordinal);
        Assert.Contains(Row("Met een bijstandsuitkering (WWB)", "WWB"), text, StringComparison.Ordinal);
        Assert.Contains("Werkzoekenden met een bijstandsuitkering (WWB) geven een 6,9 (T2: 7,0).", text, StringComparison.Ordinal);
        Assert.Contains("Zonder uitkering te weinig antwoorden – te weinig antwoorden", text, StringComparison.Ordinal);
    }
}
