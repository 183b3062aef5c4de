using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Werkpleinen;

/// <summary>Edits one Werkplein's code, name and region with <see cref="WerkpleinService.UpdateAsync"/> (as <c>werkpleinen update</c>).</summary>
public class WerkpleinModel(WerkpleinService werkpleinen) : PageModel
{
    public WerkpleinSummary Werkplein { get; private set; } = null!;

    [BindProperty(Name = "code")]
    public string? NewCode { get; set; }

    [BindProperty(Name = "naam")]
    public string? Name { get; set; }

    [BindProperty(Name = "regio")]
    public string? Region { get; set; }

    /// <summary>The service's refusal, shown above the form.</summary>
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromRoute] string code, CancellationToken ct)
    {
        if (await werkpleinen.FindAsync(code, ct) is not { } found)
        {
            return NotFound();
        }

        Werkplein = found;
        (NewCode, Name, Region) = (found.Code, found.Name, found.Region);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromRoute] string code, CancellationToken ct)
    {
        if (await werkpleinen.FindAsync(code, ct) is not { } found)
        {
            return NotFound();
        }

        try
        {
            var saved = await werkpleinen.UpdateAsync(code, NewCode ?? "", Name ?? "", Region, ct);
            return Redirect($"/beheer/werkpleinen?gewijzigd={Uri.EscapeDataString(saved.Code)}");
        }
        catch (WerkpleinException e)
        {
            Werkplein = found;
            Error = e.Message;
            return Page();
        }
    }
}
