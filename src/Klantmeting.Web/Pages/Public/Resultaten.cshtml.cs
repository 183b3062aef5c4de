using Klantmeting.Publication;
using Klantmeting.Web.Charts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Public;

/// <summary>
/// The public national results (no sign-in): per audience the latest closed round, overall and per principle. It is
/// built only on <see cref="NationalResultsService"/>, which returns national cells only: no Werkplein detail.
/// </summary>
[AllowAnonymous]
public class ResultatenModel(NationalResultsService national, NationalBreakdownsService breakdowns) : PageModel
{
    public IReadOnlyList<NationalResults> Results { get; private set; } = [];

    /// <summary>Whisker chart (SVG) per audience that has figures.</summary>
    public Dictionary<string, string> Charts { get; } = [];

    /// <summary>The national breakdowns per audience (partial <c>_NationalBreakdowns</c>).</summary>
    public Dictionary<string, IReadOnlyList<NationalBreakdown>> Breakdowns { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Results = await national.LatestClosedAsync(ct);
        foreach (var result in Results)
        {
            Breakdowns[result.Audience] = await breakdowns.ForAsync(result, ct);
        }

        foreach (var result in Results.Where(r => r.Round is not null))
        {
            var items = result.Measures
                .Where(m => m.Cell is { Suppressed: false, Mean: not null, CiLow: not null, CiHigh: not null })
                .Select(m => new ChartInterval(m.Name, m.Cell.Mean!.Value, m.Cell.CiLow!.Value, m.Cell.CiHigh!.Value))
                .ToList();
            if (items.Count > 0)
            {
                Charts[result.Audience] = ChartRenderer.Whiskers($"{AudienceTitle(result.Audience)}: cijfer met 95%-interval", items);
            }
        }
    }

    public static string AudienceTitle(string audience) => audience switch
    {
        "werkzoekenden" => "Werkzoekenden",
        "werkgevers" => "Werkgevers",
        _ => audience,
    };
}
