namespace Klantmeting.EndToEnd.Infrastructure;

/// <summary>The browser tests wait for pages only through <see cref="PageWaits"/> (see there why).</summary>
public sealed class PageWaitsRuleTests
{
    private static readonly string[] _racy = ["WaitForURLAsync(", "WaitForLoadStateAsync(", "WaitForNavigationAsync(", "RunAndWaitForNavigationAsync("];

    [Fact]
    public void No_browser_test_calls_the_Playwright_waits_that_can_lose_the_load_event()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "tests", "Klantmeting.EndToEnd");
        var calls = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(file) is not (nameof(PageWaits) + ".cs") and not (nameof(PageWaitsRuleTests) + ".cs"))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => _racy.Any(call => l.line.Contains("." + call, StringComparison.Ordinal)))
            .Select(l => $"{Path.GetRelativePath(folder, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(calls.Count == 0, "use PageWaits instead:\n" + string.Join("\n", calls));
    }
}
