using Klantmeting.Reports;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TertaalPeriod = Klantmeting.Landkaart.Tertaal;

namespace Klantmeting.Web.Pages.Beheer.Tertaalrapport;

/// <summary>The tertalen that have a report: a closed round or an accepted Landkaart.</summary>
public class IndexModel(TertaalReportService reports) : PageModel
{
    public IReadOnlyList<TertaalPeriod> Tertalen { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Tertalen = await reports.ListAsync(ct);
}
