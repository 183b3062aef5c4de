using System.Text.Json;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Infrastructure;

/// <summary>Runs axe-core (WCAG 2.0/2.1 A and AA rules) in a page.</summary>
public static class Axe
{
    private static readonly Lazy<string> _scriptPath = new(FindScript);

    /// <summary>
    /// axe.min.js: <c>AXE_CORE_PATH</c> when set, else <c>tests/Klantmeting.EndToEnd/node_modules/axe-core/axe.min.js</c>
    /// found by walking up from the test binaries (run <c>npm ci</c> in tests/Klantmeting.EndToEnd first).
    /// </summary>
    /// <exception cref="FileNotFoundException">axe-core is not installed.</exception>
    public static string ScriptPath => _scriptPath.Value;

    /// <summary>Runs axe on the current page; returns one readable line per violation and element.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = ScriptPath });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return result.violations.flatMap(v => v.nodes.map(n =>
                `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ')}`));
            }
            """);
        return violations.EnumerateArray().Select(v => v.GetString() ?? "").ToList();
    }

    /// <summary>
    /// Runs axe at 390 px and 1280 px and adds each violation to <paramref name="report"/> under <paramref name="step"/>;
    /// fails at once when the page scrolls sideways at 390 px.
    /// </summary>
    public static async Task CheckWidthsAsync(IPage page, string step, System.Text.StringBuilder report)
    {
        foreach (var width in new[] { 390, 1280 })
        {
            await page.SetViewportSizeAsync(width, 900);
            foreach (var violation in await RunAsync(page))
            {
                report.AppendLine($"[{step} @ {width}px] {violation}");
            }

            if (width == 390)
            {
                Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{step}: sideways scrolling at 390 px");
            }
        }
    }

    private static string FindScript()
    {
        if (System.Environment.GetEnvironmentVariable("AXE_CORE_PATH") is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"AXE_CORE_PATH points to a missing file: {configured}", configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[]
            {
                Path.Combine(dir.FullName, "node_modules", "axe-core", "axe.min.js"),
                Path.Combine(dir.FullName, "tests", "Klantmeting.EndToEnd", "node_modules", "axe-core", "axe.min.js"),
            })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(
            "axe-core not found: run `npm ci` in tests/Klantmeting.EndToEnd or set AXE_CORE_PATH to axe.min.js.");
    }
}
