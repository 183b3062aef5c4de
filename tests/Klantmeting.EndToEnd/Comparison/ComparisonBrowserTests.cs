using System.Text;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Surveys;
using Klantmeting.Tests.Comparison;
using Klantmeting.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Comparison;

/// <summary>The comparison page (administrators) and the public results page in a real chromium: axe-core finds nothing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ComparisonBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private KestrelAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new KestrelAppFactory();
        _app.WithSetting(SurveyExtensions.PathSetting, ComparisonSeed.SurveysWithAnUnmatchedPrinciple(_app.DataFolder));
        await _app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            var surveys = sp.GetRequiredService<ISurveyCatalog>();
            await ComparisonSeed.SeedAsync(db, surveys);
            var werkpleinen = await db.Werkpleinen.ToDictionaryAsync(w => w.Code);
            await ComparisonSeed.RoundAsync(db, surveys.Get("werkgevers-2009"), "Werkgevers 2009", new DateOnly(2009, 10, 1), werkpleinen, [("WP-A", 7, 10)]);
            return 0;
        });
        await BrowserSignIn.CreateUserAsync(_app, "beheerder@ako.test", Roles.Beheerder);
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task Comparison_and_public_pages_have_no_axe_violations(int width, int height)
    {
        var page = await BrowserSignIn.SignInAsync(browser, _app, "beheerder@ako.test", width: width);
        await page.SetViewportSizeAsync(width, height);
        var report = new StringBuilder();

        async Task CheckAsync(string name)
        {
            foreach (var violation in await Axe.RunAsync(page))
            {
                report.AppendLine($"[{name} {width}px] {page.Url}: {violation}");
            }
        }

        // Choose with the keyboard-accessible form, as a user would.
        await page.GotoAsync(_app.Url("/beheer/vergelijken"));
        await CheckAsync("formulier");
        await page.GetByLabel("Najaar 2007").CheckAsync();
        await page.GetByLabel("Najaar 2009").CheckAsync();
        await page.GetByLabel("Alle Werkpleinen tegelijk").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Vergelijken" }).ClickAsync();
        Assert.Equal("Rondes vergelijken - Klantmeting", await page.TitleAsync());
        Assert.Equal(5, await page.Locator("table.compare").CountAsync());
        Assert.Contains("ja", await page.Locator("td.significant").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(6, await page.Locator("figure [role=img] svg").CountAsync());
        await CheckAsync("werkpleinen");

        await page.GotoAsync(_app.Url("/beheer/vergelijken?ronde=Najaar+2007&ronde=Najaar+2009&niveau=landelijk"));
        await CheckAsync("landelijk");

        await page.GotoAsync(_app.Url("/beheer/vergelijken?ronde=Najaar+2009&ronde=Werkgevers+2009"));
        Assert.StartsWith("Fout:", await page.TitleAsync(), StringComparison.Ordinal);
        await CheckAsync("fout");

        await page.GotoAsync(_app.Url("/resultaten"));
        // The latest closed round of each audience has its whisker chart; the history ("Door de tijd") adds a trend
        // chart per audience.
        Assert.Equal(2, await page.Locator("figure [role=img] svg").CountAsync() - await page.GetByTestId("geschiedenis").Locator("figure [role=img] svg").CountAsync());
        Assert.Equal(2, await page.GetByTestId("geschiedenis").Locator("figure [role=img] svg").CountAsync());
        Assert.DoesNotContain("WP-", await page.ContentAsync(), StringComparison.Ordinal);
        await CheckAsync("openbaar");

        Assert.True(report.Length == 0, report.ToString());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
