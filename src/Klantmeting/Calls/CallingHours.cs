using Klantmeting.Rounds;

namespace Klantmeting.Calls;

/// <summary>
/// The calling hours of a round in Dutch time (weekdays, Saturday optional, never Sunday) and the day parts over which
/// the attempts of a participant who was not reached are spread: morning (before 12:00), afternoon (12:00-17:59) and
/// evening (from 18:00).
/// </summary>
public static class CallingHours
{
    private static readonly TimeOnly Noon = new(12, 0);
    private static readonly TimeOnly Evening = new(18, 0);

    /// <summary>The day part of a UTC time, in Dutch time.</summary>
    public static DayPart DayPartOf(DateTime utc) => RoundCalendar.ToDutch(utc).TimeOfDay switch
    {
        var t when t < Noon.ToTimeSpan() => DayPart.Ochtend,
        var t when t < Evening.ToTimeSpan() => DayPart.Middag,
        _ => DayPart.Avond,
    };

    /// <summary>True when <paramref name="utc"/> falls within the round's calling hours.</summary>
    public static bool IsOpen(RoundModeSettings settings, DateTime utc)
    {
        var dutch = RoundCalendar.ToDutch(utc);
        var time = TimeOnly.FromDateTime(dutch);
        return IsCallingDay(settings, DateOnly.FromDateTime(dutch)) && time >= settings.Start && time < settings.End;
    }

    /// <summary>
    /// When a participant who was not reached at <paramref name="utc"/> is called next: the start of the next day part
    /// within the calling hours (so the attempts spread over morning, afternoon and evening), in UTC.
    /// </summary>
    public static DateTime NextDayPart(RoundModeSettings settings, DateTime utc)
    {
        var dutch = RoundCalendar.ToDutch(utc);
        var day = DateOnly.FromDateTime(dutch);
        var time = TimeOnly.FromDateTime(dutch);
        TimeOnly[] starts = [settings.Start, Max(Noon, settings.Start), Max(Evening, settings.Start)];
        foreach (var start in starts)
        {
            if (start > time && start < settings.End && IsCallingDay(settings, day))
            {
                return ToUtc(day, start);
            }
        }

        do
        {
            day = day.AddDays(1);
        }
        while (!IsCallingDay(settings, day));
        return ToUtc(day, settings.Start);
    }

    private static bool IsCallingDay(RoundModeSettings settings, DateOnly day) =>
        day.DayOfWeek switch
        {
            DayOfWeek.Sunday => false,
            DayOfWeek.Saturday => settings.CallOnSaturday,
            _ => true,
        };

    private static TimeOnly Max(TimeOnly a, TimeOnly b) => a > b ? a : b;

    private static DateTime ToUtc(DateOnly day, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time, DateTimeKind.Unspecified), RoundCalendar.Amsterdam);
}
