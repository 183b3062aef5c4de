using ScottPlot;

namespace Klantmeting.Web.Charts;

/// <summary>
/// One line of a trend chart that may break: a point per period (null: no figure, e.g. suppressed) and per period
/// whether the line breaks before it (the measure was redefined there).
/// </summary>
public sealed record BrokenTrendSeries(string Name, IReadOnlyList<ChartInterval?> Points, IReadOnlyList<bool> BreakBefore);

/// <summary>
/// Trend charts with visible breaks: like <see cref="ChartRenderer.Trend"/> (means with interval whiskers, a style and
/// legend entry per series), but no line is drawn across a break, and a dashed grey vertical line marks where a
/// measure was redefined.
/// </summary>
public static class TrendChart
{
    /// <summary>Draws the chart as SVG text; null when no series has a figure (say so in words instead).</summary>
    public static string? Render(string title, IReadOnlyList<string> periods, IReadOnlyList<BrokenTrendSeries> series, int width = 720, int height = 360) =>
        ChartCache.GetOrDraw("BrokenTrend", (title, periods, series, width, height), () => Draw(title, periods, series, width, height));

    private static string? Draw(string title, IReadOnlyList<string> periods, IReadOnlyList<BrokenTrendSeries> series, int width, int height)
    {
        if (!series.Any(s => s.Points.Any(p => p is not null)))
        {
            return null;
        }

        var plot = new Plot();
        var offset = series.Count > 1 ? Math.Min(0.06, 0.3 / series.Count) : 0;
        for (var s = 0; s < series.Count; s++)
        {
            // Series side by side around each period, so overlapping whiskers stay readable.
            ChartRenderer.AddTrendRuns(plot, s, (s - (series.Count - 1) / 2.0) * offset, series[s].Name, series[s].Points, Runs(series[s]));
        }

        var breaks = Enumerable.Range(1, Math.Max(0, periods.Count - 1)).Where(i => series.Any(s => i < s.BreakBefore.Count && s.BreakBefore[i])).ToList();
        for (var b = 0; b < breaks.Count; b++)
        {
            var mark = plot.Add.VerticalLine(breaks[b] - 0.5, 2, Color.FromHex("#4d4d4d"), LinePattern.Dashed);
            if (b == 0)
            {
                mark.LegendText = "Breuk: anders gemeten";
            }
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, periods.Count).Select(i => (double)i).ToArray(), periods.Select(p => ChartRenderer.Wrap(p)).ToArray());
        plot.Axes.SetLimitsX(-0.5, Math.Max(1, periods.Count) - 0.5);
        var (min, max) = ChartRenderer.Range(series.SelectMany(s => s.Points).OfType<ChartInterval>().SelectMany(p => new[] { p.Low, p.High }));
        plot.Axes.SetLimitsY(min, max);
        plot.Axes.Left.TickGenerator = ChartRenderer.DutchTicks(max - min > 3 ? 1 : 0.5);
        if (series.Count > 1 || breaks.Count > 0)
        {
            plot.ShowLegend(Edge.Bottom);
        }
        else
        {
            plot.HideLegend();
        }

        plot.Title(title);
        plot.YLabel("Cijfer (1-10)");
        return ChartRenderer.Scalable(plot.GetSvgXml(width, height), width, height);
    }

    /// <summary>Runs of consecutive periods with a figure and no break between them.</summary>
    public static IEnumerable<int[]> Runs(BrokenTrendSeries series)
    {
        var run = new List<int>();
        for (var i = 0; i < series.Points.Count; i++)
        {
            var breaks = i < series.BreakBefore.Count && series.BreakBefore[i];
            if ((series.Points[i] is null || breaks) && run.Count > 0)
            {
                yield return run.ToArray();
                run.Clear();
            }

            if (series.Points[i] is not null)
            {
                run.Add(i);
            }
        }

        if (run.Count > 0)
        {
            yield return run.ToArray();
        }
    }
}
