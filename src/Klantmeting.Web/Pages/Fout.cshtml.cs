using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages;

/// <summary>Friendly error page; says nothing about why a link does not work.</summary>
[IgnoreAntiforgeryToken]
public class FoutModel : PageModel
{
    public string Title { get; private set; } = "Er ging iets mis";

    public string Message { get; private set; } = "Probeer het later nog eens.";

    public void OnGet(int? code) => Set(code);

    public void OnPost(int? code) => Set(code);

    private void Set(int? code)
    {
        if (code == 404)
        {
            Title = "Deze pagina bestaat niet";
            Message = "Controleer of u de hele link uit de e-mail heeft gebruikt.";
        }
        else if (code == Klantmeting.Web.Infrastructure.ReportPages.TimeoutStatus)
        {
            Title = "Het rapport duurde te lang";
            Message = "De database gaf niet op tijd antwoord. Probeer het over een paar minuten opnieuw. " +
                "Gebeurt dit vaker, meld het dan aan de beheerder.";
        }
    }
}
