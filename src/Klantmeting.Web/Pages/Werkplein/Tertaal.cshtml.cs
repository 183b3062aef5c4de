using Klantmeting.Reports;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TertaalPeriod = Klantmeting.Landkaart.Tertaal;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>A Werkplein's part of the tertaal report (its own figures and the national ones), as HTML and PDF.</summary>
public class TertaalModel(IWerkpleinAccess access, TertaalReportService reports, Klantmeting.Landkaart.LandkaartDefinition landkaart) : PageModel
{
    public WerkpleinEntity Werkplein { get; private set; } = null!;

    public TertaalReport Report { get; private set; } = null!;

    public TertaalView View => new(Report, $"/werkplein/{Uri.EscapeDataString(Werkplein.Code)}/tertaal/{Report.Tertaal.Key}");

    public async Task<IActionResult> OnGetAsync(string code, string tertaal, CancellationToken ct) =>
        await LoadAsync(code, tertaal, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPdfAsync(string code, string tertaal, CancellationToken ct) =>
        await LoadAsync(code, tertaal, ct) ? TertaalReportFiles.Pdf(this, Report, landkaart, Werkplein.Code) : NotFound();

    public async Task<IActionResult> OnGetSpreidingAsync(string code, string tertaal, string? soort, CancellationToken ct) =>
        await LoadAsync(code, tertaal, ct) ? TertaalReportFiles.Spread(this, Report, landkaart, soort) : NotFound();

    /// <summary>The access check decides the Werkplein; the report is cut to its part before anything is shown.</summary>
    private async Task<bool> LoadAsync(string code, string tertaal, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is not { } werkplein || TertaalPeriod.Parse(tertaal) is not { } period)
            return false;
        Werkplein = werkplein;
        Report = (await reports.BuildAsync(period, ct)).ForWerkplein(werkplein.Code);
        return true;
    }
}
