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
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        if (!RoundFormErrors.CheckDates(this, Form))
        {
            return Page();
        }

        try
        {
            await rounds.UpdateAsync(name, Form.QuestionnaireId ?? "", Form.From!.Value, Form.To!.Value,
                string.IsNullOrWhiteSpace(Form.Reminders) ? "geen" : Form.Reminders, ct);
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
        return true;
    }
}
