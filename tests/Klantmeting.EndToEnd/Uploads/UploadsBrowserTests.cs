using System.Net;
using System.Net.Sockets;
using System.Text;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Klantmeting.Uploads;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Uploads;

/// <summary>
/// Uploading a sample in chromium: a file with an error shows its line and stores nothing; a good file shows the
/// progress bar while it waits for a worker and then the counts per Werkplein and attribute value. The web host runs
/// as a web node without a job server, and the test runs the job as a worker would, so the waiting state is seen
/// every time; the page's own script notices that the upload finished.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UploadsBrowserTests(BrowserFixture browser)
{
    private const string Header = "ref;email;werkplein;vaste_contactpersoon;uitkering\r\n";

    [Fact]
    public async Task Upload_a_file_with_an_error_then_a_good_file_and_see_progress_and_counts()
    {
        await using var app = KestrelAppFactory.OnPort(FreePort()).WithSetting("App:Role", "Web");
        var email = $"ako-{Guid.NewGuid():N}@ako.test";
        await BrowserSignIn.CreateUserAsync(app, email, Roles.Beheerder);
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            db.Werkpleinen.AddRange(new Werkplein { Code = "WP-OOST", Name = "Werkplein Oost" }, new Werkplein { Code = "WP-WEST", Name = "Werkplein West" });
            await db.SaveChangesAsync();
            await sp.GetRequiredService<RoundService>().CreateAsync("Upload 2027", "werkzoekenden-2009", new DateOnly(2027, 3, 1), new DateOnly(2027, 4, 30));
            return 0;
        });
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

                if (width == 390)
                {
                    Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{step}: sideways scrolling at 390 px");
                }
            }
        }

        Task RunJobsAsync() => app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            var processor = sp.GetRequiredService<UploadProcessor>();
            foreach (var id in await db.Uploads.Where(u => u.State == UploadState.Queued).Select(u => u.Id).ToListAsync())
            {
                await processor.ProcessAsync(id);
            }

            return 0;
        });

        await page.GotoAsync(app.Url("/beheer/rondes/Upload%202027"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Deelnemers", Exact = true }).First.ClickAsync();
        Assert.Equal("Deelnemers van ronde Upload 2027 - Klantmeting", await page.TitleAsync());
        await CheckAsync("deelnemers (leeg)");

        // 1. A file with an error on line 3: nothing is stored, the line is on the page.
        var folder = app.DataFolder;
        var bad = Path.Combine(folder, "fout.csv");
        await File.WriteAllTextAsync(bad, Header + "O-1;een@voorbeeld.nl;WP-OOST;ja;WW\r\nO-2;geen-adres;WP-OOST;ja;WW\r\n");
        await page.GetByLabel("Bestand (.csv of .xlsx)").SetInputFilesAsync(bad);
        await page.GetByRole(AriaRole.Button, new() { Name = "Uploaden" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("upload-state")).ToContainTextAsync("Het bestand wacht op verwerking");
        await RunJobsAsync();
        await Assertions.Expect(page.GetByTestId("upload-state")).ToContainTextAsync("Er is niets opgeslagen", new() { Timeout = 30_000 });
        var firstError = page.GetByTestId("errors").Locator("tbody tr").First;
        Assert.Equal("3", await firstError.Locator("td").Nth(0).InnerTextAsync());
        Assert.Equal("email", await firstError.Locator("td").Nth(1).InnerTextAsync());
        Assert.Contains("geen-adres", await firstError.Locator("td").Nth(2).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Deze ronde heeft nog geen deelnemers.", await page.GetByTestId("sample-total").InnerTextAsync());
        await CheckAsync("deelnemers met fouten");

        // 2. A good file: the progress bar while it waits, then the counts.
        var good = Path.Combine(folder, "goed.csv");
        await File.WriteAllTextAsync(good, Header + "O-1;een@voorbeeld.nl;WP-OOST;ja;WW\r\nO-2;twee@voorbeeld.nl;WP-OOST;nee;WWB\r\nW-1;drie@voorbeeld.nl;WP-WEST;ja;WW\r\n");
        await page.GetByLabel("Bestand (.csv of .xlsx)").SetInputFilesAsync(good);
        await page.GetByRole(AriaRole.Button, new() { Name = "Uploaden" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("upload-state")).ToContainTextAsync("Het bestand wacht op verwerking");
        Assert.Equal(1, await page.Locator("#upload-status progress").CountAsync());
        await CheckAsync("deelnemers wachtend");
        // A reload shows the same: the state is in the database.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("upload-state")).ToContainTextAsync("Het bestand wacht op verwerking");
        await RunJobsAsync();
        await Assertions.Expect(page.GetByTestId("upload-state")).ToContainTextAsync("Klaar: 3 deelnemers opgeslagen uit 3 regels.", new() { Timeout = 30_000 });
        Assert.Equal("Deze ronde heeft 3 deelnemers.", await page.GetByTestId("sample-total").InnerTextAsync());
        var oost = page.GetByTestId("per-werkplein").Locator("tbody tr").First;
        Assert.Equal("Werkplein Oost (WP-OOST)", await oost.Locator("th").InnerTextAsync());
        Assert.Equal("2", await oost.Locator("td").Nth(0).InnerTextAsync());
        Assert.Contains("WWB", await page.GetByTestId("per-attribute").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync("deelnemers klaar");

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
