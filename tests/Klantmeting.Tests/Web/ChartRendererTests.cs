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

    /// <summary>The text content of the SVG's text elements, decoded.</summary>
    private static string Text(string svg) => string.Join("\n",
        Regex.Matches(svg, "<text[^>]*>([^<]*)</text>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value.Trim())));
}
