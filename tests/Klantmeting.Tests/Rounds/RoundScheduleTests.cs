using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Rounds;

/// <summary>Round dates are Dutch calendar dates; the change of offset on the last Sundays of March and October.</summary>
public sealed class RoundCalendarTests
{
    [Theory]
    // Last Sunday of March 2009 (29th): the day starts in CET (+1), so 00:00 is 23:00 UTC the day before.
    [InlineData("2009-03-29", "2009-03-28T23:00:00")]
    // The next day starts in CEST (+2).
    [InlineData("2009-03-30", "2009-03-29T22:00:00")]
    // Last Sunday of October 2009 (25th): starts in CEST, the next day in CET.
    [InlineData("2009-10-25", "2009-10-24T22:00:00")]
    [InlineData("2009-10-26", "2009-10-25T23:00:00")]
    [InlineData("2026-03-29", "2026-03-28T23:00:00")]
    [InlineData("2026-10-26", "2026-10-25T23:00:00")]
    public void Day_starts_at_midnight_dutch_time(string day, string utc)
    {
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture),
            RoundCalendar.StartOfDayUtc(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_round_ending_on_a_dst_sunday_closes_at_the_end_of_that_day()
    {
        // 29 March 2009 lasts 23 hours, 25 October 2009 lasts 25 hours.
        var march = new Round { Name = "m", QuestionnaireId = "q", FieldworkStart = new(2009, 3, 1), FieldworkEnd = new(2009, 3, 29) };
        var october = new Round { Name = "o", QuestionnaireId = "q", FieldworkStart = new(2009, 10, 25), FieldworkEnd = new(2009, 10, 25) };

        Assert.Equal(new DateTime(2009, 2, 28, 23, 0, 0), march.OpensAtUtc);
        Assert.Equal(new DateTime(2009, 3, 29, 22, 0, 0), march.ClosesAtUtc);
        Assert.Equal(new DateTime(2009, 10, 24, 22, 0, 0), october.OpensAtUtc);
        Assert.Equal(new DateTime(2009, 10, 25, 23, 0, 0), october.ClosesAtUtc);
        Assert.Equal(TimeSpan.FromHours(25), october.ClosesAtUtc - october.OpensAtUtc);
    }
}

/// <summary>Scheduled opening and closing, pause and resume. Runs on every provider: see the subclasses below.</summary>
public abstract class RoundScheduleTests(DatabaseProvider provider)
{
    private Task<TestHost> StartAsync(Dictionary<string, string?>? settings = null) => TestHost.StartAsync(settings, provider: provider);

    /// <summary>A draft round (werkzoekenden-2009) with <paramref name="count"/> participants and pending invitations.</summary>
    internal static async Task<Round> CreateRoundAsync(TestHost host, string name, DateOnly from, DateOnly to, int count)
    {
        await using (var scope = host.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoundService>().CreateAsync(name, "werkzoekenden-2009", from, to);
        }

        return await host.WithDbAsync(async db =>
        {
            var round = await db.Rounds.SingleAsync(r => r.Name == name);
            var werkplein = await db.Werkpleinen.FirstOrDefaultAsync(w => w.Code == "WP-TST")
                ?? db.Werkpleinen.Add(new Werkpleinen.Werkplein { Code = "WP-TST", Name = "Testplein" }).Entity;
            await db.SaveChangesAsync();
            for (var n = 1; n <= count; n++)
            {
                var participant = new Participant { RoundId = round.Id, Ref = $"{name}-{n}", WerkpleinId = werkplein.Id };
                db.Participants.Add(participant);
                await db.SaveChangesAsync();
                db.ParticipantContacts.Add(new ParticipantContact { ParticipantId = participant.Id, RoundId = round.Id, Email = $"{name}{n}@voorbeeld.nl".Replace(' ', '-') });
                db.Invitations.Add(new Invitation
                {
                    ParticipantId = participant.Id, RoundId = round.Id, State = InvitationState.Pending, NextAttemptAt = new DateTime(2009, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                });
            }

            await db.SaveChangesAsync();
            return round;
        });
    }

    private static async Task<ScheduleResult> RunSchedulerAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RoundScheduler>().RunAsync(CancellationToken.None);
    }

    private static async Task<T> WithRoundsAsync<T>(TestHost host, Func<RoundService, Task<T>> action)
    {
        await using var scope = host.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<RoundService>());
    }

    private static Task<Round> GetAsync(TestHost host, string name) =>
        host.WithDbAsync(db => db.Rounds.AsNoTracking().SingleAsync(r => r.Name == name));

    private static void SetClock(TestHost host, DateTime utc) => host.Clock.Advance(new DateTimeOffset(utc, TimeSpan.Zero) - host.Clock.GetUtcNow());

    [Fact]
    public async Task Scheduled_round_opens_at_midnight_and_closes_at_the_end_of_its_last_day_across_both_dst_changes()
    {
        await using var host = await StartAsync();
        // From the last Sunday of March to the last Sunday of October 2009.
        await CreateRoundAsync(host, "zomer", new DateOnly(2009, 3, 29), new DateOnly(2009, 10, 25), 3);
        SetClock(host, new DateTime(2009, 3, 1, 12, 0, 0, DateTimeKind.Utc));
        await WithRoundsAsync(host, s => s.ScheduleAsync("zomer"));

        SetClock(host, new DateTime(2009, 3, 28, 22, 59, 59, DateTimeKind.Utc)); // 23:59:59 Dutch time (CET) on the 28th
        Assert.Empty((await RunSchedulerAsync(host)).Opened);
        Assert.Equal(RoundState.Draft, (await GetAsync(host, "zomer")).State);

        host.Clock.Advance(TimeSpan.FromSeconds(1)); // 00:00 on the 29th
        Assert.Equal(["zomer"], (await RunSchedulerAsync(host)).Opened);
        var open = await GetAsync(host, "zomer");
        Assert.Equal(RoundState.Open, open.State);
        Assert.Equal(new DateTime(2009, 3, 28, 23, 0, 0, DateTimeKind.Utc), open.OpenedAt);
        Assert.Empty((await RunSchedulerAsync(host)).Opened); // idempotent

        SetClock(host, new DateTime(2009, 10, 25, 22, 59, 59, DateTimeKind.Utc)); // 23:59:59 CET on the last day
        Assert.Empty((await RunSchedulerAsync(host)).Closed);
        Assert.Equal(RoundState.Open, (await GetAsync(host, "zomer")).State);

        host.Clock.Advance(TimeSpan.FromSeconds(1)); // 24:00 Dutch time
        var result = await RunSchedulerAsync(host);
        Assert.Equal(["zomer"], result.Closed);
        Assert.Equal(1, result.ClosingsCompleted);
        var closed = await GetAsync(host, "zomer");
        Assert.Equal(RoundState.Closed, closed.State);
        Assert.Equal(new DateTime(2009, 10, 25, 23, 0, 0, DateTimeKind.Utc), closed.ClosedAt);
        Assert.NotNull(closed.CloseCompletedAt);
        Assert.True(await host.WithDbAsync(db => db.RoundResultSnapshots.AnyAsync(s => s.RoundId == closed.Id)));
        var again = await RunSchedulerAsync(host);
        Assert.Empty(again.Closed);
        Assert.Equal(0, again.ClosingsCompleted);
    }

    [Fact]
    public async Task Round_ending_on_the_last_sunday_of_march_closes_at_2200_utc()
    {
        await using var host = await StartAsync();
        await CreateRoundAsync(host, "maart", new DateOnly(2009, 3, 2), new DateOnly(2009, 3, 29), 1);
        SetClock(host, new DateTime(2009, 3, 10, 9, 0, 0, DateTimeKind.Utc));
        await WithRoundsAsync(host, s => s.ScheduleAsync("maart"));
        Assert.Equal(["maart"], (await RunSchedulerAsync(host)).Opened); // start already passed: opens on the next run

        SetClock(host, new DateTime(2009, 3, 29, 21, 59, 59, DateTimeKind.Utc)); // 23:59:59 CEST
        Assert.Empty((await RunSchedulerAsync(host)).Closed);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["maart"], (await RunSchedulerAsync(host)).Closed);
    }

    [Fact]
    public async Task Only_scheduled_rounds_move_by_themselves_and_manual_open_and_close_keep_working()
    {
        await using var host = await StartAsync();
        await CreateRoundAsync(host, "concept", new DateOnly(2009, 9, 1), new DateOnly(2009, 9, 30), 2);
        await CreateRoundAsync(host, "handmatig", new DateOnly(2009, 9, 1), new DateOnly(2009, 9, 30), 2);
        await WithRoundsAsync(host, s => s.OpenAsync("handmatig"));

        SetClock(host, new DateTime(2009, 10, 5, 0, 0, 0, DateTimeKind.Utc));
        var result = await RunSchedulerAsync(host);

        Assert.Empty(result.Opened);
        Assert.Empty(result.Closed);
        Assert.Equal(RoundState.Draft, (await GetAsync(host, "concept")).State);
        Assert.Equal(RoundState.Open, (await GetAsync(host, "handmatig")).State);
        await WithRoundsAsync(host, s => s.CloseAsync("handmatig"));
        var closed = await GetAsync(host, "handmatig");
        Assert.Equal(RoundState.Closed, closed.State);
        Assert.NotNull(closed.CloseCompletedAt);
        Assert.True(await host.WithDbAsync(db => db.RoundResultSnapshots.AnyAsync(s => s.RoundId == closed.Id)));
    }

    [Fact]
    public async Task Schedule_refuses_an_empty_draft_and_a_period_that_is_over()
    {
        await using var host = await StartAsync();
        await CreateRoundAsync(host, "leeg", new DateOnly(2009, 10, 1), new DateOnly(2009, 10, 31), 0);
        await CreateRoundAsync(host, "voorbij", new DateOnly(2009, 8, 1), new DateOnly(2009, 8, 31), 1);

        var empty = await Assert.ThrowsAsync<RoundException>(() => WithRoundsAsync(host, s => s.ScheduleAsync("leeg")));
        Assert.Contains("nog geen deelnemers", empty.Message, StringComparison.Ordinal);
        var over = await Assert.ThrowsAsync<RoundException>(() => WithRoundsAsync(host, s => s.ScheduleAsync("voorbij")));
        Assert.Contains("is al voorbij", over.Message, StringComparison.Ordinal);
        Assert.Null((await GetAsync(host, "leeg")).ScheduledAt);
    }

    [Fact]
    public async Task Two_schedulers_at_once_open_and_close_a_round_exactly_once()
    {
        await using var host = await StartAsync();
        await CreateRoundAsync(host, "samen", new DateOnly(2009, 9, 14), new DateOnly(2009, 9, 20), 5);
        SetClock(host, new DateTime(2009, 9, 1, 0, 0, 0, DateTimeKind.Utc));
        await WithRoundsAsync(host, s => s.ScheduleAsync("samen"));

        SetClock(host, new DateTime(2009, 9, 14, 6, 0, 0, DateTimeKind.Utc));
        var opens = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunSchedulerAsync(host))));
        Assert.Equal(1, opens.Sum(r => r.Opened.Count));

        SetClock(host, new DateTime(2009, 9, 21, 6, 0, 0, DateTimeKind.Utc));
        var closes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunSchedulerAsync(host))));
        Assert.Equal(1, closes.Sum(r => r.Closed.Count));
        var round = await GetAsync(host, "samen");
        Assert.Equal(RoundState.Closed, round.State);
        Assert.NotNull(round.CloseCompletedAt);
        Assert.Equal(1, await host.WithDbAsync(db => db.RoundResultSnapshots.CountAsync(s => s.RoundId == round.Id)));
    }

    [Fact]
    public async Task Paused_round_sends_nothing_but_stays_open_and_sends_everything_once_after_resume()
    {
        await using var host = await StartAsync();
        await CreateRoundAsync(host, "pauze", new DateOnly(2009, 9, 1), new DateOnly(2009, 11, 30), 4);
        await WithRoundsAsync(host, s => s.OpenAsync("pauze"));
        var paused = await WithRoundsAsync(host, s => s.SetSendingPausedAsync("pauze", paused: true));
        Assert.True(paused.SendingPaused);
        Assert.Equal(RoundState.Open, paused.State);

        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
        Assert.Equal(4, await host.WithDbAsync(db => db.Invitations.CountAsync(i => i.State == InvitationState.Pending)));

        await WithRoundsAsync(host, s => s.SetSendingPausedAsync("pauze", paused: false));
        Assert.Equal(4, (await DispatchAsync(host)).Sent);
        Assert.Equal(0, (await DispatchAsync(host)).Claimed);

        await WithRoundsAsync(host, s => s.CloseAsync("pauze"));
        var closed = await Assert.ThrowsAsync<RoundException>(() => WithRoundsAsync(host, s => s.SetSendingPausedAsync("pauze", paused: true)));
        Assert.Contains("gesloten", closed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_round_sends_no_invitation()
    {
        await using var host = await StartAsync();
        await CreateRoundAsync(host, "dicht", new DateOnly(2009, 9, 1), new DateOnly(2009, 11, 30), 3);
        await WithRoundsAsync(host, s => s.OpenAsync("dicht"));
        await WithRoundsAsync(host, s => s.CloseAsync("dicht"));

        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
    }

    [Fact]
    public async Task Cli_schedules_pauses_resumes_and_unschedules_a_round()
    {
        await using var host = await StartAsync();
        // The CLI runs on the real clock: a period in the future.
        await CreateRoundAsync(host, "Voorjaar 2099", new DateOnly(2099, 3, 1), new DateOnly(2099, 4, 30), 2);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + DatabaseExtensions.ConnectionStringName] = host.ConnectionString,
            ["Database:Provider"] = host.Provider.ToString(),
        };

        async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await Klantmeting.Cli.CliApp.RunAsync(args, output, error, settings);
            return (code, output.ToString(), error.ToString());
        }

        var schedule = await CliAsync("rounds", "schedule", "Voorjaar 2099");
        Assert.Equal(0, schedule.Code);
        Assert.Contains("Ronde 'Voorjaar 2099' is ingepland: opent vanzelf op 2099-03-01 om 00:00 en sluit vanzelf na 2099-04-30 (24:00), Nederlandse tijd.", schedule.Out, StringComparison.Ordinal);
        Assert.Contains("in voorbereiding (ingepland)", (await CliAsync("rounds", "list")).Out, StringComparison.Ordinal);

        var pause = await CliAsync("rounds", "pause", "Voorjaar 2099");
        Assert.Equal(0, pause.Code);
        Assert.Contains("Het versturen van ronde 'Voorjaar 2099' is gepauzeerd. De ronde blijft open voor antwoorden.", pause.Out, StringComparison.Ordinal);
        Assert.Contains("(gepauzeerd)", (await CliAsync("rounds", "list")).Out, StringComparison.Ordinal);
        Assert.True((await GetAsync(host, "Voorjaar 2099")).SendingPaused);

        var resume = await CliAsync("rounds", "resume", "Voorjaar 2099");
        Assert.Equal(0, resume.Code);
        Assert.False((await GetAsync(host, "Voorjaar 2099")).SendingPaused);

        Assert.Equal(0, (await CliAsync("rounds", "unschedule", "Voorjaar 2099")).Code);
        Assert.Null((await GetAsync(host, "Voorjaar 2099")).ScheduledAt);

        var unknown = await CliAsync("rounds", "pause", "Bestaat niet");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("Er is geen ronde met de naam 'Bestaat niet'", unknown.Err, StringComparison.Ordinal);
    }

    private static async Task<DispatchResult> DispatchAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<InvitationDispatcher>().DispatchAsync(CancellationToken.None);
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class RoundScheduleTestsOnSqlite() : RoundScheduleTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class RoundScheduleTestsOnPostgreSql() : RoundScheduleTests(DatabaseProvider.PostgreSql);

/// <summary>Worker nodes register the schedule and retention jobs next to dispatch.</summary>
public sealed class RecurringJobsRegistrationTests
{
    [Fact]
    public async Task Worker_registers_schedule_and_retention_jobs_in_utc()
    {
        var folder = Directory.CreateTempSubdirectory("klantmeting-jobs-").FullName;
        await using (var app = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(folder, "k.db")}");
            b.UseSetting("Mail:OutboxPath", Path.Combine(folder, "outbox"));
            b.UseSetting("Demo:Seed", "false");
            b.UseSetting("Retention:Cron", "5 3 * * *");
        }))
        {
            _ = app.Server;
            using var connection = app.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
            var jobs = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).ToDictionary(j => j.Id);

            Assert.Equal("* * * * *", jobs[Klantmeting.Infrastructure.Jobs.RecurringJobIds.RoundSchedule].Cron);
            Assert.Equal("5 3 * * *", jobs[Klantmeting.Infrastructure.Jobs.RecurringJobIds.ContactDataRetention].Cron);
            Assert.Equal("UTC", jobs[Klantmeting.Infrastructure.Jobs.RecurringJobIds.RoundSchedule].TimeZoneId);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
