using Klantmeting.Charts;
using Klantmeting.Landkaart;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Charts;

/// <summary>The Landkaart spread chart as a PNG response, shared by the AKO's and the Werkplein's Landkaart pages.</summary>
public static class SpreadImage
{
    /// <summary>Title of the chart per kind (also the start of its text alternative).</summary>
    public static string Title(string kind) => kind == "fase" ? "Spreiding van de niveaus per fase" : "Spreiding van de niveaus per mijlpaal";

    /// <summary>The PNG of the phases (<paramref name="kind"/> <c>fase</c>) or milestones (<c>mijlpaal</c>); 404 for another kind or no answers.</summary>
    public static IActionResult File(PageModel page, LandkaartTertaalResult result, string? kind, LandkaartDefinition definition)
    {
        var rows = kind switch { "fase" => result.Phases, "mijlpaal" => result.Milestones, _ => null };
        if (rows is null || LandkaartChart.Spread($"{Title(kind!)}, {result.Tertaal.Name}", rows, definition.Levels) is not { } png)
            return page.NotFound();
        return page.File(png, "image/png");
    }
}

/// <summary>
/// The spread of one tertaal on a page (partial <c>_LandkaartSpread</c>): the chart per phase and per milestone as
/// images with a text alternative, and the table with the same counts beside them.
/// </summary>
/// <param name="Result">The tertaal's results.</param>
/// <param name="ImageUrl">Address of the PNG handler without <c>soort</c>, ending in a query (…?handler=Spreiding&amp;tertaal=2009-T2).</param>
public sealed record LandkaartSpreadView(LandkaartTertaalResult Result, string ImageUrl);
