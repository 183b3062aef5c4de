using Klantmeting.Responses;
using Klantmeting.Surveys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Respond;

/// <summary>
/// The test link of a test invitation (<c>/v/test-{questionnaire}</c>): the questionnaire's pages as a respondent
/// sees them, with a banner; it has no form that posts, so nothing is ever saved.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class TestModel(ISurveyCatalog surveys) : PageModel
{
    public ResponseSteps Steps { get; private set; } = null!;

    public int Step { get; private set; }

    public string Questionnaire { get; private set; } = "";

    public IActionResult OnGet(string questionnaire, int? stap)
    {
        if (surveys.Find(questionnaire) is not { } survey)
        {
            return NotFound();
        }

        Questionnaire = questionnaire;
        Steps = new ResponseSteps(survey);
        // Only the intro and the statement pages: the last steps would look like sending.
        Step = stap is { } s && s >= ResponseSteps.Intro && s <= survey.Principles.Count ? s : ResponseSteps.Intro;
        return Page();
    }
}
