using System.Text;
using Klantmeting.EndToEnd.Infrastructure;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Access;

/// <summary>
/// Signing in with a real chromium as a beheerder and as a werkplein user: each sees what it may see, and axe-core
/// (WCAG 2.0/2.1 A and AA) finds nothing on any page, for each role.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly string _round = Uri.EscapeDataString(AccessSeed.RoundName);
    private readonly KestrelAppFactory _app = new();
    private readonly StringBuilder _violations = new();

    public async Task InitializeAsync() => await AccessSeed.SeedAsync(_app);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<IPage> SignInAsync(string email, int width = 1280) =>
        BrowserSignIn.SignInAsync(browser, _app, email, AccessSeed.Password, width);

    private async Task<IResponse> VisitAsync(IPage page, string role, string path)
    {
        var response = (await page.GotoAsync(_app.Url(path)))!;
        await CheckAsync(page, role, path);
        return response;
    }

    private async Task CheckAsync(IPage page, string role, string name)
    {
        foreach (var violation in await Axe.RunAsync(page))
        {
            _violations.AppendLine($"[{role}] {name} ({page.Url}): {violation}");
        }
    }

    [Fact]
    public async Task A_beheerder_sees_everything_and_no_page_has_axe_violations()
    {
        var page = await SignInAsync(AccessSeed.Beheerder);
        Assert.Equal(_app.Url("/"), page.Url);
        await CheckAsync(page, "beheerder", "/");
        Assert.Contains(AccessSeed.RoundName, await page.Locator("main table").InnerTextAsync());

        Assert.Equal(200, (await VisitAsync(page, "beheerder", $"/beheer/rondes/{_round}/resultaten")).Status);
        await page.GetByLabel("Toon cijfers voor").SelectOptionAsync("WP-ZUI");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tonen" }).ClickAsync();
        await CheckAsync(page, "beheerder", "resultaten WP-ZUI");
        Assert.Contains("Scores Werkplein Zuid", await page.Locator("h2#scores").InnerTextAsync());

        await VisitAsync(page, "beheerder", "/werkplein");
        Assert.Equal(2, await page.Locator("main ul li").CountAsync());
        Assert.Equal(200, (await VisitAsync(page, "beheerder", "/werkplein/WP-ZUI")).Status);
        Assert.Equal(200, (await VisitAsync(page, "beheerder", $"/werkplein/WP-NRD/rapport?ronde={_round}")).Status);
        Assert.Equal(200, (await VisitAsync(page, "beheerder", "/dev/outbox")).Status);
        await VisitAsync(page, "beheerder", "/wachtwoord-wijzigen");
        await VisitAsync(page, "beheerder", "/privacy");
        Assert.Equal(200, (await page.GotoAsync(_app.Url("/hangfire")))!.Status);

        await page.GotoAsync(_app.Url("/"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }).ClickAsync();
        await CheckAsync(page, "beheerder", "uitgelogd");
        await page.GotoAsync(_app.Url($"/beheer/rondes/{_round}/resultaten"));
        Assert.StartsWith(_app.Url("/inloggen"), page.Url);
        Assert.True(_violations.Length == 0, _violations.ToString());
    }

    [Fact]
    public async Task A_werkplein_user_sees_only_its_own_werkplein_and_no_page_has_axe_violations()
    {
        var page = await SignInAsync(AccessSeed.WerkpleinUser, width: 390);
        await CheckAsync(page, "werkplein", "/");
        Assert.DoesNotContain(AccessSeed.RoundName, await page.Locator("main").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Bekijk de resultaten van uw Werkplein" }).ClickAsync();
        await CheckAsync(page, "werkplein", "/werkplein");
        Assert.Equal(["Werkplein Noord (WP-NRD)"], await page.Locator("main ul li").AllInnerTextsAsync());
        Assert.Equal(["WP-NRD"], await page.Locator("#export-werkplein option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Werkplein Noord (WP-NRD)" }).ClickAsync();
        await CheckAsync(page, "werkplein", "/werkplein/WP-NRD");
        Assert.Equal("Resultaten Werkplein Noord", await page.Locator("h1").InnerTextAsync());
        var scores = await page.Locator("table.figures").First.InnerTextAsync();
        Assert.Contains("Rapportcijfer totaal", scores);
        Assert.DoesNotContain("te weinig antwoorden", scores); // 17 respondents: every figure shown
        Assert.Contains("Door de tijd", await page.Locator("#trend").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Rapport om af te drukken" }).ClickAsync();
        await CheckAsync(page, "werkplein", "rapport");
        Assert.Contains("Klantmeting Werkplein Noord", await page.Locator("h1").InnerTextAsync());
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator(".site-header").IsVisibleAsync());
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        var download = await page.RunAndWaitForDownloadAsync(async () =>
        {
            await page.GotoAsync(_app.Url("/werkplein"));
            await page.GetByRole(AriaRole.Button, new() { Name = "CSV downloaden" }).ClickAsync();
        });
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("round,werkplein,breakdown", csv);
        Assert.DoesNotContain("WP-ZUI", csv);

        // Another Werkplein and the AKO pages do not exist for this user.
        foreach (var path in new[] { "/werkplein/WP-ZUI", $"/werkplein/WP-ZUI/rapport?ronde={_round}", $"/beheer/rondes/{_round}/resultaten", "/dev/outbox", "/hangfire" })
        {
            var response = await VisitAsync(page, "werkplein", path);
            Assert.True(response.Status == 404, $"{path}: {response.Status}");
            Assert.DoesNotContain("Zuid", await page.Locator("body").InnerTextAsync());
        }

        Assert.True(_violations.Length == 0, _violations.ToString());
    }

    [Fact]
    public async Task Anonymous_pages_sign_in_errors_and_the_forced_password_change_have_no_axe_violations()
    {
        var page = await browser.NewPageAsync();
        await VisitAsync(page, "anoniem", "/");
        await VisitAsync(page, "anoniem", "/privacy");
        Assert.Equal(404, (await VisitAsync(page, "anoniem", "/bestaat-niet")).Status);
        await VisitAsync(page, "anoniem", "/inloggen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
        await page.GetByLabel("E-mailadres").FillAsync(AccessSeed.WerkpleinUser);
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync("Verkeerd-Wachtwoord-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
        Assert.StartsWith("Fout: Inloggen", await page.TitleAsync());
        Assert.Contains("Het e-mailadres of het wachtwoord klopt niet.", await page.Locator(".errors").InnerTextAsync());
        await CheckAsync(page, "anoniem", "inloggen-fout");

        var oneTime = await SignInAsync(AccessSeed.OneTimeUser, width: 390);
        Assert.Equal(_app.Url("/wachtwoord-wijzigen"), oneTime.Url.Split('?')[0]);
        await oneTime.GotoAsync(_app.Url("/werkplein"));
        Assert.Equal(_app.Url("/wachtwoord-wijzigen"), oneTime.Url);
        await CheckAsync(oneTime, "eenmalig", "/wachtwoord-wijzigen");
        await oneTime.GetByLabel("Huidig wachtwoord").FillAsync(AccessSeed.Password);
        await oneTime.GetByLabel("Nieuw wachtwoord", new() { Exact = true }).FillAsync("Mijn-Eigen-Wachtwoord-2");
        await oneTime.GetByLabel("Nieuw wachtwoord nog een keer").FillAsync("Iets-Anders-Wachtwoord-3");
        await oneTime.GetByRole(AriaRole.Button, new() { Name = "Wachtwoord opslaan" }).ClickAsync();
        Assert.StartsWith("Fout: Wachtwoord wijzigen", await oneTime.TitleAsync());
        await CheckAsync(oneTime, "eenmalig", "wachtwoord-fout");
        await oneTime.GetByLabel("Huidig wachtwoord").FillAsync(AccessSeed.Password);
        await oneTime.GetByLabel("Nieuw wachtwoord", new() { Exact = true }).FillAsync("Mijn-Eigen-Wachtwoord-2");
        await oneTime.GetByLabel("Nieuw wachtwoord nog een keer").FillAsync("Mijn-Eigen-Wachtwoord-2");
        await oneTime.GetByRole(AriaRole.Button, new() { Name = "Wachtwoord opslaan" }).ClickAsync();
        Assert.Equal(_app.Url("/"), oneTime.Url);
        await oneTime.GotoAsync(_app.Url("/werkplein"));
        Assert.Equal(_app.Url("/werkplein"), oneTime.Url);
        Assert.True(_violations.Length == 0, _violations.ToString());
    }
}
