using System.Globalization;
using System.Security.Claims;
using Klantmeting.Calls;
using Klantmeting.Rounds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Interview;

/// <summary>
/// The call screen of one round: "Volgende deelnemer" hands the interviewer a participant nobody else holds (phone
/// number and Werkplein, nothing of the results), and the outcome form records the call. Only rounds the interviewer is
/// assigned to exist here; any other round is 404.
/// </summary>
public class RondeModel(InterviewerAssignments assignments, CallListService calls, InterviewService interviews) : PageModel
{
    /// <summary>The outcomes an interviewer chooses ("niet bereikbaar" follows from the attempts; "interview" from the questionnaire).</summary>
    public static IReadOnlyList<CallOutcome> Choices { get; } =
    [
        CallOutcome.GeenGehoor, CallOutcome.InGesprek, CallOutcome.Voicemail, CallOutcome.Afspraak,
        CallOutcome.Weigering, CallOutcome.VerkeerdNummer, CallOutcome.Taalprobleem,
    ];

    public Round Round { get; private set; } = null!;

    public CallClaim? Claim { get; private set; }

    public string? Reason { get; private set; }

    public string? Error { get; private set; }

    public string? Saved { get; private set; }

    public string? CallbackText { get; private set; }

    /// <summary>How far the questionnaire of the held participant is (for the button "Interview").</summary>
    public InterviewProgress? Progress { get; private set; }

    /// <summary>The step at which the interviewer broke the interview off ("Onderbreken"), if that just happened.</summary>
    public int? InterruptedAt { get; private set; }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    /// <summary>The Dutch label of an outcome.</summary>
    public static string Label(CallOutcome outcome) => outcome switch
    {
        CallOutcome.GeenGehoor => "geen gehoor",
        CallOutcome.InGesprek => "in gesprek",
        CallOutcome.Voicemail => "voicemail",
        CallOutcome.Afspraak => "afspraak: later terugbellen",
        CallOutcome.Weigering => "weigering: wil niet meedoen",
        CallOutcome.VerkeerdNummer => "verkeerd nummer of nummer bestaat niet",
        CallOutcome.Taalprobleem => "taalprobleem",
        CallOutcome.NietBereikbaar => "niet bereikbaar",
        _ => "interview",
    };

    public async Task<IActionResult> OnGetAsync(string ronde, [FromQuery(Name = "opgeslagen")] int? saved,
        [FromQuery(Name = "onderbroken")] int? interrupted, CancellationToken ct)
    {
        if (!await LoadAsync(ronde, ct))
        {
            return NotFound();
        }

        // Shows a case the interviewer still holds (an interrupted call); never claims one on a plain visit.
        Claim = await HeldAsync(ct);
        Saved = saved is { } s && Enum.IsDefined((CallOutcome)s) ? Label((CallOutcome)s) : null;
        InterruptedAt = Claim is null ? null : interrupted;
        await LoadProgressAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostNextAsync(string ronde, CancellationToken ct)
    {
        if (!await LoadAsync(ronde, ct))
        {
            return NotFound();
        }

        (Claim, Reason) = await calls.ClaimNextAsync(Round.Id, UserId, ct);
        await LoadProgressAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostOutcomeAsync(string ronde, [FromForm(Name = "zaak")] long caseId, [FromForm(Name = "uitkomst")] int? outcome,
        [FromForm(Name = "terugbellen")] string? callback, CancellationToken ct)
    {
        if (!await LoadAsync(ronde, ct))
        {
            return NotFound();
        }

        Claim = await calls.HeldAsync(caseId, UserId, ct);
        if (Claim is null || Claim.RoundId != Round.Id)
        {
            Claim = null;
            Error = "Deze deelnemer is niet meer van u: de tijd om te bellen was verlopen en een ander heeft hem overgenomen. Er is niets opgeslagen.";
            return Page();
        }

        CallbackText = callback;
        await LoadProgressAsync(ct);
        if (outcome is not { } chosen || !Choices.Contains((CallOutcome)chosen))
        {
            Error = "Kies hoe het gesprek ging.";
            return Page();
        }

        DateTime? callbackAt = null;
        if ((CallOutcome)chosen == CallOutcome.Afspraak)
        {
            if (!DateTime.TryParseExact(callback, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                Error = "Geef bij een afspraak de datum en tijd om terug te bellen.";
                return Page();
            }

            callbackAt = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), RoundCalendar.Amsterdam);
        }

        try
        {
            var stored = await calls.RecordAsync(Claim, (CallOutcome)chosen, callbackAt, ct);
            return Redirect($"/interview/{Uri.EscapeDataString(Round.Name)}?opgeslagen={(int)stored}");
        }
        catch (CallException e)
        {
            Error = e.Message;
            return Page();
        }
    }

    private async Task LoadProgressAsync(CancellationToken ct) =>
        Progress = Claim is null ? null : await interviews.ProgressAsync(Claim, ct);

    private Task<CallClaim?> HeldAsync(CancellationToken ct) => calls.HeldInRoundAsync(Round.Id, UserId, ct);

    private async Task<bool> LoadAsync(string ronde, CancellationToken ct)
    {
        if (await assignments.AssignedRoundAsync(ronde, UserId, ct) is not { } round)
        {
            return false;
        }

        Round = round;
        return true;
    }
}
