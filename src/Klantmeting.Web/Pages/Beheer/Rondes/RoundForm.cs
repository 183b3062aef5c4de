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

    /// <summary>web, telefoon, papier or gemengd.</summary>
    [BindProperty(Name = "benadering")]
    public string? Mode { get; set; } = "web";

    /// <summary>Mixed rounds: days after the last reminder before the call list.</summary>
    [BindProperty(Name = "beldagen")]
    public int? CallListAfterDays { get; set; } = RoundModeSettings.DefaultCallListAfterDays;

    [BindProperty(Name = "belpogingen")]
    public int? MaxCallAttempts { get; set; } = RoundModeSettings.DefaultMaxCallAttempts;

    [BindProperty(Name = "belvan")]
    public TimeOnly? CallingHoursStart { get; set; } = RoundModeSettings.DefaultCallingHoursStart;

    [BindProperty(Name = "beltot")]
    public TimeOnly? CallingHoursEnd { get; set; } = RoundModeSettings.DefaultCallingHoursEnd;

    [BindProperty(Name = "zaterdag")]
    public bool CallOnSaturday { get; set; }

    /// <summary>The form's values for a round.</summary>
    public void SetMode(Round round)
    {
        Mode = RoundModeSettings.Name(round.Mode);
        CallListAfterDays = round.CallListAfterDays;
        MaxCallAttempts = round.MaxCallAttempts;
        CallingHoursStart = round.CallingHoursStart;
        CallingHoursEnd = round.CallingHoursEnd;
        CallOnSaturday = round.CallOnSaturday;
    }

    /// <summary>The mode settings typed, or null with the errors in <paramref name="state"/>.</summary>
    public RoundModeSettings? ReadMode(ModelStateDictionary state)
    {
        var mode = RoundModeSettings.Parse(Mode);
        if (mode is null)
        {
            state.AddModelError("benadering", "Kies hoe de ronde deelnemers bereikt: web, telefoon, papier of gemengd.");
        }

        foreach (var (key, ok, message) in new[]
        {
            ("beldagen", CallListAfterDays is not null, "Vul een heel aantal dagen in."),
            ("belpogingen", MaxCallAttempts is not null, "Vul een heel aantal belpogingen in."),
            ("belvan", CallingHoursStart is not null, "Vul een geldige begintijd in (uu:mm)."),
            ("beltot", CallingHoursEnd is not null, "Vul een geldige eindtijd in (uu:mm)."),
        })
        {
            // A value that did not parse has an English binding error (and the property keeps its default): replace it
            // with a Dutch one.
            if (!ok || state.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                state.Remove(key);
                state.AddModelError(key, message);
            }
        }

        return mode is null || !state.IsValid ? null
            : new RoundModeSettings(mode.Value, CallListAfterDays!.Value, MaxCallAttempts!.Value, CallingHoursStart, CallingHoursEnd, CallOnSaturday);
    }
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
        RoundFields.Mode => "benadering",
        RoundFields.CallListAfterDays => "beldagen",
        RoundFields.MaxCallAttempts => "belpogingen",
        RoundFields.CallingHours => "beltot",
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
