using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Participants;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Rounds;

/// <summary>
/// A round made in chromium: create it, open it after the confirmation, send a test e-mail that arrives at the real
/// SMTP server (maildev) and follow its test link; axe-core on every new page at 390 px and 1280 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoundsBrowserTests(BrowserFixture browser, MaildevServer smtp) : IClassFixture<MaildevServer>
{
    [Fact]
    public async Task Create_open_and_send_a_test_email_in_the_browser()
    {
        var port = FreePort();
        await using var app = KestrelAppFactory.OnPort(port)
            .WithSmtp(smtp.SmtpPort)
            .WithSetting("App:PublicBaseUrl", $"http://127.0.0.1:{port}");
        // The shared maildev may hold other tests' mail: this test's address is its own.
        var email = $"ako-{Guid.NewGuid():N}@ako.test";
        await BrowserSignIn.CreateUserAsync(app, email, Roles.Beheerder);
        var page = await BrowserSignIn.SignInAsync(browser, app, email);
        var report = new StringBuilder();

        async Task CheckAsync(string step)
        {
            foreach (var width in new[] { 390, 1280 })
            {
                await page.SetViewportSizeAsync(width, 900);
                foreach (var violation in await Axe.RunAsync(page))
                {
                    report.AppendLine($"[{step} @ {width}px] {violation}");
                }
            }
        }

        // 1. Create the round in the browser.
        await page.GotoAsync(app.Url("/beheer/rondes"));
        await CheckAsync("rondes (leeg)");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nieuwe ronde aanmaken" }).ClickAsync();
        await CheckAsync("nieuw");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await page.GetByLabel("Naam van de ronde").FillAsync("Browser 2027");
        await page.GetByLabel("Vragenlijst").SelectOptionAsync("werkzoekenden-2009");
        await page.GetByLabel("Eerste veldwerkdag").FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Laatste veldwerkdag").FillAsync(today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Laatste veldwerkdag").FillAsync(today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ronde aanmaken" }).ClickAsync();
        // The service's message beside the field, as the CLI says it.
        Assert.Contains("ligt voor de begindatum", await page.Locator("#fout-tot").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync("nieuw met fout");
        await page.GetByLabel("Laatste veldwerkdag").FillAsync(today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ronde aanmaken" }).ClickAsync();
        Assert.Equal("Ronde Browser 2027 - Klantmeting", await page.TitleAsync());
        Assert.Equal("in voorbereiding", await page.GetByTestId("state").InnerTextAsync());
        await CheckAsync("overzicht");

        // 2. A sample of two (through the same importer as the CLI), then open after the confirmation.
        var folder = app.DataFolder;
        await File.WriteAllTextAsync(Path.Combine(folder, "sample.csv"),
            "ref;email;werkplein;vaste_contactpersoon;uitkering\r\nB-1;een@voorbeeld.nl;WP-BRW;ja;WW\r\nB-2;twee@voorbeeld.nl;WP-BRW;nee;WWB\r\n");
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Klantmeting.Infrastructure.Data.KlantmetingDbContext>();
            db.Werkpleinen.Add(new Werkplein { Code = "WP-BRW", Name = "Werkplein Browserdorp" });
            await db.SaveChangesAsync();
            var result = await sp.GetRequiredService<ParticipantImporter>().ImportAsync("Browser 2027", Path.Combine(folder, "sample.csv"));
            Assert.Empty(result.Errors);
            return result.RowsStored;
        });
        await page.ReloadAsync();
        Assert.Equal("2", await page.GetByTestId("participants").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Ronde openen" }).ClickAsync();
        Assert.StartsWith("Er gaan nu 2 uitnodigingen uit", await page.GetByTestId("confirm-text").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync("bevestigen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, ronde openen" }).ClickAsync();
        Assert.Equal("open", await page.GetByTestId("state").InnerTextAsync());

        // 3. The test e-mail arrives at the SMTP server, addressed to the signed-in user, with a test link.
        await page.GetByRole(AriaRole.Button, new() { Name = "Testmail sturen" }).ClickAsync();
        Assert.Contains("De testmail is verstuurd", await page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        var mail = (await smtp.WaitForAsync(1, TimeSpan.FromSeconds(60), email)).Single();
        Assert.StartsWith("[Test] ", mail.Subject, StringComparison.Ordinal);
        var link = $"http://127.0.0.1:{port}/v/test-werkzoekenden-2009";
        Assert.Contains(link, mail.Text, StringComparison.Ordinal);
        Assert.Contains("Werkplein Browserdorp", mail.Text, StringComparison.Ordinal);
        await page.GotoAsync(link);
        Assert.StartsWith("Testlink: er wordt niets opgeslagen.", await page.GetByTestId("test-banner").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync("testlink");
        await page.GetByRole(AriaRole.Link, new() { Name = "Beginnen" }).ClickAsync();
        await CheckAsync("testlink stap 1");

        // 4. The list and the log.
        await page.GotoAsync(app.Url("/beheer/rondes"));
        await CheckAsync("rondes");
        await page.GotoAsync(app.Url("/beheer/logboek"));
        var log = await page.Locator("main").InnerTextAsync();
        Assert.Contains("testmail verstuurd", log, StringComparison.Ordinal);
        Assert.Contains("ronde geopend", log, StringComparison.Ordinal);
        Assert.Contains("steekproef geïmporteerd", log, StringComparison.Ordinal);
        Assert.DoesNotContain("@", log[log.IndexOf("Logboek", StringComparison.Ordinal)..], StringComparison.Ordinal);
        await CheckAsync("logboek");

        await page.Context.CloseAsync();
        Assert.True(report.Length == 0, $"axe-core found violations:\n{report}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
