using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>Edits a draft or open round with <see cref="RoundService.UpdateAsync"/>; a closed round shows why it cannot change.</summary>
public class WijzigenModel(KlantmetingDbContext db, RoundService rounds, ISurveyCatalog surveys) : PageModel
{
    [BindProperty]
    public RoundForm Form { get; set; } = new();

    public Round Round { get; private set; } = null!;

    /// <summary>The round has a sample, so its mode is fixed.</summary>
    public bool HasParticipants { get; private set; }

    public IReadOnlyList<SurveyDefinition> Surveys { get; } = surveys.All.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        Form = new RoundForm
        {
            QuestionnaireId = Round.QuestionnaireId,
            From = Round.FieldworkStart,
            To = Round.FieldworkEnd,
            Reminders = Round.ReminderDays.Length == 0 ? "geen" : Round.ReminderDays,
        };
        Form.SetMode(Round);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        var datesGiven = RoundFormErrors.CheckDates(this, Form);
        if (Form.ReadMode(ModelState) is not { } mode || !datesGiven)
        {
            return Page();
        }

        try
        {
            await rounds.UpdateAsync(name, Form.QuestionnaireId ?? "", Form.From!.Value, Form.To!.Value,
                string.IsNullOrWhiteSpace(Form.Reminders) ? "geen" : Form.Reminders, ct);
            await rounds.SetModeAsync(name, mode, ct);
            return Redirect($"/beheer/rondes/{Uri.EscapeDataString(name)}?gewijzigd=gewijzigd");
        }
        catch (RoundException e)
        {
            RoundFormErrors.Add(ModelState, e);
            await LoadAsync(name, ct);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        if (await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name, ct) is not { } round)
        {
            return false;
        }

        Round = round;
        HasParticipants = await db.Participants.AnyAsync(p => p.RoundId == round.Id, ct);
        return true;
    }
}
