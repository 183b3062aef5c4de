using Klantmeting.Landkaart;
using Klantmeting.Reports;
using Klantmeting.Web.Charts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Shared;

/// <summary>The downloads of a tertaal report page: the PDF and the spread chart (both from what the page may show).</summary>
public static class TertaalReportFiles
{
    /// <summary>The PDF of <paramref name="report"/>, named after the tertaal and <paramref name="part"/> (landelijk or a Werkplein code).</summary>
    public static IActionResult Pdf(PageModel page, TertaalReport report, LandkaartDefinition landkaart, string part)
    {
        var safe = new string([.. part.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')]);
        return page.File(TertaalPdf.Render(report, landkaart), "application/pdf", $"tertaalrapport-{report.Tertaal.Key}-{safe}.pdf");
    }

    /// <summary>The national spread chart of the report's tertaal.</summary>
    public static IActionResult Spread(PageModel page, TertaalReport report, LandkaartDefinition landkaart, string? kind) =>
        SpreadImage.File(page, report.Landkaart, kind, landkaart);
}
