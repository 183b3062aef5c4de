using Klantmeting.Responses;
using Klantmeting.Surveys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Respond;

/// <summary>The questionnaire behind a personal link <c>/v/{token}</c>: one page per step, saved on every post.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(ResponseService responses) : PageModel
{
    /// <summary>Form field name of a statement: <c>antwoord[maatwerk.2]</c>.</summary>
    public const string AnswerPrefix = "antwoord[";

    /// <summary>Answer values in the order they are shown, with their labels.</summary>
    public static IReadOnlyList<(int Value, string Label)> Scale { get; } =
    [
        (1, "Helemaal mee oneens"),
        (2, "Mee oneens"),
        (3, "Neutraal"),
        (4, "Mee eens"),
        (5, "Helemaal mee eens"),
        (Answer.DontKnow, "Weet niet / niet van toepassing"),
    ];

    public RespondentSession Session { get; private set; } = null!;

    public string Token { get; private set; } = "";

    /// <summary>The step shown.</summary>
    public int Step { get; private set; }

    public IReadOnlyList<StepError> Errors { get; private set; } = [];

    /// <summary>What was posted, shown again when it had errors (so nothing typed is lost).</summary>
    public StepInput? Posted { get; private set; }

    public ResponseSteps Steps => Session.Steps;

    public async Task<IActionResult> OnGetAsync(string token, int? stap, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct))
        {
            return NotFound();
        }

        Step = stap is { } s && Steps.IsValid(s) ? s : Session.ResumeStep;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, int? stap, string? actie, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct))
        {
            return NotFound();
        }

        if (stap is not { } step || !Steps.IsValid(step))
        {
            return BadRequest();
        }

        Step = step;
        var outcome = actie == "verzenden" && step == Steps.Check
            ? await responses.CompleteAsync(Session, ct)
            : await responses.SaveStepAsync(Session, step, actie == "vorige" ? Math.Max(step - 1, 0) : Math.Min(step + 1, Steps.Check), ReadInput(step), ct);
        switch (outcome.Kind)
        {
            case StepOutcomeKind.Saved:
            case StepOutcomeKind.Completed:
                return RedirectToPage(new { token, stap = (int?)null });
            case StepOutcomeKind.Invalid:
                Errors = outcome.Errors;
                Posted = step == Steps.Check ? null : ReadInput(step);
                return Page();
            default:
                // Refused (already submitted or round closed): show why, store nothing.
                await LoadAsync(token, ct);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
        }
    }

    /// <summary>What the shared step partial draws: as posted after an error, else as saved.</summary>
    public RespondStepView View => RespondStepView.OfResponse(Session, Step, Posted, Errors, Url.Page("/Respond/Index", new { token = Token }) ?? "");

    /// <summary>HTML id of one option of a statement.</summary>
    public static string InputId(string itemId, int value) => $"st-{itemId}-{value}";

    public static string LabelOf(int value) => Scale.FirstOrDefault(s => s.Value == value).Label ?? "";

    private async Task<bool> LoadAsync(string token, CancellationToken ct)
    {
        // Personal answers: never cached, and the token in the URL is never sent on as a referrer.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        var session = await responses.FindAsync(token, ct);
        if (session is null)
        {
            return false;
        }

        Session = session;
        Token = token;
        return true;
    }

    private StepInput ReadInput(int step) => RespondStepView.ReadInput(Request.Form, Steps, step);
}
