using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Tests.Comparison;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Klantmeting.Tests.Web;

/// <summary>
/// The national breakdowns on the public page, on <see cref="GroupComparisonSeed"/>: the latest closed job-seeker round
/// is T3 2009 (figures in <see cref="GroupComparisonTests"/>; intervals from R: mean(x) +- qt(0.975, n - 1) * sd(x) / sqrt(n)).
/// </summary>
public sealed class PublicBreakdownsPageTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-public-groups-").FullName;
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
        await GroupComparisonSeed.SeedAsync(_app.Services);
    }

    [Fact]
    public async Task Shows_the_overall_grade_per_group_with_interval_and_n_in_a_text_and_a_table()
    {
        var response = await _app.CreateClient().GetAsync("/resultaten");
        var html = Regex.Replace(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), @">\s+<", "><");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var groups = html[html.IndexOf("<h3 id=\"doelgroep-werkzoekenden-groepen\">", StringComparison.Ordinal)..];
        Assert.StartsWith("<h3 id=\"doelgroep-werkzoekenden-groepen\">Rapportcijfer per groep</h3>", groups, StringComparison.Ordinal);
        Assert.Contains("<h4 id=\"doelgroep-werkzoekenden-vaste_contactpersoon\">Naar vaste contactpersoon</h4>", groups, StringComparison.Ordinal);
        Assert.Contains("<h4 id=\"doelgroep-werkzoekenden-uitkering\">Naar uitkeringssoort</h4>", groups, StringComparison.Ordinal);
        // A text for each group: ja 7.0 (n 28), nee 6.2 (n 20); AO and geen below the minimum of 10.
        Assert.Contains("<li>Met een vaste contactpersoon: gemiddeld een 7,0. 28 mensen gaven een cijfer.</li>", groups, StringComparison.Ordinal);
        Assert.Contains("<li>Zonder vaste contactpersoon: gemiddeld een 6,2. 20 mensen gaven een cijfer.</li>", groups, StringComparison.Ordinal);
        Assert.Contains("<li>Zonder uitkering: te weinig mensen gaven antwoord voor een cijfer.</li>", groups, StringComparison.Ordinal);
        // The table: caption, column headers, a row header per group; ja 6.6834 - 7.3166, nee 5.6400 - 6.7600, WWB 7.4626 - 8.0374.
        Assert.Contains("<caption id=\"doelgroep-werkzoekenden-vaste_contactpersoon-tabel\">Werkzoekenden: rapportcijfer naar vaste contactpersoon, heel Nederland, meting T3 2009</caption>", groups, StringComparison.Ordinal);
        Assert.Contains("<thead><tr><th scope=\"col\">Groep</th><th scope=\"col\">Gemiddeld cijfer</th>", groups, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Met een vaste contactpersoon</th><td>7,0</td><td>6,7 tot 7,3</td><td>28</td></tr>", groups, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Zonder vaste contactpersoon</th><td>6,2</td><td>5,6 tot 6,8</td><td>20</td></tr>", groups, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Met een bijstandsuitkering (WWB)</th><td>7,8</td><td>7,5 tot 8,0</td><td>12</td></tr>", groups, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Met een uitkering omdat zij (deels) niet kunnen werken (WAO, WIA of Wajong)</th><td colspan=\"3\">te weinig respondenten</td></tr>", groups, StringComparison.Ordinal);
        // The first-payment bands of this questionnaire too; the group onbekend never.
        Assert.Contains("<tr><th scope=\"row\">Eerste betaling binnen 14 dagen</th><td>6,4</td><td>6,2 tot 6,7</td><td>16</td></tr>", groups, StringComparison.Ordinal);
        Assert.DoesNotContain("onbekend", html, StringComparison.OrdinalIgnoreCase);
        // Every breakdown table scrolls in its own named region; the measures table is still there: 1 + 3 tables.
        Assert.Equal(3, groups.Split("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"doelgroep-werkzoekenden-").Length - 1);
        // (The history section "Door de tijd", below, has its own tables.)
        var latest = html[..html.IndexOf("data-testid=\"geschiedenis\"", StringComparison.Ordinal)];
        Assert.Equal(1 + 3, latest.Split("<table").Length - 1);
        // Employers: no closed round, so nothing per group either.
        Assert.Contains("Er is nog geen afgeronde meting onder werkgevers.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_werkplein_name_or_code_appears()
    {
        var first = await _app.CreateClient().GetStringAsync("/resultaten");

        foreach (var detail in GroupComparisonSeed.WerkpleinDetail.Append("Werkplein B&#xE9;"))
        {
            Assert.DoesNotContain(detail, first, StringComparison.Ordinal);
        }

        Assert.Contains("Naar vaste contactpersoon", first, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
