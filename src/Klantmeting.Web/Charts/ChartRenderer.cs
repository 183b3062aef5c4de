using System.Globalization;
using ScottPlot;

namespace Klantmeting.Web.Charts;

/// <summary>One bar of a chart: a label, a value and an optional confidence interval.</summary>
public sealed record ChartBar(string Label, double Value, double? Low = null, double? High = null);

/// <summary>One estimate with its confidence interval, e.g. a mean grade and its 95% interval.</summary>
public sealed record ChartInterval(string Label, double Mean, double Low, double High);

/// <summary>One line of a trend chart: a name for the legend and a point per period (null: no figure, e.g. suppressed).</summary>
public sealed record TrendSeries(string Name, IReadOnlyList<ChartInterval?> Points);

/// <summary>One group of bars in a grouped bar chart: a name for the legend and a bar per category (null: no figure).</summary>
public sealed record BarSeries(string Name, IReadOnlyList<ChartBar?> Bars);

/// <summary>Draws the report charts with ScottPlot 5, Dutch labels, as SVG text for inline use.</summary>
public static partial class ChartRenderer
{
    private static readonly CultureInfo _dutch = CultureInfo.GetCultureInfo("nl-NL");

    static ChartRenderer()
    {
        // Without an installed font ScottPlot draws no text at all; DejaVu Sans is installed by the test script.
        Fonts.Default = "DejaVu Sans";
    }

    /// <summary>Vertical bars on the 1-10 grade scale with interval whiskers; null when there are no bars.</summary>
    public static string? GradeBars(string title, IReadOnlyList<ChartBar> bars, int width = 720, int height = 400) =>
        ChartCache.GetOrDraw(nameof(GradeBars), (title, bars, width, height), () => DrawGradeBars(title, bars, width, height));

    private static string? DrawGradeBars(string title, IReadOnlyList<ChartBar> bars, int width, int height)
    {
        if (bars.Count == 0)
        {
            return null;
        }

        var plot = new Plot();
        var items = bars.Select((b, i) => new Bar
        {
            Position = i,
            Value = b.Value,
            Error = b.Low is { } lo && b.High is { } hi ? (hi - lo) / 2 : 0,
            FillColor = Color.FromHex("#00487a"),
        }).ToList();
        plot.Add.Bars(items);
        for (var i = 0; i < bars.Count; i++)
        {
            ValueLabel(plot, i, bars[i], 14);
        }

        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(),
            bars.Select(b => Wrap(b.Label)).ToArray());
        GradeAxis(plot);
        plot.Axes.SetLimitsX(-0.6, bars.Count - 0.4);
        plot.Title(title);
        return Scalable(plot.GetSvgXml(width, height), width, height);
    }

    /// <summary>
    /// Cumulative completes per fieldwork day; null when there are no days. One tick per day (every few days for a
    /// long fieldwork), so no date repeats on the axis; whole numbers with Dutch digit grouping.
    /// </summary>
    public static string? Curve(string title, IReadOnlyList<(DateOnly Day, int Cumulative)> points, int width = 720, int height = 320) =>
        ChartCache.GetOrDraw(nameof(Curve), (title, points, width, height), () => DrawCurve(title, points, width, height));

    private static string? DrawCurve(string title, IReadOnlyList<(DateOnly Day, int Cumulative)> points, int width, int height)
    {
        if (points.Count == 0)
        {
            return null;
        }

        var plot = new Plot();
        var xs = points.Select(p => (double)p.Day.DayNumber).ToArray();
        var ys = points.Select(p => (double)p.Cumulative).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.Color = Color.FromHex("#00487a");
        line.LineWidth = 2;
        // A cumulative count starts at zero; a flat line near the top reads wrong otherwise.
        plot.Axes.SetLimitsY(0, Math.Max(10, ys.Max() * 1.1));
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = v => v.ToString("N0", _dutch),
        };
        var (first, last) = (points[0].Day.DayNumber, points[^1].Day.DayNumber);
        var step = Math.Max(1, (int)Math.Ceiling((last - first + 1) / 7.0));
        var ticks = Enumerable.Range(0, (last - first) / step + 1).Select(i => first + i * step).ToArray();
        plot.Axes.Bottom.SetTicks(ticks.Select(d => (double)d).ToArray(),
            ticks.Select(d => DateOnly.FromDayNumber(d).ToString("d MMM", _dutch)).ToArray());
        plot.Axes.SetLimitsX(first - 0.5, Math.Max(last, first + 1) + 0.5);
        plot.Title(title);
        plot.YLabel("Ingevulde vragenlijsten (totaal)");
        return Scalable(plot.GetSvgXml(width, height), width, height);
    }

    /// <summary>
    /// Whisker chart: one row per item (first at the top) with the estimate as a dot and its interval as a horizontal
    /// line; for scores per principle and for rankings of Werkpleinen. <paramref name="reference"/> draws a dashed
    /// vertical line (e.g. the national mean) named <paramref name="referenceLabel"/> in a legend.
    /// </summary>
    /// <param name="fullScale">Axis from 1 to 10 (true) or around the data (false, for small differences).</param>
    public static string Whiskers(string title, IReadOnlyList<ChartInterval> items, double? reference = null, string? referenceLabel = null,
        bool fullScale = true, int width = 720, int? height = null) =>
        ChartCache.GetOrDraw(nameof(Whiskers), (title, items, reference, referenceLabel, fullScale, width, height),
            () => DrawWhiskers(title, items, reference, referenceLabel, fullScale, width, height))!;

    private static string DrawWhiskers(string title, IReadOnlyList<ChartInterval> items, double? reference, string? referenceLabel,
        bool fullScale, int width, int? height)
    {
        var h = height ?? Math.Max(240, 110 + 34 * items.Count);
        var plot = new Plot();
        if (items.Count > 0)
        {
            var ys = items.Select((_, i) => (double)(items.Count - 1 - i)).ToArray();
            var xs = items.Select(i => i.Mean).ToArray();
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys,
                items.Select(i => Math.Max(0, i.High - i.Mean)).ToArray(), items.Select(i => Math.Max(0, i.Mean - i.Low)).ToArray(), null, null)
            {
                LineWidth = 2,
                CapSize = 8,
                Color = Color.FromHex(_palette[0]),
            };
            plot.Add.Plottable(bars);
            plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 9, Color.FromHex(_palette[0]));
            plot.Axes.Left.SetTicks(ys, items.Select(i => Wrap(i.Label, 24)).ToArray());
            plot.Axes.SetLimitsY(-0.7, items.Count - 0.3);
        }

        if (reference is { } r)
        {
            var line = plot.Add.VerticalLine(r, 2, Color.FromHex(_palette[1]), LinePattern.Dashed);
            line.LegendText = referenceLabel ?? "";
            if (referenceLabel is not null)
            {
                plot.ShowLegend(Edge.Bottom);
            }
        }

        var (min, max) = fullScale ? (1.0, 10.0) : Range(items.SelectMany(i => new[] { i.Low, i.High }).Concat(reference is { } x ? [x] : []));
        plot.Axes.SetLimitsX(min, max);
        plot.Axes.Bottom.TickGenerator = DutchTicks(fullScale ? 1 : 0.5);
        plot.Title(title);
        plot.XLabel("Rapportcijfer (1-10)");
        return Scalable(plot.GetSvgXml(width, h), width, h);
    }

    /// <summary>
    /// Trend across periods (rounds): per series a line of means with interval whiskers; a missing point breaks the
    /// line. Each series has its own colour, marker shape and line pattern, and a legend names them (not colour alone).
    /// </summary>
    public static string Trend(string title, IReadOnlyList<string> periods, IReadOnlyList<TrendSeries> series, int width = 720, int height = 360) =>
        ChartCache.GetOrDraw(nameof(Trend), (title, periods, series, width, height), () => DrawTrend(title, periods, series, width, height))!;

    private static string DrawTrend(string title, IReadOnlyList<string> periods, IReadOnlyList<TrendSeries> series, int width, int height)
    {
        var plot = new Plot();
        var offset = series.Count > 1 ? 0.06 : 0;
        for (var s = 0; s < series.Count; s++)
        {
            // Series side by side around each period, so overlapping whiskers stay readable.
            AddTrendRuns(plot, s, (s - (series.Count - 1) / 2.0) * offset, series[s].Name, series[s].Points, Runs(series[s].Points));
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, periods.Count).Select(i => (double)i).ToArray(), periods.Select(p => Wrap(p)).ToArray());
        plot.Axes.SetLimitsX(-0.5, Math.Max(1, periods.Count) - 0.5);
        var (min, max) = Range(series.SelectMany(s => s.Points).OfType<ChartInterval>().SelectMany(p => new[] { p.Low, p.High }));
        plot.Axes.SetLimitsY(min, max);
        plot.Axes.Left.TickGenerator = DutchTicks(max - min > 3 ? 1 : 0.5);
        if (series.Count > 1)
        {
            plot.ShowLegend(Edge.Bottom);
        }
        else
        {
            plot.HideLegend();
        }

        plot.Title(title);
        plot.YLabel("Rapportcijfer (1-10)");
        return Scalable(plot.GetSvgXml(width, height), width, height);
    }

    /// <summary>
    /// Draws runs of one trend series (style <paramref name="s"/>, shifted by <paramref name="dx"/>): a line with markers
    /// and interval whiskers per run, the legend entry on the first. Shared with <see cref="TrendChart"/>.
    /// </summary>
    internal static void AddTrendRuns(Plot plot, int s, double dx, string name, IReadOnlyList<ChartInterval?> points, IEnumerable<int[]> runs)
    {
        var color = Color.FromHex(_palette[s % _palette.Length]);
        var shape = _shapes[s % _shapes.Length];
        var pattern = _patterns[s % _patterns.Length];
        var legendDone = false;
        foreach (var run in runs)
        {
            var xs = run.Select(i => i + dx).ToArray();
            var ys = run.Select(i => points[i]!.Mean).ToArray();
            var line = plot.Add.Scatter(xs, ys, color);
            line.LineWidth = 2;
            line.LinePattern = pattern;
            line.MarkerShape = shape;
            line.MarkerSize = 9;
            if (!legendDone)
            {
                line.LegendText = name;
                legendDone = true;
            }

            plot.Add.Plottable(new ScottPlot.Plottables.ErrorBar(xs, ys, null, null,
                run.Select(i => Math.Max(0, points[i]!.High - points[i]!.Mean)).ToArray(),
                run.Select(i => Math.Max(0, points[i]!.Mean - points[i]!.Low)).ToArray())
            {
                Color = color,
                LineWidth = 1.5f,
                CapSize = 6,
            });
        }
    }

    /// <summary>
    /// Grouped vertical bars on the 1-10 scale with interval whiskers: per category (e.g. a principle) one bar per
    /// series (e.g. with and without a vaste contactpersoon), with the value written on each bar and a legend.
    /// </summary>
    public static string GroupedGradeBars(string title, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series, int width = 720, int height = 400) =>
        ChartCache.GetOrDraw(nameof(GroupedGradeBars), (title, categories, series, width, height),
            () => DrawGroupedGradeBars(title, categories, series, width, height))!;

    private static string DrawGroupedGradeBars(string title, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series, int width, int height)
    {
        var plot = new Plot();
        var groupWidth = 0.8;
        var barWidth = series.Count == 0 ? groupWidth : groupWidth / series.Count;
        for (var s = 0; s < series.Count; s++)
        {
            var color = Color.FromHex(_palette[s % _palette.Length]);
            var bars = new List<Bar>();
            for (var c = 0; c < categories.Count && c < series[s].Bars.Count; c++)
            {
                if (series[s].Bars[c] is not { } b)
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = c - groupWidth / 2 + barWidth * (s + 0.5),
                    Value = b.Value,
                    Size = barWidth * 0.9,
                    Error = b.Low is { } lo && b.High is { } hi ? (hi - lo) / 2 : 0,
                    FillColor = color,
                });
                ValueLabel(plot, c - groupWidth / 2 + barWidth * (s + 0.5), b, 12);
            }

            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = series[s].Name;
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.Select(c => Wrap(c)).ToArray());
        GradeAxis(plot);
        plot.Axes.SetLimitsX(-0.6, Math.Max(1, categories.Count) - 0.4);
        if (series.Count > 1)
        {
            plot.ShowLegend(Edge.Bottom);
        }

        plot.Title(title);
        return Scalable(plot.GetSvgXml(width, height), width, height);
    }

    /// <summary>The value of a bar written just above the end of its interval whisker (or the bar), never across it.</summary>
    private static void ValueLabel(Plot plot, double x, ChartBar bar, float size)
    {
        var text = plot.Add.Text(bar.Value.ToString("0.0", _dutch), x, Math.Max(bar.Value, bar.High ?? bar.Value) + 0.12);
        text.LabelAlignment = Alignment.LowerCenter;
        text.LabelFontSize = size;
        text.LabelFontColor = Colors.Black;
    }

    /// <summary>The 0-10 grade axis with room for the value labels above the whiskers, Dutch tick labels.</summary>
    private static void GradeAxis(Plot plot)
    {
        plot.Axes.SetLimitsY(0, 11.2);
        plot.Axes.Left.TickGenerator = DutchTicks(2);
        plot.YLabel("Rapportcijfer (1-10)");
    }

    /// <summary>Gives the SVG a viewBox so that it scales with the page instead of being cut off on a phone.</summary>
    internal static string Scalable(string svg, int width, int height) =>
        svg.Replace($"width=\"{width}\" height=\"{height}\">", $"viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMidYMid meet\">", StringComparison.Ordinal);

    // Dark, distinguishable colours with at least 3:1 contrast on white (Okabe-Ito based).
    private static readonly string[] _palette = ["#00487a", "#b35900", "#007a5e", "#8f2d56", "#4d4d4d", "#0072b2"];

    private static readonly MarkerShape[] _shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.OpenSquare];

    private static readonly LinePattern[] _patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>Ticks at a fixed interval with Dutch decimals (7,5 not 7.5).</summary>
    internal static ScottPlot.TickGenerators.NumericFixedInterval DutchTicks(double interval) =>
        new(interval) { LabelFormatter = v => v.ToString("0.#", _dutch) };

    /// <summary>An axis range around the values with some room, at least one grade wide, within 1-10.</summary>
    internal static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return (1, 10);
        }

        double min = list.Min() - 0.3, max = list.Max() + 0.3;
        if (max - min < 1)
        {
            var middle = (min + max) / 2;
            (min, max) = (middle - 0.5, middle + 0.5);
        }

        return (Math.Max(1, Math.Floor(min * 2) / 2), Math.Min(10, Math.Ceiling(max * 2) / 2));
    }

    /// <summary>Runs of consecutive indexes whose point is not null.</summary>
    private static IEnumerable<int[]> Runs(IReadOnlyList<ChartInterval?> points)
    {
        var run = new List<int>();
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is null)
            {
                if (run.Count > 0)
                {
                    yield return run.ToArray();
                    run.Clear();
                }
            }
            else
            {
                run.Add(i);
            }
        }

        if (run.Count > 0)
        {
            yield return run.ToArray();
        }
    }

    internal static string Wrap(string label, int max = 16) =>
        label.Length <= max ? label : string.Join("\n", SplitWords(label, max));

    private static IEnumerable<string> SplitWords(string text, int max)
    {
        var line = "";
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + word.Length + 1 > max)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }
}
