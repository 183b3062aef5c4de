using ScottPlot;

namespace Klantmeting.Web.Charts;

/// <summary>One Werkplein in a ranking chart: its label on the axis, its mean and interval, and whether it is the page's own.</summary>
public sealed record RankingRow(string Label, double Mean, double Low, double High, bool IsOwn);

/// <summary>The ranking chart of the benchmark (kept apart from the other charts).</summary>
public static partial class ChartRenderer
{
    /// <summary>
    /// Ranking of Werkpleinen on one measure: one row per Werkplein, highest first, the mean as a dot with its 95%
    /// interval as whiskers, and the national figure as a dashed line. The own Werkplein is marked in three ways, not
    /// by colour alone: a shaded band behind its row, a larger diamond instead of a dot, and "(dit Werkplein)" in its
    /// label; the legend names all three symbols. Null when there are no rows.
    /// </summary>
    public static string? Ranking(string title, IReadOnlyList<RankingRow> rows, double? national, int width = 720) =>
        ChartCache.GetOrDraw(nameof(Ranking), (title, rows, national, width), () => DrawRanking(title, rows, national, width));

    private static string? DrawRanking(string title, IReadOnlyList<RankingRow> rows, double? national, int width)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        // Many Werkpleinen: thinner rows and smaller labels, so a national round still fits in a readable height.
        var rowHeight = rows.Count <= 25 ? 30 : 16;
        var height = Math.Max(260, 140 + rowHeight * rows.Count);
        var plot = new Plot();
        var ys = rows.Select((_, i) => (double)(rows.Count - 1 - i)).ToArray();
        var own = Color.FromHex(_palette[1]);
        var other = Color.FromHex(_palette[0]);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].IsOwn)
            {
                var band = plot.Add.VerticalSpan(ys[i] - 0.5, ys[i] + 0.5);
                band.FillStyle.Color = own.WithAlpha(0.18);
                band.LineStyle.Width = 0;
            }
        }

        plot.Add.Plottable(new ScottPlot.Plottables.ErrorBar(rows.Select(r => r.Mean).ToArray(), ys,
            rows.Select(r => Math.Max(0, r.High - r.Mean)).ToArray(), rows.Select(r => Math.Max(0, r.Mean - r.Low)).ToArray(), null, null)
        {
            LineWidth = 2,
            CapSize = rows.Count <= 25 ? 8 : 4,
            Color = other,
        });
        var others = rows.Select((r, i) => (r, i)).Where(x => !x.r.IsOwn).ToList();
        if (others.Count > 0)
        {
            var dots = plot.Add.Markers(others.Select(x => x.r.Mean).ToArray(), others.Select(x => ys[x.i]).ToArray(), MarkerShape.FilledCircle, 8, other);
            dots.LegendText = "Andere Werkpleinen";
        }

        var ownRows = rows.Select((r, i) => (r, i)).Where(x => x.r.IsOwn).ToList();
        if (ownRows.Count > 0)
        {
            var mark = plot.Add.Markers(ownRows.Select(x => x.r.Mean).ToArray(), ownRows.Select(x => ys[x.i]).ToArray(), MarkerShape.FilledDiamond, 15, own);
            mark.LegendText = "Dit Werkplein (ook gemarkeerd met een band)";
        }

        if (national is { } nl)
        {
            var line = plot.Add.VerticalLine(nl, 2, Color.FromHex(_palette[4]), LinePattern.Dashed);
            line.LegendText = "Nederland";
        }

        plot.Axes.Left.SetTicks(ys, rows.Select(r => r.IsOwn ? r.Label + " (dit Werkplein)" : r.Label).ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = rows.Count <= 25 ? 12 : 9;
        plot.Axes.SetLimitsY(-0.7, rows.Count - 0.3);
        var (min, max) = Range(rows.SelectMany(r => new[] { r.Low, r.High }).Concat(national is { } x ? [x] : []));
        plot.Axes.SetLimitsX(min, max);
        plot.Axes.Bottom.TickGenerator = DutchTicks(max - min > 3 ? 1 : 0.5);
        plot.ShowLegend(Edge.Bottom);
        plot.Title(title);
        plot.XLabel("Gemiddelde (1-10) met 95%-interval");
        return Scalable(plot.GetSvgXml(width, height), width, height);
    }
}
