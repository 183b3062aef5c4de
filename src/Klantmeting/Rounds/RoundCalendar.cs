namespace Klantmeting.Rounds;

/// <summary>
/// Round dates are calendar dates in Europe/Amsterdam. A day starts at 00:00 Dutch time, whatever the offset (CET +1
/// or CEST +2) is that day; the daylight-saving switches happen at 02:00/03:00, so midnight always exists exactly once.
/// </summary>
public static class RoundCalendar
{
    /// <summary>The time zone of every round date.</summary>
    public static TimeZoneInfo Amsterdam { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>00:00 Dutch time on <paramref name="day"/>, in UTC.</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Amsterdam);

    /// <summary>A UTC time as Dutch wall-clock time (for display).</summary>
    public static DateTime ToDutch(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Amsterdam);
}
