using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Web.Charts;

namespace Klantmeting.Tests.Web;

/// <summary>The ranking chart of the benchmark page: the own Werkplein marked in words and shape, Dutch ticks, nothing drawn without rows.</summary>
public sealed partial class RankingChartTests
{
    [Fact]
    public void The_own_werkplein_is_marked_by_a_label_and_a_legend_not_by_colour_alone()
    {
        var svg = ChartRenderer.Ranking("Rapportcijfer totaal",
        [
            new RankingRow("1.", 7.4, 7.1, 7.7, IsOwn: false),
            new RankingRow("2.", 7.0, 6.6, 7.4, IsOwn: true),
            new RankingRow("3.", 6.5, 6.0, 7.0, IsOwn: false),
        ], national: 6.9)!;

        Assert.Contains("viewBox=\"0 0 720 ", svg, StringComparison.Ordinal);
        var text = WebUtility.HtmlDecode(TextRegex().Replace(svg, " "));
        Assert.Contains("2. (dit Werkplein)", text, StringComparison.Ordinal);
        Assert.Contains("Dit Werkplein (ook gemarkeerd met een band)", text, StringComparison.Ordinal);
        Assert.Contains("Andere Werkpleinen", text, StringComparison.Ordinal);
        Assert.Contains("Nederland", text, StringComparison.Ordinal);
        Assert.Contains("6,5", text, StringComparison.Ordinal);
        Assert.DoesNotContain("6.5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_rows_draw_no_chart()
    {
        Assert.Null(ChartRenderer.Ranking("Rapportcijfer totaal", [], national: 7.0));
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TextRegex();
}
