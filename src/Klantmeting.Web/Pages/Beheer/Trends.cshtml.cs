using Klantmeting.Results;
using Klantmeting.Trends;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer;

/// <summary>
/// Trends for administrators (folder convention /Beheer): per audience the overall grade, the principles and the
/// breakdown groups of one Werkplein or of heel Nederland over every round that is not a draft.
/// </summary>
public class TrendsModel(TrendService trends) : PageModel
{
    /// <summary>The Werkplein shown (code), or <c>NL</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "werkplein")]
    public string Scope { get; set; } = ResultKeys.National;

    public IReadOnlyList<Klantmeting.Werkpleinen.Werkplein> Werkpleinen { get; private set; } = [];

    public IReadOnlyList<TrendView> Views { get; private set; } = [];

    public string ScopeName { get; private set; } = "Nederland";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Werkpleinen = await trends.WerkpleinenAsync(ct);
        if (Scope == ResultKeys.National)
        {
            Views = [.. (await trends.NationalAsync(closedOnly: false, includeGroups: true, ct)).Select(t => TrendView.For(t, ScopeName, "trend", 2))];
            return Page();
        }

        if (Werkpleinen.FirstOrDefault(w => w.Code == Scope) is not { } werkplein)
        {
            return NotFound();
        }

        ScopeName = werkplein.Name;
        Views = [.. (await trends.ForWerkpleinAsync(werkplein, ct)).Select(t => TrendView.For(t, werkplein.Name, "trend", 2))];
        return Page();
    }
}
