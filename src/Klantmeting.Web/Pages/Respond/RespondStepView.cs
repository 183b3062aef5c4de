using Klantmeting.Responses;
using Klantmeting.Surveys;
using Microsoft.AspNetCore.Http;

namespace Klantmeting.Web.Pages.Respond;

/// <summary>
/// What the shared respondent partials (<c>_Step</c>, <c>_StepBody</c>, <c>_Thanks</c>) need to draw one step. The
/// answering page, the test link and the administrator's preview all fill it, so the three can never look different.
/// </summary>
public sealed class RespondStepView
{
    /// <summary>The steps of the questionnaire.</summary>
    public required ResponseSteps Steps { get; init; }

    /// <summary>The step shown.</summary>
    public required int Step { get; init; }

    /// <summary>
    /// True on the telephone interview screen: the texts in interviewer wording where the survey file gives it
    /// (<c>interviewer_text</c>), a hint to read them out, and the button "Onderbreken".
    /// </summary>
    public bool Interviewer { get; init; }

    /// <summary>Where the step's form posts to.</summary>
    public string FormAction { get; init; } = "";

    /// <summary>Problems with what was posted.</summary>
    public IReadOnlyList<StepError> Errors { get; init; } = [];

    /// <summary>The value shown as chosen for a statement (as posted after an error, else as saved).</summary>
    public Func<string, int?> ValueOf { get; init; } = _ => null;

    /// <summary>The grade shown as chosen on the grade step.</summary>
    public int? GradeShown { get; init; }

    /// <summary>The comment shown on the grade step.</summary>
    public string? CommentShown { get; init; }

    /// <summary>The saved answer to a statement, for the check step.</summary>
    public Func<string, int?> SavedAnswer { get; init; } = _ => null;

    /// <summary>The saved grade, for the check step.</summary>
    public int? SavedGrade { get; init; }

    /// <summary>The saved comment, for the check step.</summary>
    public string? SavedComment { get; init; }

    /// <summary>The questionnaire.</summary>
    public SurveyDefinition Survey => Steps.Survey;

    /// <summary>The introduction to show: the interviewer's wording on the interview screen when the file gives one.</summary>
    public string Introduction => Interviewer && Survey.InterviewerIntroduction is { } spoken ? spoken : Survey.Introduction;

    /// <summary>The description of a principle to show, in interviewer wording on the interview screen when given.</summary>
    public string DescriptionOf(Principle principle) =>
        Interviewer && principle.InterviewerDescription is { } spoken ? spoken : principle.Description;

    /// <summary>The text of a statement to show, in interviewer wording on the interview screen when given.</summary>
    public string TextOf(Statement statement) => statement.TextFor(Interviewer);

    /// <summary>The principle of this step, or null.</summary>
    public Principle? Principle => Steps.PrincipleAt(Step);

    /// <summary>The page title of this step (without the status pages: thanks and closed).</summary>
    public string Title => Step == ResponseSteps.Intro ? Survey.Title
        : Principle is { } principle ? $"Stap {Step} van {Steps.Count}: {principle.Name}"
        : Step == Steps.Grade ? $"Stap {Step} van {Steps.Count}: Uw rapportcijfer"
        : $"Stap {Step} van {Steps.Count}: Controleren en versturen";

    /// <summary>The minutes the introduction says answering takes.</summary>
    public int Minutes => Math.Max(3, (int)Math.Round(Survey.Statements.Count() / 3.0 + 0.5));

    /// <summary>The error about an item, if any.</summary>
    public StepError? ErrorFor(string itemId) => Errors.FirstOrDefault(e => e.ItemId == itemId);

    /// <summary>Where the error summary links to: the first input of the item.</summary>
    public string AnchorOf(StepError error) => error.ItemId switch
    {
        null => "#vragen",
        SurveyDefinition.GradeItemId when Step == Steps.Check => $"?stap={Steps.Grade}#cijfer-1",
        SurveyDefinition.GradeItemId => "#cijfer-1",
        SurveyDefinition.OpenItemId => "#toelichting",
        var id => $"#{IndexModel.InputId(id, 1)}",
    };

    /// <summary>
    /// The view of one step of a person's response: the answers as posted when <paramref name="posted"/> is given (after
    /// an error), else as saved; the check step shows what is saved.
    /// </summary>
    /// <param name="session">The person's response.</param>
    /// <param name="step">The step shown.</param>
    /// <param name="posted">What was posted, when the page is shown again with errors; else null.</param>
    /// <param name="errors">Problems with what was posted.</param>
    /// <param name="formAction">Where the step's form posts to.</param>
    /// <param name="interviewer">True on the telephone interview screen (<see cref="Interviewer"/>).</param>
    public static RespondStepView OfResponse(RespondentSession session, int step, StepInput? posted, IReadOnlyList<StepError> errors,
        string formAction, bool interviewer = false) => new()
    {
        Steps = session.Steps,
        Step = step,
        Interviewer = interviewer,
        FormAction = formAction,
        Errors = errors,
        ValueOf = itemId => posted is not null ? ResponseService.ParseAnswer(posted.Answers.GetValueOrDefault(itemId)) : session.AnswerTo(itemId),
        GradeShown = posted is not null ? ResponseService.ParseGrade(posted.Grade) : session.Response?.Grade,
        CommentShown = posted is not null ? posted.Comment : session.Response?.Comment,
        SavedAnswer = session.AnswerTo,
        SavedGrade = session.Response?.Grade,
        SavedComment = session.Response?.Comment,
    };

    /// <summary>Reads what was posted for <paramref name="step"/> from the form fields of <c>_Step</c>.</summary>
    public static StepInput ReadInput(IFormCollection form, ResponseSteps steps, int step)
    {
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (key.StartsWith(IndexModel.AnswerPrefix, StringComparison.Ordinal) && key.EndsWith(']'))
            {
                // Two values for one statement are as invalid as one wrong value.
                answers[key[IndexModel.AnswerPrefix.Length..^1]] = value.ToString();
            }
        }

        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        return step == steps.Grade
            ? new StepInput(answers, Field("totaaloordeel") ?? "", Field("toelichting") ?? "")
            : new StepInput(answers, Field("totaaloordeel"), Field("toelichting"));
    }
}
