using System.Text;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.EndToEnd.Respond;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Klantmeting.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Fieldwork;

/// <summary>The administrators' sending page of a round in a real chromium: axe-core, pause and resume.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SendingPageBrowserTests(BrowserFixture browser, KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task Sending_page_has_no_axe_violations_and_pauses_and_resumes()
    {
        await app.SeedInvitationAsync();
        var name = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            var round = await db.Rounds.OrderByDescending(r => r.Id).FirstAsync();
            await db.Invitations.Where(i => i.RoundId == round.Id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, InvitationState.Failed)
                .SetProperty(i => i.LastError, "550 5.1.1 <onbekend@voorbeeld.nl>: Recipient address rejected"));
            return round.Name;
        });
        await BrowserSignIn.CreateUserAsync(app, "beheerder@ako.test", Roles.Beheerder);
        var page = await BrowserSignIn.SignInAsync(browser, app, "beheerder@ako.test");
        var report = new StringBuilder();

        async Task CheckAsync(string step)
        {
            foreach (var violation in await Axe.RunAsync(page))
            {
                report.AppendLine($"[{step}] {violation}");
            }
        }

        await page.GotoAsync(app.Url("/"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Verzending" }).First.ClickAsync();
        Assert.Equal($"Verzending {name} - Klantmeting", await page.TitleAsync());
        Assert.Equal("1", await page.GetByTestId("count-failed").InnerTextAsync());
        await CheckAsync("open");

        await page.GetByRole(AriaRole.Button, new() { Name = "Versturen pauzeren" }).ClickAsync();
        Assert.Contains("Het versturen is gepauzeerd", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.StartsWith("gepauzeerd", await page.GetByTestId("sending").InnerTextAsync());
        await CheckAsync("gepauzeerd");

        await page.GetByRole(AriaRole.Button, new() { Name = "Versturen hervatten" }).ClickAsync();
        Assert.Equal("actief", await page.GetByTestId("sending").InnerTextAsync());
        Assert.False(await app.WithScopeAsync(sp => sp.GetRequiredService<KlantmetingDbContext>().Rounds
            .Where(r => r.Name == name).Select(r => r.SendingPaused).SingleAsync()));

        await page.Context.CloseAsync();
        Assert.True(report.Length == 0, $"axe-core found violations:\n{report}");
    }
}
