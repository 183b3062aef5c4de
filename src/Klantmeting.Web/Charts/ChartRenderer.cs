using System.Globalization;
using ScottPlot;

namespace Klantmeting.Web.Charts;

/// <summary>One bar of a chart: a label, a value and an optional confidence interval.</summary>
public sealed record ChartBar(string Label, double Value, double? Low = null, double? High = null);

/// <summary>Draws the report charts with ScottPlot 5, Dutch labels, as SVG text for inline use.</summary>
public static class ChartRenderer
{
    private static readonly CultureInfo _dutch = CultureInfo.GetCultureInfo("nl-NL");

    static ChartRenderer()
    {
        // Without an installed font ScottPlot draws no text at all; DejaVu Sans is installed by the test script.
        Fonts.Default = "DejaVu Sans";
    }

    /// <summary>Vertical bars on the 1-10 grade scale with interval whiskers.</summary>
    public static string GradeBars(string title, IReadOnlyList<ChartBar> bars, int width = 720, int height = 400)
    {
        var plot = new Plot();
        var items = bars.Select((b, i) => new Bar
        {
            Position = i,
            Value = b.Value,
            Error = b.Low is { } lo && b.High is { } hi ? (hi - lo) / 2 : 0,
            FillColor = Color.FromHex("#00487a"),
            Label = b.Value.ToString("0.0", _dutch),
        }).ToList();
        var series = plot.Add.Bars(items);
        series.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(),
            bars.Select(b => Wrap(b.Label)).ToArray());
        plot.Axes.SetLimitsY(0, 10.5);
        plot.Axes.SetLimitsX(-0.6, bars.Count - 0.4);
        plot.Title(title);
        plot.YLabel("Rapportcijfer (1-10)");
        return Scalable(plot.GetSvgXml(width, height), width, height);
    }

    /// <summary>Cumulative completes per fieldwork day.</summary>
    public static string Curve(string title, IReadOnlyList<(DateOnly Day, int Cumulative)> points, int width = 720, int height = 320)
    {
        var plot = new Plot();
        if (points.Count > 0)
        {
            var xs = points.Select(p => p.Day.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
            var ys = points.Select(p => (double)p.Cumulative).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.Color = Color.FromHex("#00487a");
            line.LineWidth = 2;
            // A cumulative count starts at zero; a flat line near the top reads wrong otherwise.
            plot.Axes.SetLimitsY(0, Math.Max(10, ys.Max() * 1.1));
            var axis = plot.Axes.DateTimeTicksBottom();
            if (axis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
            {
                ticks.LabelFormatter = d => d.ToString("d MMM", _dutch);
            }
        }

        plot.Title(title);
        plot.YLabel("Ingevulde vragenlijsten (totaal)");
        return Scalable(plot.GetSvgXml(width, height), width, height);
    }

    /// <summary>Gives the SVG a viewBox so that it scales with the page instead of being cut off on a phone.</summary>
    private static string Scalable(string svg, int width, int height) =>
        svg.Replace($"width=\"{width}\" height=\"{height}\">", $"viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMidYMid meet\">", StringComparison.Ordinal);

    private static string Wrap(string label) =>
        label.Length <= 16 ? label : string.Join("\n", SplitWords(label, 16));

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
