using System.Text;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Surveys;

/// <summary>
/// A beheerder previews a questionnaire on a phone (390 px) in chromium: from the list to the end page with the
/// respondent's own buttons, axe-core and no sideways scrolling at every step, nothing stored; then the e-mail preview.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class QuestionnairePreviewBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Walk_the_preview_to_the_end_at_phone_width_and_see_the_emails()
    {
        await using var app = new KestrelAppFactory();
        var email = $"voorbeeld-{Guid.NewGuid():N}@ako.test";
        await BrowserSignIn.CreateUserAsync(app, email, Roles.Beheerder);
        var page = await BrowserSignIn.SignInAsync(browser, app, email, width: 390);
        var report = new StringBuilder();

        async Task CheckAsync(string step)
        {
            foreach (var violation in await Axe.RunAsync(page))
            {
                report.AppendLine($"[{step}] {violation}");
            }

            var wide = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
            Assert.False(wide, $"{step}: the page scrolls sideways at 390 px");
            Assert.StartsWith("Voorbeeld: er wordt niets opgeslagen", await page.GetByTestId("preview-banner").InnerTextAsync(), StringComparison.Ordinal);
        }

        await page.GotoAsync(app.Url("/beheer"));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Beheer" }).GetByRole(AriaRole.Link, new() { Name = "Vragenlijsten" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "werkzoekenden-2009", Exact = true }).ClickAsync();
        Assert.Equal("Vragenlijst werkzoekenden-2009 - Klantmeting", await page.TitleAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Bekijk de vragenlijst zoals een deelnemer hem ziet" }).ClickAsync();
        await CheckAsync("inleiding");
        await page.GetByRole(AriaRole.Button, new() { Name = "Beginnen" }).ClickAsync();

        for (var step = 1; step <= 5; step++)
        {
            Assert.StartsWith($"Voorbeeld: Stap {step} van 7", await page.TitleAsync(), StringComparison.Ordinal);
            await CheckAsync($"stap {step}");
            await page.GetByRole(AriaRole.Group).First.GetByLabel("Mee eens", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
        }

        // The grade step: a respondent must give a grade to go on, and so must the preview.
        Assert.StartsWith("Voorbeeld: Stap 6 van 7: Uw rapportcijfer", await page.TitleAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
        Assert.Contains("Kies een rapportcijfer", await page.GetByRole(AriaRole.Alert).InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync("cijfer met fout");
        await page.GetByLabel("8", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
        Assert.StartsWith("Voorbeeld: Stap 7 van 7: Controleren en versturen", await page.TitleAsync(), StringComparison.Ordinal);
        await CheckAsync("controleren");
        await page.GetByRole(AriaRole.Button, new() { Name = "Versturen" }).ClickAsync();
        Assert.Equal("Bedankt voor het invullen", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        await CheckAsync("einde");

        // Back from the end, then start again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Vorige" }).ClickAsync();
        Assert.StartsWith("Voorbeeld: Stap 7 van 7", await page.TitleAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Vorige" }).ClickAsync();
        Assert.StartsWith("Voorbeeld: Stap 6 van 7", await page.TitleAsync(), StringComparison.Ordinal);

        var stored = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            return (await db.Responses.CountAsync(), await db.Answers.CountAsync());
        });
        Assert.Equal((0, 0), stored);

        // The invitation: the HTML in its sandboxed frame with its own inline styles, the text beside it.
        await page.GotoAsync(app.Url("/beheer/vragenlijsten/werkzoekenden-2009"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Bekijk de uitnodiging en de herinneringen" }).ClickAsync();
        var button = page.FrameLocator("iframe.email-frame").GetByRole(AriaRole.Link, new() { Name = "Start de vragenlijst" });
        Assert.Equal("rgb(0, 72, 122)", await button.EvaluateAsync<string>("a => getComputedStyle(a).backgroundColor"));
        Assert.Contains("Start de vragenlijst", await page.GetByTestId("text").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var violation in await Axe.RunAsync(page))
        {
            report.AppendLine($"[e-mails] {violation}");
        }

        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "e-mails: sideways scroll at 390 px");
        await page.GetByRole(AriaRole.Link, new() { Name = "Herinnering (begonnen, niet verstuurd)" }).ClickAsync();
        await Assertions.Expect(page.FrameLocator("iframe.email-frame").GetByRole(AriaRole.Link, new() { Name = "Ga verder met de vragenlijst" })).ToBeVisibleAsync();

        await page.Context.CloseAsync();
        Assert.True(report.Length == 0, $"axe-core found violations:\n{report}");
    }
}
