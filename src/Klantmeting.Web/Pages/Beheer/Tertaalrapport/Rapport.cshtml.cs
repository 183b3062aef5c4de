using Klantmeting.Reports;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TertaalPeriod = Klantmeting.Landkaart.Tertaal;

namespace Klantmeting.Web.Pages.Beheer.Tertaalrapport;

/// <summary>The whole tertaal report for the AKO: Nederland and every Werkplein; as HTML, PDF, and its spread chart.</summary>
public class RapportModel(TertaalReportService reports, Klantmeting.Landkaart.LandkaartDefinition landkaart) : PageModel
{
    public TertaalReport Report { get; private set; } = null!;

    public TertaalView View => new(Report, $"/beheer/tertaal/{Report.Tertaal.Key}");

    public async Task<IActionResult> OnGetAsync(string tertaal, CancellationToken ct) =>
        await LoadAsync(tertaal, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPdfAsync(string tertaal, CancellationToken ct) =>
        await LoadAsync(tertaal, ct) ? TertaalReportFiles.Pdf(this, Report, landkaart, "landelijk") : NotFound();

    public async Task<IActionResult> OnGetSpreidingAsync(string tertaal, string? soort, CancellationToken ct) =>
        await LoadAsync(tertaal, ct) ? TertaalReportFiles.Spread(this, Report, landkaart, soort) : NotFound();

    private async Task<bool> LoadAsync(string tertaal, CancellationToken ct)
    {
        if (TertaalPeriod.Parse(tertaal) is not { } period)
            return false;
        Report = await reports.BuildAsync(period, ct);
        return true;
    }
}
