using Klantmeting.Trends;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Klantmeting.Web.Pages.Public;

/// <summary>
/// The national history on the public results page: per audience the overall grade and each principle over every
/// closed round, with the breaks. Only NL cells (<see cref="TrendService.NationalAsync"/>): no Werkplein detail.
/// A block of its own, so the page model stays as it is.
/// </summary>
public sealed class NationalTrendsViewComponent(TrendService trends) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var national = await trends.NationalAsync(closedOnly: true, includeGroups: false, HttpContext.RequestAborted);
        return View(national.Select(t => TrendView.For(t, "Nederland", "geschiedenis", 3)).ToList());
    }
}
