using System.Globalization;
using Klantmeting.Rounds;

namespace Klantmeting.Web.Infrastructure;

/// <summary>Dutch number, percentage, date and plural wording for pages ("32,8%", "4 januari", "1 deelnemer").</summary>
public static class Dutch
{
    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>A whole number with a dot between thousands: <c>12.345</c>.</summary>
    public static string Number(long n) => n.ToString("N0", Culture);

    /// <summary>A number with a decimal comma: <c>32,8</c>.</summary>
    public static string Number(double n, int decimals) => n.ToString("N" + decimals, Culture);

    /// <summary>A fraction (0.328) as a percentage with one decimal: <c>32,8%</c>.</summary>
    public static string Percent(double fraction, int decimals = 1) => Number(fraction * 100, decimals) + "%";

    /// <summary>
    /// The count and the right form of the noun: <c>Plural(1, "deelnemer", "deelnemers")</c> is "1 deelnemer",
    /// 0 and 2 or more take the plural ("0 deelnemers", "12.345 deelnemers").
    /// </summary>
    public static string Plural(long n, string one, string many) => Number(n) + " " + (n == 1 ? one : many);

    /// <summary>A calendar date, "4 januari"; the year is added when it is not <paramref name="thisYear"/>: "4 januari 2027".</summary>
    public static string Date(DateOnly day, int thisYear) =>
        day.ToString(day.Year == thisYear ? "d MMMM" : "d MMMM yyyy", Culture);

    /// <summary>A calendar date with the year: "4 januari 2027".</summary>
    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", Culture);

    /// <summary>A UTC moment as Dutch wall-clock time: "15 december 2026 om 09:30".</summary>
    public static string DateTime(DateTime utc) => RoundCalendar.ToDutch(utc).ToString("d MMMM yyyy 'om' HH:mm", Culture);

    /// <summary>The Dutch calendar day of a UTC moment.</summary>
    public static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(RoundCalendar.ToDutch(utc));
}
