using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Klantmeting.Comparison;
using Klantmeting.Surveys;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Comparison;
using Klantmeting.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>
/// The groups part of the comparison page on <see cref="GroupComparisonSeed"/>, with T2 on werkzoekenden-2007
/// without first-payment bands (so the bands of T3 are listed apart), and its own CSV.
/// </summary>
public sealed class GroupComparisonPageTests : IAsyncLifetime
{
    private const string Both = "/beheer/vergelijken?ronde=T2+2009&ronde=T3+2009";
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-groups-page-").FullName;
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, "k.db")}");
            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Demo:Seed", "false");
            b.UseSetting(SurveyExtensions.PathSetting, GroupComparisonSeed.SurveysWithoutPaymentBandsIn2007(_folder));
        });
        await GroupComparisonSeed.SeedAsync(_app.Services, questionnaireT2: "werkzoekenden-2007");
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserService>()
            .CreateAsync("beheerder@ako.test", Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        _admin = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var signIn = await AccessAppFactory.PostSignInAsync(_admin, "beheerder@ako.test", AccessAppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Theory]
    [InlineData("landelijk")]
    [InlineData("werkpleinen")]
    public async Task Groups_are_compared_nationally_with_the_family_of_holm_said_in_words(string level)
    {
        var html = Decoded(await _admin.GetStringAsync(Both + "&niveau=" + level));
        var groups = html[html.IndexOf("<h2 id=\"groepen\">", StringComparison.Ordinal)..];

        Assert.Contains("<h2 id=\"groepen\">Groepen: Nederland per ronde</h2>", groups, StringComparison.Ordinal);
        var words = Regex.Replace(groups, @"\s+", " ");
        Assert.Contains("Die correctie geldt voor <strong>alle toetsen van groepen tussen twee opeenvolgende rondes samen</strong>: elke groep bij elk onderdeel (T2 2009 → T3 2009: ", words, StringComparison.Ordinal);
        // The published sentences, latest round first.
        Assert.Contains("<li>Met een vaste contactpersoon: 7,0 (T2 2009: 6,9)</li>", groups, StringComparison.Ordinal);
        Assert.Contains("<li>Zonder vaste contactpersoon: 6,2 (T2 2009: 6,1)</li>", groups, StringComparison.Ordinal);
        // One table per breakdown that both rounds have, with a caption, column and row headers.
        Assert.Equal(2, html.Split("<table class=\"compare-groups\">").Length - 1);
        Assert.Contains("<caption id=\"groep-vaste_contactpersoon-tabel\">Vaste contactpersoon: elke groep per ronde en verandering (Nederland)</caption>", groups, StringComparison.Ordinal);
        Assert.Contains("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"groep-uitkering-tabel\">", groups, StringComparison.Ordinal);
        // ja, overall grade: 6.90 (n 20) -> 7.00 (n 28), t 0.36, p 0.719, Holm 1 (see GroupComparisonTests).
        Assert.Contains("<tbody><tr><th scope=\"rowgroup\" rowspan=\"6\">Met een vaste contactpersoon</th><th scope=\"row\">Rapportcijfer totaal</th>" +
            "<td>20</td><td>6,90</td><td>6,42 – 7,38</td><td>28</td><td>7,00</td><td>6,68 – 7,32</td><td>+0,10</td><td>0,36</td><td>35,2</td>" +
            "<td>0,719</td><td>1,000</td><td>nee</td></tr>", groups, StringComparison.Ordinal);
        // WWB: 6.00 -> 7.75, p < 0.001 after Holm too: marked significant in words.
        Assert.Contains("<th scope=\"rowgroup\" rowspan=\"6\">Met een bijstandsuitkering (WWB)</th><th scope=\"row\">Rapportcijfer totaal</th>" +
            "<td>10</td><td>6,00</td>", groups, StringComparison.Ordinal);
        Assert.Contains("<td>+1,75</td><td>8,83</td><td>19,0</td><td>< 0,001</td><td>< 0,001</td><td class=\"significant\">ja</td>", groups, StringComparison.Ordinal);
        // AO has too few respondents in both rounds: no figure, no test.
        Assert.Contains("<td colspan=\"3\">te weinig respondenten</td><td colspan=\"3\">te weinig respondenten</td><td colspan=\"6\">niet getoetst: te weinig respondenten</td>", groups, StringComparison.Ordinal);
        // The bands exist in T3 only (werkzoekenden-2007 has no first-payment attribute here): apart, not compared.
        var apart = groups[groups.IndexOf("<h3 id=\"groepen-apart\">", StringComparison.Ordinal)..];
        Assert.Contains("<tr><th scope=\"row\">Eerste betaling binnen 14 dagen</th><td>T3 2009</td><td>16</td><td>6,44</td><td>6,16 – 6,71</td></tr>", apart, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Eerste betaling na 57 dagen of later</th><td>T3 2009</td><td colspan=\"3\">te weinig respondenten</td></tr>", apart, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"groep-dagen_tot_eerste_betaling\"", groups, StringComparison.Ordinal);
        // Both CSV downloads are offered; the totals CSV link is unchanged.
        Assert.Contains("handler=Csv\">deze vergelijking (CSV)</a>", html, StringComparison.Ordinal);
        Assert.Contains("handler=GroepenCsv\">de groepen (CSV)</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rounds_without_breakdowns_say_so()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Klantmeting.Infrastructure.Data.KlantmetingDbContext>();
            var surveys = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>();
            var werkpleinen = db.Werkpleinen.ToDictionary(w => w.Code);
            await ComparisonSeed.RoundAsync(db, surveys.Get("werkgevers-2007"), "Werkgevers 2008", new DateOnly(2008, 10, 1), werkpleinen, [("WP-A", 7, 10)]);
            await ComparisonSeed.RoundAsync(db, surveys.Get("werkgevers-2009"), "Werkgevers 2009", new DateOnly(2009, 10, 1), werkpleinen, [("WP-A", 8, 10)]);
        }

        var html = await _admin.GetStringAsync("/beheer/vergelijken?ronde=Werkgevers+2008&ronde=Werkgevers+2009");

        Assert.Contains("hebben geen kenmerken om naar uit te splitsen", html, StringComparison.Ordinal);
        Assert.DoesNotContain("compare-groups", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Groups_csv_is_its_own_download_and_the_totals_csv_keeps_its_columns()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var comparison = await scope.ServiceProvider.GetRequiredService<ComparisonService>().CompareAsync(["T2 2009", "T3 2009"], ComparisonScope.National);
        using var expected = new MemoryStream();
        await (await scope.ServiceProvider.GetRequiredService<GroupComparisonService>().CompareAsync(comparison)).WriteCsvAsync(expected);

        var response = await _admin.GetAsync(Both + "&niveau=landelijk&handler=GroepenCsv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("vergelijking-groepen.csv", response.Content.Headers.ContentDisposition!.FileName);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), csv);
        Assert.StartsWith(GroupComparison.CsvHeader + "\r\n", csv, StringComparison.Ordinal);
        var totals = await _admin.GetStringAsync(Both + "&niveau=landelijk&handler=Csv");
        Assert.StartsWith(ComparisonService.CsvHeader + "\r\n", totals, StringComparison.Ordinal);
        Assert.DoesNotContain("vaste_contactpersoon", totals, StringComparison.Ordinal);
        var bad = await _admin.GetAsync("/beheer/vergelijken?ronde=T3+2009&handler=GroepenCsv");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>The page with white space between tags removed and entities decoded, for reading figures.</summary>
    private static string Decoded(string html) => WebUtility.HtmlDecode(Regex.Replace(html, @">\s+<", "><"));

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
