using System.Text;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Surveys;
using Klantmeting.Tests.Comparison;
using Klantmeting.Users;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Comparison;

/// <summary>
/// The groups on the comparison page and the breakdowns on the public page in a real chromium, on
/// <see cref="GroupComparisonSeed"/> (T2 on werkzoekenden-2007 without first-payment bands, so some groups are apart):
/// axe-core finds nothing at phone and desktop width, and the page never scrolls sideways at 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GroupComparisonBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private KestrelAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new KestrelAppFactory();
        _app.WithSetting(SurveyExtensions.PathSetting, GroupComparisonSeed.SurveysWithoutPaymentBandsIn2007(_app.DataFolder));
        await _app.WithScopeAsync(async sp =>
        {
            await GroupComparisonSeed.SeedAsync(sp, questionnaireT2: "werkzoekenden-2007");
            return 0;
        });
        await BrowserSignIn.CreateUserAsync(_app, "beheerder@ako.test", Roles.Beheerder);
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task Group_comparison_and_public_breakdowns_have_no_axe_violations(int width, int height)
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

            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (width <= 390 && widths[0] > widths[1])
            {
                report.AppendLine($"[{name} {width}px] {page.Url}: {widths[0]}px wide, the page scrolls sideways");
            }
        }

        await page.GotoAsync(_app.Url("/beheer/vergelijken"));
        await page.GetByLabel("T2 2009").CheckAsync();
        await page.GetByLabel("T3 2009").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Vergelijken" }).ClickAsync();
        Assert.Equal(2, await page.Locator("table.compare-groups").CountAsync());
        Assert.Equal(1, await page.Locator("table.groups-apart").CountAsync());
        Assert.Equal("ja", await page.Locator("table.compare-groups td.significant").First.InnerTextAsync());
        Assert.Contains("Met een vaste contactpersoon: 7,0 (T2 2009: 6,9)", await page.Locator("ul.group-sentences").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync("groepen landelijk");

        await page.GotoAsync(_app.Url("/beheer/vergelijken?ronde=T2+2009&ronde=T3+2009&niveau=werkpleinen"));
        await CheckAsync("groepen werkpleinen");

        await page.GotoAsync(_app.Url("/resultaten"));
        Assert.Equal(3, await page.Locator("caption", new() { HasText = "rapportcijfer naar" }).CountAsync());
        var content = await page.ContentAsync();
        foreach (var detail in GroupComparisonSeed.WerkpleinDetail)
        {
            Assert.DoesNotContain(detail, content, StringComparison.Ordinal);
        }

        await CheckAsync("openbaar");

        Assert.True(report.Length == 0, report.ToString());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
