using System.Text;
using System.Text.Json;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Rounds;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Respond;

/// <summary>The respondent pages in a real chromium: WCAG 2.1 AA checks with axe-core, and keyboard-only use.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RespondBrowserTests(BrowserFixture browser, KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    private readonly KestrelAppFactory _app = app;

    [Fact]
    public async Task EveryRespondentPage_HasNoAxeViolations()
    {
        var token = await _app.SeedInvitationAsync();
        var page = await browser.NewPageAsync();
        var report = new StringBuilder();
        var checkedPages = new List<string>();

        async Task CheckAsync(string name)
        {
            checkedPages.Add(name);
            await ScreenshotAsync(page, name);
            foreach (var violation in await Axe.RunAsync(page))
            {
                report.AppendLine($"[{name}] {page.Url}: {violation}");
            }
        }

        await page.GotoAsync(_app.Url($"/v/{token}"));
        await CheckAsync("intro");
        await page.GetByRole(AriaRole.Button, new() { Name = "Beginnen" }).ClickAsync();
        for (var step = 1; step <= 5; step++)
        {
            Assert.StartsWith($"Stap {step} van 7", await page.TitleAsync());
            await page.Locator("input[type=radio][value='4']").First.CheckAsync();
            await CheckAsync($"stap-{step}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
        }

        Assert.StartsWith("Stap 6 van 7", await page.TitleAsync());
        await CheckAsync("stap-6");
        // Error state: no grade given.
        await page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
        Assert.StartsWith("Fout: Stap 6 van 7", await page.TitleAsync());
        await CheckAsync("stap-6-fout");
        await page.GetByLabel("8", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Textbox).FillAsync("<script>alert(1)</script> Fijn geholpen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
        Assert.StartsWith("Stap 7 van 7", await page.TitleAsync());
        Assert.Contains("<script>alert(1)</script>", await page.Locator("dd.comment").InnerTextAsync());
        await CheckAsync("stap-7-controle");

        // Error state on a statement step: a tampered value.
        await page.GotoAsync(_app.Url($"/v/{token}?stap=1"));
        await page.Locator("input[type=radio]").First.EvaluateAsync("e => { e.value = '9'; e.checked = true; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
        Assert.StartsWith("Fout: Stap 1 van 7", await page.TitleAsync());
        await CheckAsync("stap-1-fout");

        await page.GotoAsync(_app.Url($"/v/{token}?stap=7"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Versturen" }).ClickAsync();
        Assert.Contains("Bedankt", await page.TitleAsync());
        await CheckAsync("bedankt");

        var closed = await _app.SeedInvitationAsync(RoundState.Closed);
        await page.GotoAsync(_app.Url($"/v/{closed}"));
        Assert.Contains("gesloten", await page.TitleAsync());
        await CheckAsync("gesloten");

        var notFound = await page.GotoAsync(_app.Url("/v/bestaat-niet"));
        Assert.Equal(404, notFound!.Status);
        await CheckAsync("404");

        await page.GotoAsync(_app.Url("/privacy"));
        await CheckAsync("privacy");

        await page.Context.CloseAsync();
        Assert.True(report.Length == 0, $"axe-core found violations on {checkedPages.Count} pages:\n{report}");
    }

    [Fact]
    public async Task Axe_ReportsViolations_SoASilentPassMeansSomething()
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<html><body><input type=\"text\"><img src=\"x.png\"></body></html>");

        var violations = await Axe.RunAsync(page);

        await page.Context.CloseAsync();
        Assert.Contains(violations, v => v.StartsWith("html-has-lang", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("image-alt", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("label", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Questionnaire_CanBeCompletedWithKeyboardOnly()
    {
        var token = await _app.SeedInvitationAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_app.Url($"/v/{token}"));

        await TabToAsync(page, f => f.Tag == "BUTTON" && f.Text == "Beginnen");
        await page.Keyboard.PressAsync("Enter");
        await PageWaits.UrlAsync(page, url => url.Contains("/v/", StringComparison.Ordinal), "Enter on Beginnen");

        // Step 1: first statement with Space (value 1), the others with arrow keys.
        await WaitForTitleAsync(page, "Stap 1 van 7");
        await TabToAsync(page, f => f.Name == "antwoord[bereikbaarheid.1]");
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("ArrowDown"); // first option -> second: 2
        await page.Keyboard.PressAsync("Tab");
        for (var i = 0; i < 5; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown"); // wraps to the sixth option: weet niet (0)
        }

        await PressNextAsync(page, "Stap 2 van 7");

        // Steps 2-5: the first statement of each: ArrowDown three times -> 4.
        foreach (var (principle, next) in new[] { ("persoonlijke_aandacht", "Stap 3"), ("maatwerk", "Stap 4"), ("tijdigheid", "Stap 5"), ("duidelijkheid", "Stap 6") })
        {
            await TabToAsync(page, f => f.Name == $"antwoord[{principle}.1]");
            for (var i = 0; i < 3; i++)
            {
                await page.Keyboard.PressAsync("ArrowDown");
            }

            await PressNextAsync(page, next);
        }

        await TabToAsync(page, f => f.Name == "totaaloordeel");
        for (var i = 0; i < 6; i++)
        {
            await page.Keyboard.PressAsync("ArrowRight"); // 1 -> 7
        }

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("TEXTAREA", (await FocusAsync(page)).Tag);
        await page.Keyboard.TypeAsync("Met toetsenbord ingevuld.");
        await PressNextAsync(page, "Stap 7 van 7");

        await TabToAsync(page, f => f.Tag == "BUTTON" && f.Text == "Versturen");
        await page.Keyboard.PressAsync("Enter");
        await WaitForTitleAsync(page, "Bedankt");
        await page.Context.CloseAsync();

        var saved = await _app.FindResponseAsync(token);
        Assert.NotNull(saved);
        Assert.NotNull(saved.CompletedAt);
        Assert.Equal(7, saved.Grade);
        Assert.Equal("Met toetsenbord ingevuld.", saved.Comment);
        Assert.Equal(
            new[] { "bereikbaarheid.1=1", "bereikbaarheid.2=2", "bereikbaarheid.3=0", "duidelijkheid.1=4", "maatwerk.1=4", "persoonlijke_aandacht.1=4", "tijdigheid.1=4" },
            saved.Answers.Select(a => $"{a.ItemId}={a.Value}").Order(StringComparer.Ordinal));
    }

    private static async Task PressNextAsync(IPage page, string expectedTitle)
    {
        await TabToAsync(page, f => f.Tag == "BUTTON" && f.Text == "Volgende");
        await page.Keyboard.PressAsync("Enter");
        await WaitForTitleAsync(page, expectedTitle);
    }

    private static async Task WaitForTitleAsync(IPage page, string start)
    {
        await page.WaitForFunctionAsync("t => document.title.startsWith(t)", start);
    }

    /// <summary>Presses Tab until the focused element matches; checks that every focused element shows a focus outline.</summary>
    private static async Task TabToAsync(IPage page, Func<Focus, bool> match, int max = 60)
    {
        var seen = new List<string>();
        for (var i = 0; i < max; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await FocusAsync(page);
            seen.Add(focus.ToString());
            if (focus.Tag is "INPUT" or "BUTTON" or "A" or "TEXTAREA")
            {
                Assert.True(focus.Outline is not ("none" or ""), $"No visible focus on {focus}");
            }

            if (match(focus))
            {
                return;
            }
        }

        Assert.Fail("Tab never reached the element. Focus went: " + string.Join(" > ", seen));
    }

    private static async Task<Focus> FocusAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            () => { const e = document.activeElement; const s = getComputedStyle(e);
              return { tag: e.tagName, name: e.getAttribute('name') || '', text: (e.innerText || e.value || '').trim(), outline: s.outlineStyle }; }
            """);
        return new Focus(json.GetProperty("tag").GetString()!, json.GetProperty("name").GetString()!,
            json.GetProperty("text").GetString()!, json.GetProperty("outline").GetString()!);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        // Set SCREENSHOT_DIR to look at the pages (phone width) after a run.
        if (System.Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
        }
    }

    private sealed record Focus(string Tag, string Name, string Text, string Outline);
}
