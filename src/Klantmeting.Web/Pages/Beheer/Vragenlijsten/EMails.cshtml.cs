using Klantmeting.Invitations;
using Klantmeting.Surveys;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Vragenlijsten;

/// <summary>
/// The invitation and the reminders of a questionnaire as the dispatcher renders them, with a sample Werkplein and a
/// link that is no token. The HTML part is shown in a sandboxed frame (handler <c>Html</c>), the text part as text.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public class EMailsModel(ISurveyCatalog surveys, InvitationEmailPreview preview, TimeProvider clock) : PageModel
{
    /// <summary>The previews in the order shown: query value, kind, label.</summary>
    public static IReadOnlyList<(string Key, PreviewEmailKind Kind, string Label)> Kinds { get; } =
    [
        ("uitnodiging", PreviewEmailKind.Invitation, "Uitnodiging"),
        ("herinnering", PreviewEmailKind.Reminder, "Herinnering (nog niet begonnen)"),
        ("verder", PreviewEmailKind.ReminderToContinue, "Herinnering (begonnen, niet verstuurd)"),
    ];

    public SurveyDefinition Survey { get; private set; } = null!;

    public string Kind { get; private set; } = "";

    public PreviewEmail Email { get; private set; } = null!;

    /// <summary>The sample closing date: four weeks from today.</summary>
    public DateOnly ClosesOn => Dutch.Day(clock.GetUtcNow().UtcDateTime).AddDays(28);

    public async Task<IActionResult> OnGetAsync(string id, string? soort) =>
        await LoadAsync(id, soort) ? Page() : NotFound();

    /// <summary>The HTML part alone, for the sandboxed frame.</summary>
    public async Task<IActionResult> OnGetHtmlAsync(string id, string? soort)
    {
        if (!await LoadAsync(id, soort))
        {
            return NotFound();
        }

        EmailFrame.Mark(HttpContext);
        return Content(Email.Html, "text/html; charset=utf-8");
    }

    private async Task<bool> LoadAsync(string id, string? soort)
    {
        if (surveys.Find(id) is not { } survey)
        {
            return false;
        }

        var kind = Kinds.FirstOrDefault(k => k.Key == (soort ?? Kinds[0].Key));
        if (kind.Key is null)
        {
            return false;
        }

        Survey = survey;
        Kind = kind.Key;
        Email = await preview.RenderAsync(id, kind.Kind, ClosesOn);
        return true;
    }
}
