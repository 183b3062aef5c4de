using System.Text;
using Klantmeting.EndToEnd.Access;
using Klantmeting.EndToEnd.Infrastructure;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Landkaart;

/// <summary>
/// The Landkaart cycle in chromium: the Werkplein fills in, a level above red without an explanation is refused with
/// the error summary, submits; the AKO sends it back with a comment; the Werkplein sees the comment, changes and submits
/// again; the AKO accepts. axe-core at 390 and 1280 px on every step.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LandkaartBrowserTests(BrowserFixture browser)
{
    private const int Milestones = 14;

    private static async Task FillAsync(IPage page, string level)
    {
        for (var m = 1; m <= Milestones; m++)
        {
            await page.Locator($"#niveau-{m}-{level}").CheckAsync();
            await page.Locator($"#toelichting-{m}").FillAsync($"Mijlpaal {m}: afgesproken in het MT, zie het jaarplan.");
        }

        await page.Locator("#acties-14").FillAsync("Elk kwartaal bespreekt het MT de klantmeting en kiest twee verbeteracties.");
    }

    [Fact]
    public async Task Fill_in_submit_send_back_change_and_accept()
    {
        await using var app = new KestrelAppFactory().WithSetting("App:Role", "Web");
        await AccessSeed.SeedAsync(app);
        var report = new StringBuilder();
        var werkplein = await BrowserSignIn.SignInAsync(browser, app, AccessSeed.WerkpleinUser);
        await PageWaits.SignedInAsync(werkplein);
        await werkplein.GotoAsync(app.Url("/werkplein/WP-NRD/landkaart"));
        Assert.Equal("nog niet begonnen", (await werkplein.Locator("#stand").InnerTextAsync()).Trim());
        await Axe.CheckWidthsAsync(werkplein, "landkaart leeg", report);

        // A level above red without an explanation: refused, nothing submitted.
        await werkplein.Locator("#niveau-1-groen").CheckAsync();
        await werkplein.GetByRole(AriaRole.Button, new() { Name = "Indienen bij de AKO" }).ClickAsync();
        await werkplein.Locator(".errors").WaitForAsync();
        Assert.StartsWith("Fout: ", await werkplein.TitleAsync(), StringComparison.Ordinal);
        await Axe.CheckWidthsAsync(werkplein, "landkaart fout", report);

        await FillAsync(werkplein, "blauw");
        await werkplein.GetByRole(AriaRole.Button, new() { Name = "Indienen bij de AKO" }).ClickAsync();
        await werkplein.GetByText("De landkaart is ingediend bij de AKO.").WaitForAsync();
        Assert.Equal("ingediend, wacht op de AKO", (await werkplein.Locator("#stand").InnerTextAsync()).Trim());
        await Axe.CheckWidthsAsync(werkplein, "landkaart ingediend", report);

        // The AKO sends it back with a comment on milestone 3.
        var beheerder = await BrowserSignIn.SignInAsync(browser, app, AccessSeed.Beheerder);
        await PageWaits.SignedInAsync(beheerder);
        await beheerder.GotoAsync(app.Url("/beheer/landkaart"));
        await Axe.CheckWidthsAsync(beheerder, "landkaart overzicht", report);
        await beheerder.GetByRole(AriaRole.Link, new() { Name = "Werkplein Noord" }).ClickAsync();
        await beheerder.Locator("#commentaar-3").WaitForAsync();
        await Axe.CheckWidthsAsync(beheerder, "landkaart beoordelen", report);
        await beheerder.Locator("#commentaar-3").FillAsync("Welk jaarplan? Voeg het document toe.");
        await beheerder.GetByRole(AriaRole.Button, new() { Name = "Terugsturen met commentaar" }).ClickAsync();
        await PageWaits.LoadedAsync(beheerder, "sending the Landkaart back");

        // The Werkplein sees the comment, changes milestone 3 and submits again.
        await werkplein.GotoAsync(app.Url("/werkplein/WP-NRD/landkaart"));
        Assert.Equal("teruggestuurd door de AKO", (await werkplein.Locator("#stand").InnerTextAsync()).Trim());
        Assert.Contains("Welk jaarplan? Voeg het document toe.", await werkplein.Locator("#mijlpaal-3").InnerTextAsync());
        await Axe.CheckWidthsAsync(werkplein, "landkaart teruggestuurd", report);
        await werkplein.Locator("#link-3").FillAsync("https://intranet.example/jaarplan-2026.pdf");
        await werkplein.GetByRole(AriaRole.Button, new() { Name = "Indienen bij de AKO" }).ClickAsync();
        await werkplein.GetByText("De landkaart is ingediend bij de AKO.").WaitForAsync();

        // The AKO accepts; the Werkplein's form is read-only from then on.
        await beheerder.GotoAsync(app.Url("/beheer/landkaart"));
        await beheerder.GetByRole(AriaRole.Link, new() { Name = "Werkplein Noord" }).ClickAsync();
        await beheerder.GetByRole(AriaRole.Button, new() { Name = "Accepteren" }).ClickAsync();
        await PageWaits.LoadedAsync(beheerder, "accepting the Landkaart");
        await werkplein.GotoAsync(app.Url("/werkplein/WP-NRD/landkaart"));
        Assert.Equal("geaccepteerd door de AKO", (await werkplein.Locator("#stand").InnerTextAsync()).Trim());
        Assert.Equal(0, await werkplein.GetByRole(AriaRole.Button, new() { Name = "Indienen bij de AKO" }).CountAsync());
        await Axe.CheckWidthsAsync(werkplein, "landkaart geaccepteerd", report);

        Assert.True(report.Length == 0, report.ToString());
        await werkplein.Context.CloseAsync();
        await beheerder.Context.CloseAsync();
    }
}
