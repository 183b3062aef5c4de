using Klantmeting.Landkaart;
using ScottPlot;

namespace Klantmeting.Charts;

/// <summary>
/// The spread of Landkaart levels over the Werkpleinen as a PNG: one horizontal stacked bar per phase or milestone,
/// the share of answers per level. Colour is never the only signal: every level also has its own hatch pattern, each
/// segment carries a text label (letter and count, e.g. "G 3"), and the legend names level, colour and letter.
/// Lives in the library (not the web host) because the tertaal report's PDF embeds it too.
/// </summary>
public static class LandkaartChart
{
    /// <summary>Fill colour, hatch and label letter per level id; contrast of the labels comes from a white label box.</summary>
    private static readonly Dictionary<string, (string Colour, Func<IHatch?> Hatch, string Letter)> _styles = new()
    {
        ["rood"] = ("#c0392b", () => new ScottPlot.Hatches.Striped(ScottPlot.Hatches.StripeDirection.DiagonalUp), "R"),
        ["oranje"] = ("#e8892b", () => new ScottPlot.Hatches.Dots(), "O"),
        ["blauw"] = ("#3d7cc9", () => new ScottPlot.Hatches.Checker(), "B"),
        ["groen"] = ("#3a9a5b", () => null, "G"),
    };

    static LandkaartChart()
    {
        // Without an installed font ScottPlot draws no text at all; DejaVu Sans is installed by the test script.
        Fonts.Default = "DejaVu Sans";
    }

    /// <summary>The letter on a segment of a level, as the legend and the text alternative explain it.</summary>
    public static string Letter(string levelId) => _styles.TryGetValue(levelId, out var s) ? s.Letter : levelId[..1].ToUpperInvariant();

    /// <summary>
    /// Draws the rows (first at the top) as a PNG; null when no row has an answer (say so in words instead).
    /// </summary>
    /// <param name="title">Chart title.</param>
    /// <param name="rows">Phases or milestones with their counts per level.</param>
    /// <param name="levels">The four levels in order, red first.</param>
    /// <param name="width">Width in pixels; the height follows from the number of rows.</param>
    public static byte[]? Spread(string title, IReadOnlyList<LevelSpread> rows, IReadOnlyList<LandkaartLevel> levels, int width = 900)
    {
        if (rows.All(r => r.Total == 0))
        {
            return null;
        }

        var height = Height(rows.Count);
        var plot = new Plot();
        var labels = new List<(string Text, double X, double Y)>();
        foreach (var level in levels)
        {
            AddLevel(plot, rows, levels, level, labels);
        }

        // Labels after every bar, so no segment covers them.
        foreach (var (text, x, y) in labels)
        {
            var label = plot.Add.Text(text, x, y);
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontSize = 11;
            label.LabelFontColor = Colors.Black;
            label.LabelBackgroundColor = Colors.White;
            label.LabelPadding = 1;
        }

        var ys = rows.Select((_, i) => (double)(rows.Count - 1 - i)).ToArray();
        plot.Axes.Left.SetTicks(ys, rows.Select(r => r.Label).ToArray());
        plot.Axes.SetLimitsY(-0.7, rows.Count - 0.3);
        plot.Axes.SetLimitsX(0, 100);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(20) { LabelFormatter = v => $"{v:0}%" };
        plot.XLabel("Aandeel van de antwoorden (letter en aantal Werkpleinen in elk deel)");
        plot.ShowLegend(Edge.Bottom);
        plot.Title(title);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Height in pixels of a chart with this many rows.</summary>
    public static int Height(int rows) => 170 + 36 * rows;

    /// <summary>One level's segments of every row, stacked after the levels before it; the label of each segment goes into <paramref name="labels"/>.</summary>
    private static void AddLevel(Plot plot, IReadOnlyList<LevelSpread> rows, IReadOnlyList<LandkaartLevel> levels, LandkaartLevel level,
        List<(string Text, double X, double Y)> labels)
    {
        var style = _styles.GetValueOrDefault(level.Id, ("#777777", () => null, Letter(level.Id)));
        var before = levels.TakeWhile(l => l.Id != level.Id).Select(l => l.Id).ToList();
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var count = row.Counts.GetValueOrDefault(level.Id);
            if (row.Total == 0 || count == 0)
            {
                continue;
            }

            var start = 100.0 * before.Sum(id => row.Counts.GetValueOrDefault(id)) / row.Total;
            var end = start + 100.0 * count / row.Total;
            var y = rows.Count - 1 - i;
            bars.Add(new Bar
            {
                Position = y,
                ValueBase = start,
                Value = end,
                Size = 0.7,
                FillColor = Color.FromHex(style.Colour),
                FillHatch = style.Hatch(),
                FillHatchColor = Colors.White.WithAlpha(0.55),
                LineColor = Colors.Black,
                LineWidth = 1,
            });
            labels.Add(($"{style.Letter} {count}", (start + end) / 2, y));
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        // An empty level still needs its legend entry, with the same colour and hatch as its segments.
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = $"{level.Name} ({level.Colour}, {style.Letter})",
            FillColor = Color.FromHex(style.Colour),
            FillHatch = style.Hatch(),
            FillHatchColor = Colors.White.WithAlpha(0.55),
        });
        plottable.LegendText = "";
    }
}
