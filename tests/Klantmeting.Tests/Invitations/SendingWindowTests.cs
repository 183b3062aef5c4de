using Klantmeting.Invitations;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Klantmeting.Tests.Invitations.FieldworkTestKit;

namespace Klantmeting.Tests.Invitations;

/// <summary>The sending window (default 08:00-20:00 Europe/Amsterdam, Monday-Friday) and the rate limit.</summary>
public sealed class SendingWindowTests
{
    private static readonly Dictionary<string, string?> DefaultWindow = new()
    {
        ["Invitations:SendingDays"] = new InvitationOptions().SendingDays,
        ["Invitations:SendingHours"] = new InvitationOptions().SendingHours,
    };

    private static SendingWindow Default => SendingWindow.From(new InvitationOptions());

    private static SendingWindow EveryDay => SendingWindow.Parse(TestHost.AllDays, "08:00-20:00", "Europe/Amsterdam");

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void Default_window_is_weekdays_8_to_20_dutch_time()
    {
        // Monday 14 September 2009 (summer time, UTC+2).
        Assert.False(Default.IsOpen(Utc(2009, 9, 14, 5, 59)));  // 07:59
        Assert.True(Default.IsOpen(Utc(2009, 9, 14, 6, 0)));    // 08:00
        Assert.True(Default.IsOpen(Utc(2009, 9, 14, 17, 59)));  // 19:59
        Assert.False(Default.IsOpen(Utc(2009, 9, 14, 18, 0)));  // 20:00
        // Saturday and Sunday closed, also at noon.
        Assert.False(Default.IsOpen(Utc(2009, 9, 19, 10, 0)));
        Assert.False(Default.IsOpen(Utc(2009, 9, 20, 10, 0)));
        // Winter (UTC+1): Monday 7 December 2009.
        Assert.False(Default.IsOpen(Utc(2009, 12, 7, 6, 59)));  // 07:59
        Assert.True(Default.IsOpen(Utc(2009, 12, 7, 7, 0)));    // 08:00
        Assert.True(Default.IsOpen(Utc(2009, 12, 7, 18, 59)));  // 19:59
        Assert.False(Default.IsOpen(Utc(2009, 12, 7, 19, 0)));  // 20:00
        // Friday evening in local time, though still Friday 18:30 in UTC.
        Assert.False(Default.IsOpen(Utc(2009, 12, 11, 19, 30)));
    }

    [Fact]
    public void Daylight_saving_changes_move_the_window_in_utc()
    {
        // Sunday 29 March 2026, 02:00 CET -> 03:00 CEST. Saturday before: 08:00 = 07:00 UTC; Sunday: 08:00 = 06:00 UTC.
        Assert.False(EveryDay.IsOpen(Utc(2026, 3, 28, 6, 59)));
        Assert.True(EveryDay.IsOpen(Utc(2026, 3, 28, 7, 0)));
        Assert.False(EveryDay.IsOpen(Utc(2026, 3, 29, 5, 59)));
        Assert.True(EveryDay.IsOpen(Utc(2026, 3, 29, 6, 0)));
        Assert.True(EveryDay.IsOpen(Utc(2026, 3, 29, 17, 59)));
        Assert.False(EveryDay.IsOpen(Utc(2026, 3, 29, 18, 0)));
        // Sunday 25 October 2026, 03:00 CEST -> 02:00 CET: 08:00 = 07:00 UTC, 20:00 = 19:00 UTC.
        Assert.False(EveryDay.IsOpen(Utc(2026, 10, 25, 6, 59)));
        Assert.True(EveryDay.IsOpen(Utc(2026, 10, 25, 7, 0)));
        Assert.True(EveryDay.IsOpen(Utc(2026, 10, 25, 18, 59)));
        Assert.False(EveryDay.IsOpen(Utc(2026, 10, 25, 19, 0)));
        // The night of the change itself: 01:30 UTC is 02:30 CET (after) - closed like any night.
        Assert.False(EveryDay.IsOpen(Utc(2026, 10, 25, 1, 30)));
        Assert.True(SendingWindow.Parse(TestHost.AllDays, "00:00-24:00", "Europe/Amsterdam").IsOpen(Utc(2026, 10, 25, 1, 30)));
    }

    [Theory]
    [InlineData("Maandag", "08:00-20:00", "Europe/Amsterdam", "SendingDays: 'Maandag'")]
    [InlineData(",", "08:00-20:00", "Europe/Amsterdam", "at least one day")]
    [InlineData("Monday", "20:00-08:00", "Europe/Amsterdam", "SendingHours: '20:00-08:00'")]
    [InlineData("Monday", "8-20", "Europe/Amsterdam", "SendingHours")]
    [InlineData("Monday", "08:00-20:00", "Europe/Nergenshuizen", "SendingTimeZone: unknown time zone 'Europe/Nergenshuizen'")]
    public async Task Wrong_window_settings_fail_with_a_message_naming_the_setting(string days, string hours, string zone, string expected)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Invitations:SendingDays"] = days,
            ["Invitations:SendingHours"] = hours,
            ["Invitations:SendingTimeZone"] = zone,
        });
        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<InvitationOptions>>().Value);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invitations_and_reminders_outside_the_window_wait_for_it()
    {
        await using var host = await TestHost.StartAsync(DefaultWindow);
        // Friday 18 September 2009, 20:00 Dutch time.
        host.Clock.Advance(Utc(2009, 9, 18, 18, 0) - host.Clock.GetUtcNow());
        await host.SeedRoundAsync("r1", 3);
        var result = await DispatchAsync(host);
        Assert.True(result.OutsideWindow);
        Assert.Equal(0, result.Claimed);
        // Monday 07:59: still waiting; 08:00: everything goes.
        host.Clock.Advance(Utc(2009, 9, 21, 5, 59) - host.Clock.GetUtcNow());
        Assert.Equal(0, (await DispatchAsync(host)).Sent);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(3, (await DispatchAsync(host)).Sent);
        Assert.Equal(3, Outbox(host).Count);

        // Reminder 1 falls due on Monday 28 September 08:00 (inside); make the round remind after 5 days instead,
        // due on Saturday 26 September: it waits for Monday.
        var due = Utc(2009, 9, 26, 6, 0);
        await host.WithDbAsync(db => db.Invitations.ExecuteUpdateAsync(
            s => s.SetProperty(i => i.NextReminderAt, due.UtcDateTime)));
        host.Clock.Advance(Utc(2009, 9, 26, 12, 0) - host.Clock.GetUtcNow());
        Assert.True((await DispatchAsync(host)).OutsideWindow);
        host.Clock.Advance(Utc(2009, 9, 28, 6, 0) - host.Clock.GetUtcNow());
        Assert.Equal(3, (await DispatchAsync(host)).RemindersSent);
    }

    [Fact]
    public async Task At_most_max_per_minute_messages_go_out_and_the_rest_follows_a_minute_later()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Invitations:MaxPerMinute"] = "3" });
        await host.SeedRoundAsync("r1", 8);

        var first = await DispatchAsync(host);
        Assert.Equal(3, first.Sent);
        Assert.True(first.Throttled);
        host.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, (await DispatchAsync(host)).Sent);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, (await DispatchAsync(host)).Sent);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await DispatchAsync(host)).Sent);
        Assert.Equal(8, Outbox(host).Select(m => m.To()).Distinct().Count());
    }
}
