using Klantmeting.Charts;
using Klantmeting.Landkaart;
using SkiaSharp;

namespace Klantmeting.Tests.Charts;

/// <summary>The Landkaart spread chart: a PNG of the expected size, the four colours, and text drawn (fonts present).</summary>
public sealed class LandkaartChartTests
{
    private static readonly LandkaartLevel[] _levels =
    [
        new("rood", "niet gerealiseerd", "rood", 0),
        new("oranje", "in ontwikkeling", "oranje", 1),
        new("blauw", "gedeeltelijk gerealiseerd", "blauw", 2),
        new("groen", "volledig gerealiseerd", "groen", 3),
    ];

    private static LevelSpread Row(string label, int r, int o, int b, int g) =>
        new(label, new Dictionary<string, int> { ["rood"] = r, ["oranje"] = o, ["blauw"] = b, ["groen"] = g });

    [Fact]
    public void Spread_is_a_png_with_every_colour_and_drawn_text()
    {
        // DejaVu Sans must be installed (infra/prereqs.sh): without it ScottPlot draws no text and says nothing.
        Assert.True(File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), "fonts-dejavu-core is not installed");
        var png = LandkaartChart.Spread("Spreiding per fase", [Row("Fase 1 Samenwerking starten", 1, 1, 1, 1), Row("Fase 2 Visie ontwikkelen", 0, 0, 2, 2)], _levels);

        Assert.NotNull(png);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(900, bitmap.Width);
        Assert.Equal(170 + 36 * 2, bitmap.Height);
        var pixels = bitmap.Pixels;
        foreach (var hex in new[] { "#c0392b", "#e8892b", "#3d7cc9", "#3a9a5b" })
        {
            var colour = SKColor.Parse(hex);
            Assert.True(pixels.Count(p => p == colour) > 200, $"colour {hex} missing");
        }

        // The row labels sit left of the plot: text means dark pixels there (with no font, that margin is empty).
        var dark = 0;
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < 150; x++)
                dark += bitmap.GetPixel(x, y).Red < 128 ? 1 : 0;
        Assert.True(dark > 300, $"only {dark} dark pixels in the label margin: no font?");
    }

    [Fact]
    public void No_answers_gives_no_chart()
    {
        Assert.Null(LandkaartChart.Spread("Leeg", [Row("Fase 1", 0, 0, 0, 0)], _levels));
    }

    [Fact]
    public void Letters_name_each_level_without_colour()
    {
        Assert.Equal(["R", "O", "B", "G"], _levels.Select(l => LandkaartChart.Letter(l.Id)));
    }
}
