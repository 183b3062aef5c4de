using Klantmeting.Rounds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>The fields of the round form (new and edit); the checks are <see cref="RoundService"/>'s, as in the CLI.</summary>
public sealed class RoundForm
{
    [BindProperty(Name = "naam")]
    public string? Name { get; set; }

    [BindProperty(Name = "vragenlijst")]
    public string? QuestionnaireId { get; set; }

    [BindProperty(Name = "van")]
    public DateOnly? From { get; set; }

    [BindProperty(Name = "tot")]
    public DateOnly? To { get; set; }

    /// <summary>Reminder days as typed (<c>7,14</c> or <c>geen</c>).</summary>
    [BindProperty(Name = "herinneringen")]
    public string? Reminders { get; set; }
}

/// <summary>Shared by the round pages: service errors shown beside the field they are about.</summary>
public static class RoundFormErrors
{
    /// <summary>Form field name of each <see cref="RoundFields"/> value.</summary>
    public static string FormField(string? field) => field switch
    {
        RoundFields.Name => "naam",
        RoundFields.Questionnaire => "vragenlijst",
        RoundFields.From => "van",
        RoundFields.To => "tot",
        RoundFields.Reminders => "herinneringen",
        _ => "",
    };

    public static void Add(ModelStateDictionary state, RoundException e) => state.AddModelError(FormField(e.Field), e.Message);

    /// <summary>Missing dates (the service needs them) as field errors; true when both are there.</summary>
    public static bool CheckDates(PageModel page, RoundForm form)
    {
        // A date that did not parse already has its own binding error; replace it with a Dutch one.
        foreach (var (key, label) in new[] { ("van", "begindatum"), ("tot", "einddatum") })
        {
            var value = key == "van" ? form.From : form.To;
            if (value is null)
            {
                page.ModelState.Remove(key);
                page.ModelState.AddModelError(key, $"Vul een geldige {label} in.");
            }
        }

        return form.From is not null && form.To is not null;
    }
}
