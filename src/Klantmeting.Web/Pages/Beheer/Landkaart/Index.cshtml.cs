using Klantmeting.Landkaart;
using Klantmeting.Web.Charts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Landkaart;

/// <summary>The AKO's overview of one tertaal: every Werkplein's submission and state, and the results of the accepted ones.</summary>
public class IndexModel(LandkaartService landkaart, LandkaartResults results) : PageModel
{
    public Tertaal Tertaal { get; private set; }

    public IReadOnlyList<(Klantmeting.Werkpleinen.Werkplein Werkplein, LandkaartSubmission? Submission)> Rows { get; private set; } = [];

    public LandkaartTertaalResult Result { get; private set; } = null!;

    public IReadOnlyList<NationalLandkaartPoint> Series { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? tertaal, CancellationToken ct)
    {
        if (tertaal is not null && Tertaal.Parse(tertaal) is null)
            return NotFound();
        Tertaal = Tertaal.Parse(tertaal) ?? landkaart.Current;
        var submissions = await landkaart.ListAsync(Tertaal, ct);
        var werkpleinen = await landkaart.WerkpleinenAsync(ct);
        Rows = [.. werkpleinen.Select(w => (w, submissions.FirstOrDefault(s => s.WerkpleinId == w.Id)))];
        Result = await results.ForTertaalAsync(Tertaal, ct);
        Series = await results.NationalSeriesAsync(ct);
        return Page();
    }

    /// <summary>The spread chart as PNG: <paramref name="soort"/> is <c>fase</c> or <c>mijlpaal</c>.</summary>
    public async Task<IActionResult> OnGetSpreidingAsync(string? tertaal, string? soort, CancellationToken ct)
    {
        if (Tertaal.Parse(tertaal) is not { } period)
            return NotFound();
        var result = await results.ForTertaalAsync(period, ct);
        return SpreadImage.File(this, result, soort, landkaart.Definition);
    }
}
