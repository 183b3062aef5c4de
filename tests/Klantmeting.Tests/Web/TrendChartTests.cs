using Klantmeting.Web.Charts;

namespace Klantmeting.Tests.Web;

/// <summary>Trend lines break at a redefinition and at a gap, and the chart says so in its legend.</summary>
public sealed class TrendChartTests
{
    private static readonly string[] _periods = ["Najaar 2007", "Najaar 2009", "Voorjaar 2010", "Najaar 2010"];

    private static ChartInterval Point(double mean) => new("x", mean, mean - 0.2, mean + 0.2);

    [Fact]
    public void No_line_is_drawn_across_a_break_or_a_gap()
    {
        var series = new BrokenTrendSeries("Maatwerk", [Point(6.6), Point(7.0), Point(7.1), null], [false, true, false, false]);

        Assert.Equal([[0], [1, 2]], TrendChart.Runs(series).Select(r => r.ToList()).ToList());
        Assert.Equal([[0, 1], [3]], TrendChart.Runs(new BrokenTrendSeries("a", [Point(6), Point(7), null, Point(8)], [false, false, false, false]))
            .Select(r => r.ToList()).ToList());
    }

    [Fact]
    public void The_chart_marks_the_break_in_its_legend_with_dutch_ticks()
    {
        var svg = TrendChart.Render("Principes per meetronde", _periods,
            [new BrokenTrendSeries("Maatwerk", [Point(6.6), Point(7.0), Point(7.1), Point(7.4)], [false, true, false, false])])!;

        Assert.Contains("viewBox=\"0 0 720 360\"", svg, StringComparison.Ordinal);
        Assert.Contains("Breuk: anders gemeten", svg, StringComparison.Ordinal);
        Assert.Contains("6,5", svg, StringComparison.Ordinal);
        Assert.Null(TrendChart.Render("Leeg", _periods, [new BrokenTrendSeries("a", [null, null, null, null], [false, false, false, false])]));
    }
}
