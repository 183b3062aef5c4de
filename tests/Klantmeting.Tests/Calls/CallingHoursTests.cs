using Klantmeting.Calls;
using Klantmeting.Rounds;

namespace Klantmeting.Tests.Calls;

/// <summary>Calling hours and day parts in Dutch time (CEST = UTC+2 in September, CET = UTC+1 in December).</summary>
public sealed class CallingHoursTests
{
    private static readonly RoundModeSettings Weekdays = new(RoundMode.Telefoon);

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2009, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(9, 14, 6, 59, false)] // Monday 08:59
    [InlineData(9, 14, 7, 0, true)]   // Monday 09:00
    [InlineData(9, 14, 18, 29, true)] // Monday 20:29
    [InlineData(9, 14, 18, 30, false)] // Monday 20:30
    [InlineData(9, 19, 10, 0, false)] // Saturday 12:00
    [InlineData(9, 20, 10, 0, false)] // Sunday
    [InlineData(12, 14, 8, 0, true)]  // Monday 09:00 in winter time
    public void Weekdays_from_nine_to_half_past_eight(int month, int day, int hour, int minute, bool open) =>
        Assert.Equal(open, CallingHours.IsOpen(Weekdays, Utc(month, day, hour, minute)));

    [Fact]
    public void Saturday_only_when_the_round_says_so_and_sunday_never()
    {
        var saturday = Weekdays with { CallOnSaturday = true };
        Assert.True(CallingHours.IsOpen(saturday, Utc(9, 19, 10)));
        Assert.False(CallingHours.IsOpen(saturday, Utc(9, 20, 10)));
    }

    [Fact]
    public void The_next_attempt_is_in_the_next_day_part_and_after_the_evening_on_the_next_calling_day()
    {
        Assert.Equal(Utc(9, 14, 10), CallingHours.NextDayPart(Weekdays, Utc(9, 14, 7, 30)));  // 09:30 -> 12:00
        Assert.Equal(Utc(9, 14, 16), CallingHours.NextDayPart(Weekdays, Utc(9, 14, 13)));     // 15:00 -> 18:00
        Assert.Equal(Utc(9, 15, 7), CallingHours.NextDayPart(Weekdays, Utc(9, 14, 17)));      // 19:00 -> Tuesday 09:00
        Assert.Equal(Utc(9, 21, 7), CallingHours.NextDayPart(Weekdays, Utc(9, 18, 17)));      // Friday 19:00 -> Monday
        Assert.Equal(Utc(9, 19, 7), CallingHours.NextDayPart(Weekdays with { CallOnSaturday = true }, Utc(9, 18, 17)));
        Assert.Equal(DayPart.Avond, CallingHours.DayPartOf(Utc(9, 14, 16)));
        Assert.Equal(DayPart.Middag, CallingHours.DayPartOf(Utc(9, 14, 15, 59)));
    }
}
