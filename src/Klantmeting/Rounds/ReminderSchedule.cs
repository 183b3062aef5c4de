namespace Klantmeting.Rounds;

/// <summary>Reminder offsets of a round: whole days after the invitation was sent, as stored in <see cref="Round.ReminderDays"/>.</summary>
public static class ReminderSchedule
{
    /// <summary>Two reminders, 7 and 14 days after the invitation.</summary>
    public const string Default = "7,14";

    /// <summary>Most reminders a round may have.</summary>
    public const int MaxReminders = 5;

    /// <summary>Longest offset in days.</summary>
    public const int MaxDays = 365;

    /// <summary>Reads the stored form; an empty text means no reminders.</summary>
    public static IReadOnlyList<int> Days(string? stored) =>
        string.IsNullOrWhiteSpace(stored)
            ? []
            : stored.Split(',').Select(d => int.Parse(d, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();

    /// <summary>
    /// Parses what a user typed: <c>7,14</c>, <c>3</c>, or <c>none</c>/<c>geen</c>. Returns the stored form, or
    /// null with a Dutch <paramref name="error"/>.
    /// </summary>
    public static string? Parse(string? text, out string? error)
    {
        error = null;
        text = text?.Trim() ?? "";
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase) || text.Equals("geen", StringComparison.OrdinalIgnoreCase))
        {
            return "";
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var days = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day < 1 || day > MaxDays)
            {
                error = $"Herinneringen: '{part}' is geen geldig aantal dagen; geef hele dagen van 1 tot en met {MaxDays}, " +
                    "gescheiden door komma's (bijvoorbeeld 7,14), of 'none' voor geen herinneringen.";
                return null;
            }

            if (days.Count > 0 && day <= days[^1])
            {
                error = $"Herinneringen: de dagen moeten oplopen ({days[^1]} staat voor {day}); bijvoorbeeld 7,14.";
                return null;
            }

            days.Add(day);
        }

        if (days.Count > MaxReminders)
        {
            error = $"Herinneringen: hoogstens {MaxReminders} herinneringen per ronde (opgegeven: {days.Count}).";
            return null;
        }

        return string.Join(",", days.Select(d => d.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Dutch description for lists: <c>dag 7, 14</c> or <c>geen</c>.</summary>
    public static string Describe(string? stored) => Days(stored) is { Count: > 0 } days
        ? "dag " + string.Join(", ", days.Select(d => d.ToString(CultureInfo.InvariantCulture)))
        : "geen";
}
