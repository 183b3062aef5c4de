using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Infrastructure;

/// <summary>
/// One headless Debian chromium for the whole test run, driven by Playwright (no browser download).
/// Set <c>CHROMIUM_PATH</c> to use another chromium binary.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Launch arguments that keep chromium quiet and offline except for the app under test.</summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = System.Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium",
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>
    /// A fresh browser context (no cookies) with one page; phone-sized (390 x 844) unless told otherwise.
    /// CSP is bypassed so that test tools such as axe-core can be injected into pages served with a strict policy.
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 390, int height = 844)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "nl-NL",
            BypassCSP = true,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>Test classes in this collection share one browser.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
