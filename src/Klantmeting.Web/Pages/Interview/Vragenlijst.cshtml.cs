using System.Security.Claims;
using Klantmeting.Calls;
using Klantmeting.Responses;
using Klantmeting.Web.Pages.Respond;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Interview;

/// <summary>
/// The telephone interview of the participant the interviewer holds (<c>/interview/{ronde}/vragenlijst/{zaak}</c>): the
/// respondents' questionnaire (the shared partials of <c>Pages/Respond</c>) in interviewer wording, saved step by step
/// as telefoon with the interviewer, with "Onderbreken". Only the interviewer who holds a valid lease on the case may
/// open it (otherwise 404 with a Dutch message); a participant who already sent the questionnaire in is not interviewed.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class VragenlijstModel(InterviewerAssignments assignments, InterviewService interviews) : PageModel
{
    /// <summary>The round's name, for the links back.</summary>
    public string RoundName { get; private set; } = "";

    /// <summary>The interview, or null when it cannot be opened (see <see cref="Problem"/>).</summary>
    public InterviewSession? Interview { get; private set; }

    /// <summary>Why the interview cannot be taken, in Dutch; null when it can.</summary>
    public string? Problem { get; private set; }

    /// <summary>The step shown.</summary>
    public int Step { get; private set; }

    /// <summary>Problems with what was posted.</summary>
    public IReadOnlyList<StepError> Errors { get; private set; } = [];

    /// <summary>What was posted, shown again when it had errors.</summary>
    public StepInput? Posted { get; private set; }

    private RespondentSession Session => Interview!.Session;

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private string CallScreen => $"/interview/{Uri.EscapeDataString(RoundName)}";

    public async Task<IActionResult> OnGetAsync(string ronde, long zaak, int? stap, CancellationToken ct)
    {
        if (await LoadAsync(ronde, zaak, ct) is { } refused)
        {
            return refused;
        }

        Step = stap is { } s && Session.Steps.IsValid(s) ? s : Session.ResumeStep;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string ronde, long zaak, int? stap, string? actie, CancellationToken ct)
    {
        if (await LoadAsync(ronde, zaak, ct) is { } refused)
        {
            return refused;
        }

        var steps = Session.Steps;
        if (stap is not { } step || !steps.IsValid(step))
        {
            return BadRequest();
        }

        Step = step;
        var input = RespondStepView.ReadInput(Request.Form, steps, step);
        var next = actie switch
        {
            "vorige" => Math.Max(step - 1, 0),
            "onderbreken" => step,
            _ => Math.Min(step + 1, steps.Check),
        };
        var outcome = actie == "verzenden" && step == steps.Check
            ? await interviews.CompleteAsync(Interview!, ct)
            : step == steps.Check && actie == "onderbreken"
                ? StepOutcome.Saved // the check step has nothing to save
                : await interviews.SaveStepAsync(Interview!, step, next, input, ct);
        switch (outcome.Kind)
        {
            case StepOutcomeKind.Completed:
                return Redirect($"{CallScreen}?opgeslagen={(int)CallOutcome.Interview}");
            case StepOutcomeKind.Saved when actie == "onderbreken":
                return Redirect($"{CallScreen}?onderbroken={step}");
            case StepOutcomeKind.Saved:
                return Redirect($"{CallScreen}/vragenlijst/{zaak}");
            case StepOutcomeKind.Invalid:
                Errors = outcome.Errors;
                Posted = step == steps.Check ? null : input;
                return Page();
            default:
                Interview = null;
                Problem = outcome.Kind == StepOutcomeKind.AlreadyCompleted ? InterviewService.AlreadyCompleted
                    : "Er is niets opgeslagen: de ronde is gesloten, of deze deelnemer is niet meer aan u toegewezen.";
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
        }
    }

    /// <summary>What the shared step partial draws: as posted after an error, else as saved; in interviewer wording.</summary>
    public RespondStepView View =>
        RespondStepView.OfResponse(Session, Step, Posted, Errors, $"{CallScreen}/vragenlijst/{Interview!.Claim.CaseId}", interviewer: true);

    /// <summary>Loads the round and the interview; the refusal to return, or null when the interview may go on.</summary>
    private async Task<IActionResult?> LoadAsync(string ronde, long zaak, CancellationToken ct)
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        if (await assignments.AssignedRoundAsync(ronde, UserId, ct) is not { } round)
        {
            return NotFound();
        }

        RoundName = round.Name;
        Interview = await interviews.OpenAsync(round.Id, zaak, UserId, ct);
        if (Interview is null)
        {
            Problem = InterviewService.NotHeld;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        if (Session.Status != RespondentStatus.Answering)
        {
            Problem = Session.Status == RespondentStatus.Completed ? InterviewService.AlreadyCompleted
                : "De ronde is gesloten: er kan niet meer geïnterviewd worden.";
            Interview = null;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return null;
    }
}
