using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;

namespace Klantmeting.Web.Charts;

/// <summary>
/// Keeps the SVG of each chart drawn, keyed by the chart's kind and everything it is drawn from. Drawing is most of a
/// report page's time (ScottPlot lays out and renders every text and line), while the figures of a closed round never
/// change and those of an open round change only when its live results do: the same inputs give the same SVG, so a
/// page asked for again draws nothing. Bounded by size (the SVG text); an entry unused for an hour goes.
/// </summary>
internal static class ChartCache
{
    /// <summary>About 64 MB of SVG text (a chart is 10-150 KB).</summary>
    private const long SizeLimit = 64L << 20;

    private static readonly MemoryCache _charts = new(new MemoryCacheOptions { SizeLimit = SizeLimit });

    // Fields too: the inputs are records, lists and value tuples (whose items are fields).
    private static readonly JsonSerializerOptions _key = new() { IncludeFields = true };

    /// <summary>The SVG drawn by <paramref name="draw"/> for these <paramref name="inputs"/>, drawn once; null results are not kept.</summary>
    public static string? GetOrDraw(string chart, object inputs, Func<string?> draw)
    {
        var key = chart + "\n" + JsonSerializer.Serialize(inputs, _key);
        if (_charts.TryGetValue(key, out string? kept))
        {
            return kept;
        }

        var svg = draw();
        if (svg is not null)
        {
            _charts.Set(key, svg, new MemoryCacheEntryOptions { Size = svg.Length + key.Length, SlidingExpiration = TimeSpan.FromHours(1) });
        }

        return svg;
    }
}
