using Klantmeting.Infrastructure.Data;
using Klantmeting.Paper;
using Klantmeting.Surveys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>
/// Entering the answers of returned paper questionnaires: find the participant by the response code, then type the
/// answers (1-5, 0 for weet niet, empty for none), the grade and the comment. Stored as a complete response with
/// mode papier by <see cref="PaperService.EnterAsync"/>; a second entry for the same participant is refused.
/// </summary>
public class InvoerModel(KlantmetingDbContext db, PaperService paper) : PageModel
{
    /// <summary>Prefix of the answer fields: <c>antwoord[maatwerk.1]</c>.</summary>
    public const string AnswerPrefix = "antwoord[";

    public string Name { get; private set; } = "";

    public PaperRound? Paper { get; private set; }

    /// <summary>The code as typed; the answer form is shown once it is found.</summary>
    public string? Code { get; private set; }

    public PaperParticipant? Participant { get; private set; }

    /// <summary>The ref whose answers were just stored (after the redirect).</summary>
    public string? Saved { get; private set; }

    /// <summary>What was typed, shown again when something is wrong.</summary>
    public PaperInput Input { get; private set; } = new(new Dictionary<string, string?>(), null, null);

    public async Task<IActionResult> OnGetAsync(string name, [FromQuery(Name = "opgeslagen")] string? saved, CancellationToken ct)
    {
        Saved = saved;
        return await LoadAsync(name, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostFindAsync(string name, [FromForm(Name = "code")] string? code, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        Code = code;
        if (Paper is null)
        {
            return Page();
        }

        var found = await paper.FindAsync(Paper, code, ct);
        Show(found);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string name, [FromForm(Name = "code")] string? code, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        Code = code;
        if (Paper is null)
        {
            return Page();
        }

        var answers = Request.Form.Keys.Where(k => k.StartsWith(AnswerPrefix, StringComparison.Ordinal) && k.EndsWith(']'))
            .ToDictionary(k => k[AnswerPrefix.Length..^1], k => (string?)Request.Form[k].ToString(), StringComparer.Ordinal);
        Input = new PaperInput(answers, Request.Form[SurveyDefinition.GradeItemId], Request.Form[SurveyDefinition.OpenItemId]);
        var outcome = await paper.EnterAsync(Paper, code, Input, ct);
        if (outcome.Saved)
        {
            return Redirect($"/beheer/rondes/{Uri.EscapeDataString(name)}/invoer?opgeslagen={Uri.EscapeDataString(outcome.Participant!.Ref)}");
        }

        Show(outcome);
        return Page();
    }

    /// <summary>The id of a statement's field.</summary>
    public static string FieldId(string itemId) => "a-" + itemId;

    /// <summary>What was typed for a statement.</summary>
    public string? Typed(string itemId) => Input.Answers.TryGetValue(itemId, out var value) ? value : null;

    private void Show(PaperOutcome outcome)
    {
        if (outcome.CodeError is { } error)
        {
            ModelState.AddModelError("code", error);
            return;
        }

        Participant = outcome.Participant;
        foreach (var e in outcome.Errors)
        {
            var key = e.ItemId switch
            {
                null => "",
                SurveyDefinition.GradeItemId => "cijfer",
                SurveyDefinition.OpenItemId => "toelichting",
                var id => FieldId(id),
            };
            ModelState.AddModelError(key, e.Message);
        }
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        if (!await db.Rounds.AsNoTracking().AnyAsync(r => r.Name == name, ct))
        {
            return false;
        }

        Name = name;
        Paper = await paper.FindRoundAsync(name, ct);
        return true;
    }
}
