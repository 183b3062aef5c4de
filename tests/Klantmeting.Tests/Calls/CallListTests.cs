using Klantmeting.Calls;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Calls;

/// <summary>
/// The call list: filling it, claims two interviewers never share, callbacks and the maximum attempts. The clock
/// starts on Monday 14 September 2009, 08:00 UTC = 10:00 Dutch time. Runs on every provider: see the subclasses.
/// </summary>
public abstract class CallListTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(provider: provider);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private DateTime Now => _host.Clock.GetUtcNow().UtcDateTime;

    /// <summary>An open round of <paramref name="count"/> participants, each with a phone number 0612345nnn.</summary>
    private async Task<Round> SeedAsync(RoundMode mode, int count, int maxAttempts = 6)
    {
        var round = await _host.SeedRoundAsync("Bellen", count);
        await _host.WithDbAsync(async db =>
        {
            await db.Rounds.Where(r => r.Id == round.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Mode, mode).SetProperty(r => r.MaxCallAttempts, maxAttempts));
            return await db.ParticipantContacts.Where(c => c.RoundId == round.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Phone, c => "+31612" + (100000 + c.ParticipantId).ToString()));
        });
        return round;
    }

    private async Task<T> WithAsync<T>(Func<CallListService, Task<T>> action)
    {
        await using var scope = _host.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<CallListService>());
    }

    private Task<int> FillAsync() => WithServiceAsync<CallListFeeder, int>(f => f.RunAsync());

    private async Task<TResult> WithServiceAsync<TService, TResult>(Func<TService, Task<TResult>> action) where TService : notnull
    {
        await using var scope = _host.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private Task<CallClaim?> ClaimAsync(int roundId, string interviewer) => WithAsync(async s => (await s.ClaimNextAsync(roundId, interviewer)).Claim);

    private Task<CallOutcome> RecordAsync(CallClaim claim, CallOutcome outcome, DateTime? callbackAt = null) =>
        WithAsync(s => s.RecordAsync(claim, outcome, callbackAt));

    [Fact]
    public async Task A_mixed_round_moves_non_respondents_with_a_phone_number_three_days_after_the_last_reminder_once()
    {
        var round = await SeedAsync(RoundMode.Gemengd, 7);
        var ids = await _host.WithDbAsync(db => db.Invitations.Where(i => i.RoundId == round.Id).OrderBy(i => i.ParticipantId).ToListAsync());
        await _host.WithDbAsync(async db =>
        {
            void Sent(int n, DateTime? lastReminder, DateTime? nextReminder) => db.Invitations.Where(i => i.Id == ids[n].Id).ExecuteUpdate(s => s
                .SetProperty(i => i.State, InvitationState.Sent).SetProperty(i => i.SentAt, Now.AddDays(-20))
                .SetProperty(i => i.LastReminderAt, lastReminder).SetProperty(i => i.NextReminderAt, nextReminder));
            Sent(0, Now.AddDays(-4), null);          // last reminder 4 days ago: due
            Sent(1, Now.AddDays(-2), null);          // 2 days ago: not yet
            Sent(2, Now.AddDays(-5), Now.AddDays(1)); // another reminder is coming
            await db.Invitations.Where(i => i.Id == ids[3].Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.State, InvitationState.OptedOut));
            await db.Invitations.Where(i => i.Id == ids[4].Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.State, InvitationState.Bounced)); // at once
            Sent(5, Now.AddDays(-9), null);          // answered completely
            db.Responses.Add(new Response { InvitationId = ids[5].Id, RoundId = round.Id, StartedAt = Now, UpdatedAt = Now, CompletedAt = Now });
            Sent(6, Now.AddDays(-9), null);          // no phone number
            await db.ParticipantContacts.Where(c => c.ParticipantId == ids[6].ParticipantId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Phone, (string?)null));
            return await db.SaveChangesAsync();
        });

        Assert.Equal(2, await FillAsync());
        Assert.Equal(0, await FillAsync()); // safe to run twice

        Assert.Equal([ids[0].ParticipantId, ids[4].ParticipantId],
            await _host.WithDbAsync(db => db.CallCases.OrderBy(c => c.ParticipantId).Select(c => c.ParticipantId).ToListAsync()));
        _host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await FillAsync());
    }

    [Fact]
    public async Task Twenty_five_interviewers_claiming_at_once_get_twenty_different_participants_and_five_get_none()
    {
        var round = await SeedAsync(RoundMode.Telefoon, 20);
        Assert.Equal(20, await FillAsync());

        var claims = await Task.WhenAll(Enumerable.Range(1, 25).Select(n => Task.Run(() => ClaimAsync(round.Id, $"interviewer-{n}"))));

        var held = claims.Where(c => c is not null).Select(c => c!).ToList();
        Assert.Equal(20, held.Count);
        Assert.Equal(20, held.Select(c => c.CaseId).Distinct().Count());
        Assert.Equal(20, held.Select(c => c.InterviewerId).Distinct().Count());
        Assert.All(held, c => Assert.StartsWith("+31612", c.Phone, StringComparison.Ordinal));
        Assert.All(held, c => Assert.Equal("Testplein Zoë", c.WerkpleinName));
        // Each case is held by exactly the interviewer its claim says.
        var rows = await _host.WithDbAsync(db => db.CallCases.ToDictionaryAsync(c => c.Id, c => c.ClaimedBy));
        Assert.All(held, c => Assert.Equal(c.InterviewerId, rows[c.CaseId]));
    }

    [Fact]
    public async Task An_interrupted_call_comes_back_to_its_interviewer_and_a_lapsed_claim_goes_to_another_who_then_owns_it()
    {
        var round = await SeedAsync(RoundMode.Telefoon, 1);
        await FillAsync();
        var first = await ClaimAsync(round.Id, "anna");
        Assert.NotNull(first);
        Assert.Null(await ClaimAsync(round.Id, "bram"));
        Assert.Equal(first.CaseId, (await ClaimAsync(round.Id, "anna"))!.CaseId); // resumed

        _host.Clock.Advance(CallListService.Lease + TimeSpan.FromMinutes(1));
        var taken = await ClaimAsync(round.Id, "bram");

        Assert.Equal(first.CaseId, taken!.CaseId);
        var lost = await Assert.ThrowsAsync<CallException>(() => RecordAsync(first, CallOutcome.Weigering));
        Assert.Contains("niet meer van u", lost.Message, StringComparison.Ordinal);
        Assert.Equal(CallOutcome.Weigering, await RecordAsync(taken, CallOutcome.Weigering));
        var done = await _host.WithDbAsync(db => db.CallCases.SingleAsync());
        Assert.Equal((CallCaseState.Done, 1), (done.State, done.Attempts));
    }

    [Fact]
    public async Task An_appointment_comes_back_at_its_time_to_the_interviewer_who_made_it_and_after_the_grace_period_to_anyone()
    {
        var round = await SeedAsync(RoundMode.Telefoon, 2);
        await FillAsync();
        var anna = (await ClaimAsync(round.Id, "anna"))!;
        var callback = Now.AddHours(2);
        Assert.Equal(CallOutcome.Afspraak, await RecordAsync(anna, CallOutcome.Afspraak, callback));
        var other = (await ClaimAsync(round.Id, "bram"))!;
        Assert.NotEqual(anna.CaseId, other.CaseId);
        await RecordAsync(other, CallOutcome.Weigering);

        // Before its time nobody gets it; at its time only Anna does.
        _host.Clock.Advance(TimeSpan.FromMinutes(119));
        Assert.Null(await ClaimAsync(round.Id, "anna"));
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await ClaimAsync(round.Id, "bram"));
        var back = (await ClaimAsync(round.Id, "anna"))!;
        Assert.Equal((anna.CaseId, callback), (back.CaseId, back.CallbackAt));

        // Anna makes a new appointment but is not there at its time: after 15 minutes Bram may call.
        await RecordAsync(back, CallOutcome.Afspraak, Now.AddHours(1));
        _host.Clock.Advance(TimeSpan.FromMinutes(74));
        Assert.Null(await ClaimAsync(round.Id, "bram"));
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(anna.CaseId, (await ClaimAsync(round.Id, "bram"))!.CaseId);
    }

    [Fact]
    public async Task After_the_maximum_attempts_spread_over_morning_afternoon_and_evening_the_participant_is_not_reachable()
    {
        var round = await SeedAsync(RoundMode.Telefoon, 1, maxAttempts: 4);
        await FillAsync();
        var outcomes = new List<CallOutcome>();
        foreach (var outcome in new[] { CallOutcome.GeenGehoor, CallOutcome.InGesprek, CallOutcome.Voicemail, CallOutcome.GeenGehoor })
        {
            var claim = (await ClaimAsync(round.Id, "anna"))!;
            outcomes.Add(await RecordAsync(claim, outcome));
            var next = await _host.WithDbAsync(db => db.CallCases.Select(c => c.NextCallAt).SingleAsync());
            Assert.Null(await ClaimAsync(round.Id, "anna")); // not before the next day part
            _host.Clock.Advance(next - Now);
        }

        Assert.Equal([CallOutcome.GeenGehoor, CallOutcome.InGesprek, CallOutcome.Voicemail, CallOutcome.NietBereikbaar], outcomes);
        var attempts = await _host.WithDbAsync(db => db.CallAttempts.OrderBy(a => a.Id).ToListAsync());
        // Monday 10:00, 12:00, 18:00 Dutch time, then Tuesday 09:00.
        Assert.Equal([DayPart.Ochtend, DayPart.Middag, DayPart.Avond, DayPart.Ochtend], attempts.Select(a => a.DayPart));
        Assert.Equal([new DateTime(2009, 9, 14, 8, 0, 0), new DateTime(2009, 9, 14, 10, 0, 0), new DateTime(2009, 9, 14, 16, 0, 0), new DateTime(2009, 9, 15, 7, 0, 0)],
            attempts.Select(a => DateTime.SpecifyKind(a.EndedAt, DateTimeKind.Unspecified)));
        var done = await _host.WithDbAsync(db => db.CallCases.SingleAsync());
        Assert.Equal((CallCaseState.Done, CallOutcome.NietBereikbaar), (done.State, done.LastOutcome));
        Assert.Null(await ClaimAsync(round.Id, "anna"));
    }

    [Fact]
    public async Task The_summary_counts_calls_and_averages_their_length_per_interviewer()
    {
        var round = await SeedAsync(RoundMode.Telefoon, 3);
        await FillAsync();
        var ids = new Dictionary<string, string>();
        foreach (var email in new[] { "anna@belbureau.test", "bram@belbureau.test" })
        {
            ids[email] = (await WithServiceAsync<Klantmeting.Users.UserService, (Klantmeting.Users.User User, string? Password)>(u =>
                u.CreateAsync(email, Klantmeting.Users.Roles.Interviewer, [], "Correct-Paard-Batterij-9", mustChangePassword: false))).User.Id;
        }

        // Anna: 4 and 6 minutes; Bram: 2 minutes.
        foreach (var (email, minutes, outcome) in new[] { ("anna@belbureau.test", 4, CallOutcome.GeenGehoor), ("anna@belbureau.test", 6, CallOutcome.Weigering), ("bram@belbureau.test", 2, CallOutcome.Voicemail) })
        {
            var claim = (await ClaimAsync(round.Id, ids[email]))!;
            _host.Clock.Advance(TimeSpan.FromMinutes(minutes));
            await RecordAsync(claim, outcome);
        }

        var summary = await WithServiceAsync<InterviewerSummaries, IReadOnlyList<InterviewerSummary>>(s => s.ForRoundAsync(round.Id));

        // Anna: 2 calls, (4 + 6) / 2 = 5.0 minutes; Bram: 1 call, 2.0 minutes; no interviews yet.
        Assert.Equal([new InterviewerSummary("anna@belbureau.test", 2, 0, 5.0), new InterviewerSummary("bram@belbureau.test", 1, 0, 2.0)], summary);
    }

    [Fact]
    public async Task Nobody_is_called_outside_the_calling_hours_and_an_appointment_needs_a_future_time()
    {
        var round = await SeedAsync(RoundMode.Telefoon, 1);
        await FillAsync();
        _host.Clock.Advance(TimeSpan.FromHours(12.5)); // 22:30 Dutch time
        var (claim, reason) = await WithAsync(s => s.ClaimNextAsync(round.Id, "anna"));
        Assert.Null(claim);
        Assert.Contains("buiten de beltijden", reason, StringComparison.Ordinal);

        _host.Clock.Advance(TimeSpan.FromHours(11)); // Tuesday 09:30
        claim = (await WithAsync(s => s.ClaimNextAsync(round.Id, "anna"))).Claim!;
        var past = await Assert.ThrowsAsync<CallException>(() => RecordAsync(claim, CallOutcome.Afspraak, Now.AddMinutes(-5)));
        Assert.Contains("tijd in de toekomst", past.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _host.WithDbAsync(db => db.CallAttempts.CountAsync()));
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class CallListTestsOnSqlite() : CallListTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class CallListTestsOnPostgreSql() : CallListTests(DatabaseProvider.PostgreSql);
