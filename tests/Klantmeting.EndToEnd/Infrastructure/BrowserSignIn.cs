using Klantmeting.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Infrastructure;

/// <summary>Signing in through the real sign-in form, as a person would.</summary>
public static class BrowserSignIn
{
    public const string Password = "Browser-Test-Wachtwoord-1";

    /// <summary>Creates a user that needs no password change (password <see cref="Password"/>).</summary>
    public static Task CreateUserAsync(KestrelAppFactory app, string email, string role, params string[] werkpleinen) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<UserService>().CreateAsync(email, role, werkpleinen, Password, mustChangePassword: false));

    /// <summary>Opens a new page, fills in the sign-in form and submits it.</summary>
    public static async Task<IPage> SignInAsync(BrowserFixture browser, KestrelAppFactory app, string email, string password = Password, int width = 1280)
    {
        var page = await browser.NewPageAsync(width, 900);
        var form = await page.GotoAsync(app.Url("/inloggen"));
        Assert.True(form!.Status == 200 && await page.GetByLabel("E-mailadres").CountAsync() == 1, $"{form.Status} {page.Url}\n{await page.ContentAsync()}");
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
        return page;
    }
}
