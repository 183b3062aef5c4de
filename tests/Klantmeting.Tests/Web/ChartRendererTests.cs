using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Web.Charts;

namespace Klantmeting.Tests.Web;

/// <summary>The reusable charts: SVG that scales, Dutch labels and decimals, encoded text, legends for several series.</summary>
public sealed class ChartRendererTests
{
    [Fact]
    public void Whiskers_draw_every_label_with_dutch_ticks_and_encode_text()
    {
        var svg = ChartRenderer.Whiskers("Rangschikking", [
            new ChartInterval("Werkplein <b>Zoë</b>", 7.2, 6.9, 7.5),
            new ChartInterval("Persoonlijke aandacht", 6.8, 6.1, 7.4),
        ], reference: 7.0, referenceLabel: "Nederland", fullScale: false);

        Assert.Contains("viewBox=\"0 0 720 ", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", svg, StringComparison.Ordinal);
        var text = Text(svg);
        Assert.Contains("Werkplein <b>Zoë</b>", text, StringComparison.Ordinal);
        Assert.Contains("Persoonlijke aandacht", text, StringComparison.Ordinal);
        Assert.Contains("Nederland", text, StringComparison.Ordinal);
        Assert.Contains("Rapportcijfer (1-10)", text, StringComparison.Ordinal);
        Assert.Contains("6,5", text, StringComparison.Ordinal);
        Assert.DoesNotContain("6.5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Trend_names_several_series_in_a_legend_and_survives_gaps()
    {
        var svg = ChartRenderer.Trend("Trend", ["T1 2009", "T2 2009", "T3 2009"], [
            new TrendSeries("Werkplein Noord", [new ChartInterval("", 6.5, 6.2, 6.8), null, new ChartInterval("", 6.9, 6.6, 7.2)]),
            new TrendSeries("Nederland", [new ChartInterval("", 6.7, 6.6, 6.8), new ChartInterval("", 6.8, 6.7, 6.9), new ChartInterval("", 6.8, 6.7, 6.9)]),
        ]);

        var text = Text(svg);
        Assert.Contains("Werkplein Noord", text, StringComparison.Ordinal);
        Assert.Contains("Nederland", text, StringComparison.Ordinal);
        Assert.Contains("T3 2009", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Grouped_bars_write_dutch_values_and_name_the_groups()
    {
        var svg = ChartRenderer.GroupedGradeBars("Met en zonder vaste contactpersoon", ["Rapportcijfer", "Tijdigheid"], [
            new BarSeries("Met vaste contactpersoon", [new ChartBar("", 7.0, 6.9, 7.1), new ChartBar("", 6.6)]),
            new BarSeries("Zonder vaste contactpersoon", [new ChartBar("", 6.2, 6.1, 6.3), null]),
        ]);

        var text = Text(svg);
        Assert.Contains("7,0", text, StringComparison.Ordinal);
        Assert.Contains("6,2", text, StringComparison.Ordinal);
        Assert.Contains("Zonder vaste contactpersoon", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fieldwork_curve_names_each_day_once_with_dutch_whole_numbers()
    {
        // Six days of a small round: automatic ticks used to label hours ("30 nov" six times) and write 32.8.
        var start = new DateOnly(2009, 11, 25);
        var svg = ChartRenderer.Curve("Veldwerk", [.. Enumerable.Range(0, 6).Select(i => (start.AddDays(i), i * 7))])!;

        var labels = Texts(svg);
        string[] days = ["25 nov", "26 nov", "27 nov", "28 nov", "29 nov", "30 nov"];
        Assert.Equal(days, labels.Where(l => l.EndsWith(" nov", StringComparison.Ordinal)).ToArray());
        Assert.DoesNotContain(labels, l => l.Contains('.', StringComparison.Ordinal));
        Assert.All(labels.Where(l => l.Length > 0 && char.IsDigit(l[0]) && !l.EndsWith(" nov", StringComparison.Ordinal)),
            l => Assert.Matches("^[0-9]+$", l));
    }

    [Fact]
    public void A_long_fieldwork_gets_at_most_eight_distinct_day_ticks()
    {
        var start = new DateOnly(2009, 9, 1);
        var svg = ChartRenderer.Curve("Veldwerk", [.. Enumerable.Range(0, 91).Select(i => (start.AddDays(i), i * 1_200))])!;

        var dates = Texts(svg).Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[0-9]{1,2} [a-z]{3}$")).ToList();
        Assert.InRange(dates.Count, 2, 8);
        Assert.Equal(dates.Count, dates.Distinct().Count());
        Assert.Contains(Texts(svg), l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[0-9]{1,3}(\\.[0-9]{3})+$")); // Dutch digit grouping (20.000)
    }

    [Fact]
    public void Nothing_to_draw_gives_no_chart()
    {
        Assert.Null(ChartRenderer.GradeBars("Leeg", []));
        Assert.Null(ChartRenderer.Curve("Leeg", []));
    }

    [Fact]
    public void Value_labels_stand_above_the_interval_whisker()
    {
        // Bar 5,0 with its interval up to 8,0: the label must be drawn higher (smaller y) than the whisker's top.
        var svg = ChartRenderer.GradeBars("Scores", [new ChartBar("Onderdeel", 5.0, 2.0, 8.0)], 400, 400)!;

        var label = System.Text.RegularExpressions.Regex.Match(svg, "<text transform=\"translate\\([0-9.]+ ([0-9.]+)\\)\"[^>]*>\\s*5,0\\s*</text>");
        Assert.True(label.Success, "no value label 5,0");
        var labelY = double.Parse(label.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // The whisker ends at 8,0: the axis tick 8 stands at that height (SVG y grows downwards).
        var tick8 = System.Text.RegularExpressions.Regex.Match(svg, "<text transform=\"translate\\([0-9.]+ ([0-9.]+)\\)\"[^>]*>\\s*8\\s*</text>");
        Assert.True(tick8.Success, "no axis tick 8");
        var whiskerTopY = double.Parse(tick8.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(labelY < whiskerTopY, $"label at y={labelY}, whisker top (8,0) at y={whiskerTopY}");
    }

    private static List<string> Texts(string svg) => [.. Text(svg).Split('\n')];

    /// <summary>The text content of the SVG's text elements, decoded.</summary>
    private static string Text(string svg) => string.Join("\n",
        Regex.Matches(svg, "<text[^>]*>([^<]*)</text>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value.Trim())));
}
