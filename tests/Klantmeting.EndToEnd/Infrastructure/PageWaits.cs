using Klantmeting.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Infrastructure;

/// <summary>
/// Waiting for a page to arrive and finish loading, polled through <see cref="Eventually"/>. The browser tests use
/// these instead of Playwright's <c>WaitForURLAsync</c> and <c>WaitForLoadStateAsync</c>. In Playwright for .NET
/// (1.64), both first check the load states the frame has seen and only then subscribe to the next one, and the
/// events arrive on another thread. A <c>load</c> that arrives between the check and the subscription is lost, and the
/// wait then runs into its 30-second timeout even though the page is there (microsoft/playwright-dotnet#3364). Our CI
/// hit this on 2026-12-06: the page had already moved on to <c>/</c> after saving the password. Reading
/// <see cref="IPage.Url"/> and <c>document.readyState</c> again and again cannot lose anything.
/// </summary>
public static class PageWaits
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits until the page's URL satisfies <paramref name="url"/> and its document has finished loading.
    /// <paramref name="after"/> says what led there; a timeout names it, the URL and the page's text.
    /// </summary>
    public static async Task UrlAsync(IPage page, Func<string, bool> url, string after)
    {
        try
        {
            await Eventually.TrueAsync(async () => url(page.Url) && await IsLoadedAsync(page), _timeout, "the page to arrive after " + after);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Still on {page.Url} after {after}; the page says: {await MainTextAsync(page)}", e);
        }
    }

    /// <summary>Waits until the page has left the sign-in form (after <see cref="BrowserSignIn.SignInAsync"/>).</summary>
    public static Task SignedInAsync(IPage page) =>
        UrlAsync(page, url => !url.Contains("/inloggen", StringComparison.Ordinal), "signing in");

    /// <summary>Waits until the page's current document has finished loading (after a click that submits a form).</summary>
    public static Task LoadedAsync(IPage page, string after) => UrlAsync(page, _ => true, after);

    private static async Task<bool> IsLoadedAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<bool>("() => document.readyState === 'complete'");
        }
        catch (PlaywrightException)
        {
            return false; // The document went away in the middle of a navigation: read the next one.
        }
    }

    private static async Task<string> MainTextAsync(IPage page)
    {
        try
        {
            var main = page.Locator("main");
            return await main.CountAsync() > 0 ? await main.First.InnerTextAsync(new() { Timeout = 5_000 }) : await page.ContentAsync();
        }
        catch (PlaywrightException e)
        {
            return "(unreadable: " + e.Message + ")";
        }
    }
}
