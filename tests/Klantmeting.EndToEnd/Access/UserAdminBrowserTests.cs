using System.Text;
using Klantmeting.EndToEnd.Infrastructure;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Access;

/// <summary>
/// A beheerder creates a werkplein user in the browser, reads the one-time password, signs out; the new user signs in
/// with it, chooses an own password and sees the dashboard of their Werkplein. axe-core checks the pages on the way,
/// including the page with the one-time password (a POST answer, so not in the layout test's list).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UserAdminBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string NewUser = "nieuw.zuid@werkplein.test";
    private readonly KestrelAppFactory _app = new();
    private readonly StringBuilder _violations = new();

    public async Task InitializeAsync() => await AccessSeed.SeedAsync(_app);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task CheckAsync(IPage page, string name)
    {
        foreach (var violation in await Axe.RunAsync(page))
        {
            _violations.AppendLine($"{name} ({page.Url}): {violation}");
        }
    }

    [Fact]
    public async Task A_beheerder_creates_a_werkplein_user_who_signs_in_sets_a_password_and_sees_the_dashboard()
    {
        var page = await BrowserSignIn.SignInAsync(browser, _app, AccessSeed.Beheerder, AccessSeed.Password, width: 390);
        await PageWaits.SignedInAsync(page);
        await page.GotoAsync(_app.Url("/beheer"));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Beheer" }).GetByRole(AriaRole.Link, new() { Name = "Gebruikers" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Nieuwe gebruiker aanmaken" }).ClickAsync();
        await CheckAsync(page, "nieuwe gebruiker");

        await page.GetByLabel("E-mailadres").FillAsync(NewUser);
        await page.GetByLabel("werkplein: ziet alleen de cijfers van de gekozen Werkpleinen").CheckAsync();
        await page.GetByLabel("Werkplein Zuid (WP-ZUI)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gebruiker aanmaken" }).ClickAsync();
        Assert.Equal("Gebruiker aangemaakt", (await page.Locator("h1").InnerTextAsync()).Trim());
        var password = (await page.GetByTestId("password").InnerTextAsync()).Trim();
        Assert.Equal(20, password.Length);
        await CheckAsync(page, "eenmalig wachtwoord");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the password page scrolls sideways at 390 px");

        // Shown once: the user's page does not have it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Naar de gebruiker", Exact = true }).ClickAsync();
        await CheckAsync(page, "gebruiker");
        Assert.Equal("wachtwoord te wijzigen", (await page.GetByTestId("state").InnerTextAsync()).Trim());
        Assert.DoesNotContain(password, await page.ContentAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }).ClickAsync();
        await page.Context.CloseAsync();

        var user = await BrowserSignIn.SignInAsync(browser, _app, NewUser, password, width: 390);
        await PageWaits.UrlAsync(user, url => url.Contains("/wachtwoord-wijzigen", StringComparison.Ordinal), "signing in with the one-time password");
        await user.GetByLabel("Huidig wachtwoord").FillAsync(password);
        await user.GetByLabel("Nieuw wachtwoord", new() { Exact = true }).FillAsync("Zuidelijk-Eigen-Wachtwoord-7");
        await user.GetByLabel("Nieuw wachtwoord nog een keer").FillAsync("Zuidelijk-Eigen-Wachtwoord-7");
        await user.GetByRole(AriaRole.Button, new() { Name = "Wachtwoord opslaan" }).ClickAsync();
        await PageWaits.UrlAsync(user, url => !url.Contains("/wachtwoord-wijzigen", StringComparison.Ordinal), "saving the new password");

        await user.GotoAsync(_app.Url("/werkplein"));
        Assert.Equal(["Werkplein Zuid (WP-ZUI)"], await user.Locator("main ul li").AllInnerTextsAsync());
        await user.GetByRole(AriaRole.Link, new() { Name = "Werkplein Zuid (WP-ZUI)" }).ClickAsync();
        Assert.Equal("Resultaten Werkplein Zuid", (await user.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("Rapportcijfer totaal", await user.Locator("table.figures").First.InnerTextAsync());
        Assert.Equal(404, (await user.GotoAsync(_app.Url("/werkplein/WP-NRD")))!.Status);
        Assert.Equal(404, (await user.GotoAsync(_app.Url("/beheer/gebruikers")))!.Status);
        Assert.True(_violations.Length == 0, _violations.ToString());
    }
}
