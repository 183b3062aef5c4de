using Klantmeting.Charts;
using Klantmeting.Landkaart;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Klantmeting.Reports;

/// <summary>
/// The tertaal report as a PDF (PDFsharp 6, A4): the same sections, tables, summary and spread charts as the HTML page,
/// every figure through <see cref="ReportText"/> so suppression is the same. Text is real PDF text (DejaVu Sans,
/// embedded), so it can be searched, copied and read back by a screen reader or a text extractor.
/// </summary>
public static class TertaalPdf
{
    private static readonly Lock _fontGate = new();

    /// <summary>Renders <paramref name="report"/> (the whole report or a Werkplein's part).</summary>
    /// <exception cref="FileNotFoundException">The DejaVu fonts are not installed (Debian package fonts-dejavu-core).</exception>
    public static byte[] Render(TertaalReport report, LandkaartDefinition landkaart)
    {
        UseDejaVu();
        using var document = new PdfDocument();
        document.Info.Title = $"Tertaalrapport {report.Tertaal.Name}";
        document.Info.Author = "AKO";
        var flow = new PdfFlow(document);
        flow.Heading($"Tertaalrapport {report.Tertaal.Name}", 16);
        foreach (var r in report.Rounds)
            flow.Paragraph($"Meting {r.Audience}: {r.Round}" + (r.PreviousRound is { } p ? $", vergeleken met {p}." : ", zonder vorige meting."));
        flow.Paragraph($"Cijfers van minder dan {report.MinimumCellSize} respondenten tonen we niet (\"{ReportText.Suppressed}\"). "
            + "\"Hoger\" of \"lager\" betekent een significant verschil (t-toets van Welch, 5%, met Holm-correctie).");
        var before = TertaalSummary.Short(report.Tertaal.Previous, report.Tertaal);
        var now = $"T{report.Tertaal.Number}";
        var first = true;
        foreach (var area in new[] { report.National }.Concat(report.Werkpleinen))
        {
            Area(flow, area, now, before, first);
            if (first)
                Spread(flow, report, landkaart);
            first = false;
        }

        flow.Finish();
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static void Area(PdfFlow flow, ReportArea area, string now, string before, bool national)
    {
        flow.Heading(area.Name, 14);
        flow.Heading("Samenvatting", 11);
        foreach (var line in area.Summary)
            flow.Paragraph("• " + line);
        foreach (var audience in area.Audiences)
        {
            flow.Heading(char.ToUpperInvariant(audience.Audience[0]) + audience.Audience[1..], 11);
            flow.Table([0.28, 0.21, 0.08, 0.21, 0.22], ["Onderdeel", now, "Aantal", before, "Verandering"],
                audience.Measures.Select(m => new[] { m.Name, ReportText.Mean(m.Current), ReportText.N(m.Current), ReportText.Mean(m.Previous), ReportText.Change(m.Change) }));
            if (audience.Breakdowns.Count > 0)
                flow.Table([0.42, 0.24, 0.10, 0.24], ["Groep", now, "Aantal", before],
                    audience.Breakdowns.Select(g => new[] { g.Name, ReportText.Mean(g.Current), ReportText.N(g.Current), ReportText.Mean(g.Previous) }));
            if (audience.Response is { } rate)
                flow.Paragraph($"Respons: {rate.Complete.ToString("N0", ReportText.Dutch)} van de {rate.Eligible.ToString("N0", ReportText.Dutch)} "
                    + $"uitgenodigden vulden de vragenlijst helemaal in ({ReportText.Fraction(rate.Rr1)}).");
        }

        flow.Heading("Landkaart", 11);
        flow.Paragraph($"{(national ? "Landelijk gemiddelde" : "Score")}: {ReportText.Percent(area.LandkaartPercent)} ({before}: {ReportText.Percent(area.PreviousLandkaartPercent)}).");
    }

    /// <summary>The national spread: both charts and the table of counts.</summary>
    private static void Spread(PdfFlow flow, TertaalReport report, LandkaartDefinition landkaart)
    {
        var result = report.Landkaart;
        foreach (var (title, rows) in new[] { ("Spreiding van de niveaus per fase", result.Phases), ("Spreiding van de niveaus per mijlpaal", result.Milestones) })
        {
            if (LandkaartChart.Spread(title, rows, landkaart.Levels) is { } png)
                flow.Image(png, $"{title}. Elk niveau heeft een kleur, een arcering en een letter (R, O, B, G); de tabel geeft dezelfde aantallen.");
        }

        if (result.Milestones.Any(m => m.Total > 0))
            flow.Table([0.40, 0.15, 0.15, 0.15, 0.15], ["Fase of mijlpaal", "rood (R)", "oranje (O)", "blauw (B)", "groen (G)"],
                result.Phases.Concat(result.Milestones).Select(r => new[] { r.Label }.Concat(landkaart.Levels.Select(l => r.Counts.GetValueOrDefault(l.Id).ToString(CultureInfo.InvariantCulture))).ToArray()));
    }

    /// <summary>Sets the DejaVu resolver once per process (PDFsharp refuses a second one after fonts were used).</summary>
    internal static void UseDejaVu()
    {
        lock (_fontGate)
        {
            if (GlobalFontSettings.FontResolver is not DejaVuFontResolver)
                GlobalFontSettings.FontResolver = new DejaVuFontResolver();
        }
    }
}

/// <summary>Resolves every family to DejaVu Sans (regular or bold) from the Debian font folder.</summary>
internal sealed class DejaVuFontResolver : IFontResolver
{
    /// <summary>Where Debian's fonts-dejavu-core installs the fonts.</summary>
    public const string Folder = "/usr/share/fonts/truetype/dejavu";

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        var path = Path.Combine(Folder, faceName + ".ttf");
        return File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new FileNotFoundException($"Het lettertype {faceName} ontbreekt; installeer het Debian-pakket fonts-dejavu-core.", path);
    }
}

/// <summary>Writes top to bottom over A4 pages: headings, wrapped paragraphs, simple tables and images, with page breaks.</summary>
internal sealed class PdfFlow(PdfDocument document)
{
    private const double Margin = 50;
    private XGraphics? _gfx;
    private PdfPage? _page;
    private double _y;

    private double Width
    {
        get
        {
            EnsurePage();
            return _page!.Width.Point - 2 * Margin;
        }
    }

    /// <summary>Closes the drawing of the last page; call before saving.</summary>
    public void Finish()
    {
        EnsurePage();
        _gfx!.Dispose();
        _gfx = null;
    }

    /// <summary>Starts the next text on a new page (nothing when the current page is still empty).</summary>
    public void PageBreak()
    {
        if (_page is null || _y > Margin)
            NewPage();
    }

    public void Heading(string text, double size) => Lines(text, new XFont("DejaVu Sans", size, XFontStyleEx.Bold), Width, 0, before: size / 2);

    public void Paragraph(string text) => Lines(text, new XFont("DejaVu Sans", 9.5, XFontStyleEx.Regular), Width, 0, before: 2);

    /// <summary>A table with relative column widths; the header in bold; each row as high as its longest cell.</summary>
    public void Table(double[] widths, string[] header, IEnumerable<string[]> rows)
    {
        Row(widths, header, new XFont("DejaVu Sans", 8.5, XFontStyleEx.Bold));
        var font = new XFont("DejaVu Sans", 8.5, XFontStyleEx.Regular);
        foreach (var row in rows)
            Row(widths, row, font);
        _y += 6;
    }

    public void Image(byte[] png, string caption)
    {
        using var image = XImage.FromStream(new MemoryStream(png));
        var width = Width;
        var height = width * image.PixelHeight / image.PixelWidth;
        Room(height + 20);
        _gfx!.DrawImage(image, Margin, _y, width, height);
        _y += height + 2;
        Lines(caption, new XFont("DejaVu Sans", 8, XFontStyleEx.Regular), width, 0, before: 0);
    }

    private void Row(double[] widths, string[] cells, XFont font)
    {
        EnsurePage();
        var wrapped = cells.Select((c, i) => Wrap(c, font, widths[i] * Width - 4)).ToList();
        var height = wrapped.Max(w => w.Count) * font.GetHeight() + 4;
        Room(height);
        var x = Margin;
        for (var i = 0; i < cells.Length; i++)
        {
            for (var l = 0; l < wrapped[i].Count; l++)
                _gfx!.DrawString(wrapped[i][l], font, XBrushes.Black, new XRect(x + 2, _y + 2 + l * font.GetHeight(), widths[i] * Width - 4, font.GetHeight()), XStringFormats.TopLeft);
            x += widths[i] * Width;
        }

        _y += height;
        _gfx!.DrawLine(XPens.LightGray, Margin, _y, Margin + Width, _y);
    }

    private void Lines(string text, XFont font, double width, double indent, double before)
    {
        EnsurePage();
        _y += before;
        foreach (var line in Wrap(text, font, width - indent))
        {
            Room(font.GetHeight());
            _gfx!.DrawString(line, font, XBrushes.Black, new XRect(Margin + indent, _y, width - indent, font.GetHeight()), XStringFormats.TopLeft);
            _y += font.GetHeight();
        }
    }

    /// <summary>Words over lines no wider than <paramref name="width"/>.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        EnsurePage();
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && _gfx!.MeasureString(candidate, font).Width > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        lines.Add(line);
        return lines;
    }

    /// <summary>Starts a new page when <paramref name="height"/> does not fit on this one.</summary>
    private void Room(double height)
    {
        if (_y + height > _page!.Height.Point - Margin)
            NewPage();
    }

    private void EnsurePage()
    {
        if (_page is null)
            NewPage();
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }
}
