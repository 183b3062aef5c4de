using Klantmeting.Responses;
using Klantmeting.Surveys;
using Klantmeting.Web.Pages.Respond;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Vragenlijsten;

/// <summary>
/// The questionnaire exactly as a respondent walks through it (the answering page's own partials and checks), without
/// a token. It has no database access at all: what is posted is checked, shown again when wrong, and then forgotten.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public class VoorbeeldModel(ISurveyCatalog surveys) : PageModel
{
    /// <summary>Value of <c>stap</c> for the page a respondent sees after sending.</summary>
    public const string EndStep = "einde";

    public ResponseSteps Steps { get; private set; } = null!;

    /// <summary>The step shown; null for the end page.</summary>
    public int? Step { get; private set; }

    public IReadOnlyList<StepError> Errors { get; private set; } = [];

    /// <summary>What was posted, shown again when it had errors.</summary>
    public StepInput? Posted { get; private set; }

    public string Self { get; private set; } = "";

    public IActionResult OnGet(string id, string? stap)
    {
        if (!Load(id))
        {
            return NotFound();
        }

        Step = stap == EndStep ? null
            : int.TryParse(stap, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) && Steps.IsValid(s) ? s
            : ResponseSteps.Intro;
        return Page();
    }

    public IActionResult OnPost(string id, int? stap, string? actie)
    {
        if (!Load(id))
        {
            return NotFound();
        }

        if (stap is not { } step || !Steps.IsValid(step))
        {
            return BadRequest();
        }

        if (actie == "verzenden" && step == Steps.Check)
        {
            return Redirect(Self + "?stap=" + EndStep);
        }

        var back = actie == "vorige";
        var input = RespondStepView.ReadInput(Request.Form, Steps, step);
        // The same checks the answering page makes before it saves (ResponseService.SaveStepAsync); nothing is saved here.
        var errors = ResponseService.Validate(Steps, step, input, gradeRequired: step == Steps.Grade && !back);
        if (errors.Count > 0)
        {
            Step = step;
            Errors = errors;
            Posted = step == Steps.Check ? null : input;
            return Page();
        }

        var next = back ? Math.Max(step - 1, 0) : Math.Min(step + 1, Steps.Check);
        return Redirect(Self + "?stap=" + next.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>What the shared step partial draws: nothing saved, so only what was just posted after an error.</summary>
    public RespondStepView View => new()
    {
        Steps = Steps,
        Step = Step ?? Steps.Check,
        FormAction = Self,
        Errors = Errors,
        ValueOf = itemId => ResponseService.ParseAnswer(Posted?.Answers.GetValueOrDefault(itemId)),
        GradeShown = ResponseService.ParseGrade(Posted?.Grade),
        CommentShown = Posted?.Comment,
    };

    private bool Load(string id)
    {
        if (surveys.Find(id) is not { } survey)
        {
            return false;
        }

        Steps = new ResponseSteps(survey);
        Self = QuestionnaireRounds.PathOf(id) + "/voorbeeld";
        return true;
    }
}
