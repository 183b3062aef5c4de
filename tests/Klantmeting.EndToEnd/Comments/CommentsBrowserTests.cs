using System.Text;
using Klantmeting.EndToEnd.Access;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Comments;

/// <summary>
/// Hiding a comment in chromium: the form opens under the comment, an empty reason gives the error summary and the
/// error at the field, a reason hides it (gone for the Werkplein user), and the beheerder sees it marked with the reason
/// and shows it again. axe-core at 390 and 1280 px on every step, and no sideways scrolling at 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CommentsBrowserTests(BrowserFixture browser)
{
    private const string Secret = "De consulent gaf nooit antwoord op mijn vraag";

    [Fact]
    public async Task Hide_a_comment_with_a_reason_and_show_it_again()
    {
        await using var app = new KestrelAppFactory().WithSetting("App:Role", "Web");
        await AccessSeed.SeedAsync(app);
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            await db.Responses.ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, "Prima geholpen."));
            var first = await db.Responses.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
            return await db.Responses.Where(r => r.Id == first).ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, Secret + ", mail jan@example.nl"));
        });
        var path = $"/beheer/rondes/{Uri.EscapeDataString(AccessSeed.RoundName)}/opmerkingen?werkplein=WP-NRD";
        var page = await BrowserSignIn.SignInAsync(browser, app, AccessSeed.Beheerder);
        await PageWaits.SignedInAsync(page);
        var report = new StringBuilder();

        Task CheckAsync(string step) => Axe.CheckWidthsAsync(page, step, report);

        await page.GotoAsync(app.Url(path));
        var comment = page.GetByTestId("comment").Filter(new() { HasText = Secret });
        Assert.Equal(Secret + ", mail [verwijderd]", (await comment.Locator("blockquote").InnerTextAsync()).Trim());
        await comment.Locator("summary").ClickAsync();
        await CheckAsync("formulier open");

        // An empty reason: the summary at the top links to the field, which says what to do.
        await comment.GetByRole(AriaRole.Button, new() { Name = "Opmerking verbergen" }).ClickAsync();
        await page.Locator(".errors").WaitForAsync();
        Assert.StartsWith("Fout: ", await page.TitleAsync(), StringComparison.Ordinal);
        var summary = page.GetByRole(AriaRole.Alert);
        Assert.Contains("Schrijf op waarom u deze opmerking verbergt.", await summary.InnerTextAsync());
        await CheckAsync("reden leeg");
        var link = summary.GetByRole(AriaRole.Link);
        var field = page.Locator((await link.GetAttributeAsync("href"))!);
        Assert.Equal("true", await field.GetAttributeAsync("aria-invalid"));
        await link.ClickAsync();
        await field.FillAsync("Herkenbaar: noemt een gesprek met de consulent");
        await page.GetByTestId("comment").Filter(new() { HasText = Secret }).GetByRole(AriaRole.Button, new() { Name = "Opmerking verbergen" }).ClickAsync();
        await PageWaits.UrlAsync(page, url => url.Contains("gedaan=verborgen", StringComparison.Ordinal), "gedaan=verborgen");
        Assert.Contains("De opmerking is verborgen.", await page.GetByTestId("done").InnerTextAsync());
        Assert.Equal(0, await page.GetByText(Secret).CountAsync());
        Assert.Contains("1 verborgen niet getoond", await page.GetByTestId("count").InnerTextAsync());
        await CheckAsync("verborgen");

        // Shown on request, marked with the reason; then shown again.
        await page.GetByLabel("Ook verborgen opmerkingen tonen").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await PageWaits.UrlAsync(page, url => url.Contains("verborgen=true", StringComparison.Ordinal), "verborgen=true");
        var hidden = page.GetByTestId("comment-hidden");
        Assert.Contains("Reden: Herkenbaar: noemt een gesprek met de consulent", await hidden.InnerTextAsync());
        await CheckAsync("verborgen getoond");

        var werkplein = await BrowserSignIn.SignInAsync(browser, app, AccessSeed.WerkpleinUser);
        await PageWaits.SignedInAsync(werkplein);
        await werkplein.GotoAsync(app.Url($"/werkplein/WP-NRD/opmerkingen?ronde={Uri.EscapeDataString(AccessSeed.RoundName)}"));
        Assert.Equal(0, await werkplein.GetByText(Secret).CountAsync());
        Assert.True(await werkplein.GetByTestId("comment").CountAsync() > 0);
        Assert.Equal(0, await werkplein.GetByRole(AriaRole.Button, new() { Name = "Opmerking verbergen" }).CountAsync());

        await hidden.GetByRole(AriaRole.Button, new() { Name = "Weer tonen" }).ClickAsync();
        await PageWaits.UrlAsync(page, url => url.Contains("gedaan=getoond", StringComparison.Ordinal), "gedaan=getoond");
        Assert.Equal(1, await page.GetByTestId("comment").Filter(new() { HasText = Secret }).CountAsync());
        await werkplein.ReloadAsync();
        Assert.Equal(1, await werkplein.GetByText(Secret).CountAsync());
        await werkplein.Context.CloseAsync();
        await page.Context.CloseAsync();

        Assert.True(report.Length == 0, report.ToString());
    }
}
