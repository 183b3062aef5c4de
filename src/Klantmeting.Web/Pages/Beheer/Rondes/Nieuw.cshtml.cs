using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>Creates a draft round with <see cref="RoundService.CreateAsync"/>, the same check as <c>rounds create</c>.</summary>
public class NieuwModel(RoundService rounds, ISurveyCatalog surveys, TimeProvider clock) : PageModel
{
    [BindProperty]
    public RoundForm Form { get; set; } = new();

    public IReadOnlyList<SurveyDefinition> Surveys { get; } = surveys.All.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    public void OnGet()
    {
        var today = DateOnly.FromDateTime(RoundCalendar.ToDutch(clock.GetUtcNow().UtcDateTime));
        Form = new RoundForm
        {
            QuestionnaireId = Surveys.FirstOrDefault()?.Id,
            From = today.AddDays(7),
            To = today.AddDays(35),
            Reminders = ReminderSchedule.Default,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var datesGiven = RoundFormErrors.CheckDates(this, Form);
        if (Form.ReadMode(ModelState) is not { } mode || !datesGiven)
        {
            return Page();
        }

        try
        {
            var round = await rounds.CreateAsync(Form.Name ?? "", Form.QuestionnaireId ?? "", Form.From!.Value, Form.To!.Value,
                string.IsNullOrWhiteSpace(Form.Reminders) ? "geen" : Form.Reminders, mode, ct);
            return Redirect($"/beheer/rondes/{Uri.EscapeDataString(round.Name)}?gewijzigd=aangemaakt");
        }
        catch (RoundException e)
        {
            RoundFormErrors.Add(ModelState, e);
            return Page();
        }
    }
}
