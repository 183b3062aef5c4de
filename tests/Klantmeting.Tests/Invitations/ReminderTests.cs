using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Klantmeting.Tests.Invitations.FieldworkTestKit;

namespace Klantmeting.Tests.Invitations;

/// <summary>Reminders, opt-out and suppression, on a real database with the outbox delivery and a moved clock.</summary>
public sealed class ReminderTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Non_respondents_get_two_reminders_at_day_7_and_14_and_the_partial_one_is_asked_to_continue(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(provider: provider);
        await host.SeedRoundAsync("r1", 4); // default reminders 7,14
        Assert.Equal(4, (await DispatchAsync(host)).Sent);
        var invitations = Outbox(host).ToDictionary(m => m.To());
        // persoon1 opts out (one click), persoon2 answers completely, persoon3 partly, persoon4 not at all.
        Assert.True(await OptOutAsync(host, invitations["persoon1@voorbeeld.nl"].OptOutToken()));
        await AnswerAsync(host, invitations["persoon2@voorbeeld.nl"].InvitationId(), complete: true);
        await AnswerAsync(host, invitations["persoon3@voorbeeld.nl"].InvitationId(), complete: false);

        host.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await DispatchAsync(host)).Sent);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var first = await DispatchAsync(host);
        Assert.Equal(2, first.RemindersSent);
        Assert.Equal(0, (await DispatchAsync(host)).Sent);

        var reminders1 = Outbox(host).Where(m => m.ReminderNumber() == 1).ToDictionary(m => m.To());
        Assert.Equal(["persoon3@voorbeeld.nl", "persoon4@voorbeeld.nl"], reminders1.Keys.Order());
        var partial = reminders1["persoon3@voorbeeld.nl"];
        Assert.Equal("Herinnering: Hoe tevreden bent u over het Werkplein?", partial.Subject);
        Assert.Contains("Ga verder waar u gebleven was", partial.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Ga verder waar u gebleven was", reminders1["persoon4@voorbeeld.nl"].TextBody, StringComparison.Ordinal);
        Assert.Contains("Start de vragenlijst", reminders1["persoon4@voorbeeld.nl"].TextBody, StringComparison.Ordinal);

        // Fresh tokens per mail, and every link ever sent keeps working: invitation and reminder open the same questionnaire.
        var inv4 = invitations["persoon4@voorbeeld.nl"];
        var rem4 = reminders1["persoon4@voorbeeld.nl"];
        Assert.NotEqual(inv4.AnswerToken(), rem4.AnswerToken());
        Assert.NotEqual(inv4.OptOutToken(), rem4.OptOutToken());
        Assert.Equal(inv4.InvitationId(), (await FindSessionAsync(host, inv4.AnswerToken()))!.Invitation.Id);
        Assert.Equal(inv4.InvitationId(), (await FindSessionAsync(host, rem4.AnswerToken()))!.Invitation.Id);
        // An opt-out token does not open the questionnaire, and an answer token does not opt out.
        Assert.Null(await FindSessionAsync(host, rem4.OptOutToken()));
        Assert.False(await OptOutAsync(host, rem4.AnswerToken()));
        Assert.Contains("https://klantmeting.test/afmelden/" + rem4.OptOutToken(), rem4.TextBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", rem4.Headers["List-Unsubscribe-Post"]);

        host.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await DispatchAsync(host)).Sent);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await DispatchAsync(host)).RemindersSent);
        host.Clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(0, (await DispatchAsync(host)).Sent);

        var perAddress = Outbox(host).GroupBy(m => m.To()).ToDictionary(g => g.Key, g => g.Select(m => m.ReminderNumber()).Order().ToList());
        Assert.Equal([0], perAddress["persoon1@voorbeeld.nl"]);
        Assert.Equal([0], perAddress["persoon2@voorbeeld.nl"]);
        Assert.Equal([0, 1, 2], perAddress["persoon3@voorbeeld.nl"]);
        Assert.Equal([0, 1, 2], perAddress["persoon4@voorbeeld.nl"]);
        var states = await host.WithDbAsync(db => db.Invitations.AsNoTracking().OrderBy(i => i.Id).Select(i => new { i.State, i.RemindersSent, i.NextReminderAt }).ToListAsync());
        Assert.Equal(InvitationState.OptedOut, states[0].State);
        Assert.Equal([0, 0, 2, 2], states.Select(s => s.RemindersSent));
        // Nothing planned any more, except for the complete one, whose planned reminder is skipped because it answered.
        Assert.Null(states[0].NextReminderAt);
        Assert.NotNull(states[1].NextReminderAt);
        Assert.Null(states[2].NextReminderAt);
        Assert.Null(states[3].NextReminderAt);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_dispatchers_at_once_send_every_reminder_exactly_once(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Invitations:BatchSize"] = "5" }, provider: provider);
        await host.SeedRoundAsync("r1", 60);
        Assert.Equal(60, (await DispatchAsync(host)).Sent);

        for (var reminder = 1; reminder <= 2; reminder++)
        {
            host.Clock.Advance(TimeSpan.FromDays(7));
            // Two dispatchers with their own DbContext and connection race over the same due reminders.
            var results = await Task.WhenAll(Task.Run(() => DispatchAsync(host)), Task.Run(() => DispatchAsync(host)));
            Assert.Equal(60, results.Sum(r => r.RemindersSent));
            var n = reminder;
            var sent = Outbox(host).Where(m => m.ReminderNumber() == n).Select(m => m.InvitationId()).ToList();
            Assert.Equal(60, sent.Count);
            Assert.Equal(60, sent.Distinct().Count());
        }

        Assert.Equal(180, Outbox(host).Count);
        Assert.Equal(60, await host.WithDbAsync(db => db.Invitations.CountAsync(i => i.RemindersSent == 2 && i.ReminderClaimId == null)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reminder_claim_of_a_vanished_worker_is_taken_over_after_the_lease_only(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Invitations:ClaimLeaseSeconds"] = "300" }, provider: provider);
        await host.SeedRoundAsync("r1", 3);
        await DispatchAsync(host);
        host.Clock.Advance(TimeSpan.FromDays(7));
        var now = host.Clock.GetUtcNow().UtcDateTime;
        // A worker claimed the three reminders and died before sending.
        await host.WithDbAsync(db => db.Invitations.ExecuteUpdateAsync(s => s
            .SetProperty(i => i.ReminderClaimId, Guid.NewGuid())
            .SetProperty(i => i.ReminderClaimedAt, now)
            .SetProperty(i => i.ReminderAttempts, 1)));

        Assert.Equal(0, (await DispatchAsync(host)).Sent);
        host.Clock.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal(3, (await DispatchAsync(host)).RemindersSent);
        Assert.Equal(3, Outbox(host).Count(m => m.ReminderNumber() == 1));
    }

    [Fact]
    public async Task A_round_without_reminders_sends_none_and_closed_rounds_send_none()
    {
        await using var host = await TestHost.StartAsync();
        await host.SeedRoundAsync("zonder", 2);
        await host.SeedRoundAsync("gaat-dicht", 2, emailPrefix: "ander");
        await host.WithDbAsync(db => db.Rounds.Where(r => r.Name == "zonder").ExecuteUpdateAsync(s => s.SetProperty(r => r.ReminderDays, "")));
        Assert.Equal(4, (await DispatchAsync(host)).Sent);
        await using (var scope = host.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoundService>().CloseAsync("gaat-dicht");
        }

        host.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, (await DispatchAsync(host)).Sent);
        Assert.Equal(4, Outbox(host).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Opt_out_is_idempotent_and_keeps_the_address_out_of_later_rounds(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(provider: provider);
        await host.SeedRoundAsync("r1", 2);
        await DispatchAsync(host);
        var mail = Outbox(host).Single(m => m.To() == "persoon1@voorbeeld.nl");
        Assert.True(await OptOutAsync(host, mail.OptOutToken()));
        Assert.True(await OptOutAsync(host, mail.OptOutToken()));
        Assert.False(await OptOutAsync(host, InvitationToken.Generate()));
        Assert.Equal(1, await host.WithDbAsync(db => db.Invitations.CountAsync(i => i.State == InvitationState.OptedOut)));
        var suppressed = await host.WithDbAsync(db => db.SuppressedAddresses.AsNoTracking().ToListAsync());
        // Only a hash of the address is kept.
        Assert.Equal(SuppressedAddress.HashOf("persoon1@voorbeeld.nl"), Assert.Single(suppressed).Hash);
        Assert.Equal(64, suppressed[0].Hash.Length);

        // A later round with the same two people: the opted-out address is not mailed, and it says why.
        await host.SeedRoundAsync("r2", 2);
        var result = await DispatchAsync(host);
        Assert.Equal(1, result.Sent);
        Assert.Equal(1, result.Suppressed);
        Assert.Equal(3, Outbox(host).Count);
        var r2 = await host.WithDbAsync(db => db.Invitations.AsNoTracking().Where(i => db.Rounds.Any(r => r.Id == i.RoundId && r.Name == "r2")).OrderBy(i => i.Id).ToListAsync());
        Assert.Equal(InvitationState.OptedOut, r2[0].State);
        Assert.Equal(InvitationDispatcher.SuppressedNote, r2[0].LastError);
        Assert.Equal(InvitationState.Sent, r2[1].State);
    }

    [Fact]
    public async Task Suppression_can_be_switched_off()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Invitations:SuppressOptedOutInFutureRounds"] = "false" });
        await host.SeedRoundAsync("r1", 1);
        await DispatchAsync(host);
        Assert.True(await OptOutAsync(host, Outbox(host).Single().OptOutToken()));
        Assert.Equal(0, await host.WithDbAsync(db => db.SuppressedAddresses.CountAsync()));
        await host.SeedRoundAsync("r2", 1);
        Assert.Equal(1, (await DispatchAsync(host)).Sent);
    }

    [Theory]
    [InlineData("7,14", "7,14")]
    [InlineData(" 3 , 10 ,21", "3,10,21")]
    [InlineData("none", "")]
    [InlineData("geen", "")]
    public void Reminder_days_are_parsed(string text, string stored)
    {
        Assert.Equal(stored, ReminderSchedule.Parse(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("14,7", "oplopen")]
    [InlineData("7,7", "oplopen")]
    [InlineData("0", "'0' is geen geldig aantal dagen")]
    [InlineData("zeven", "'zeven' is geen geldig aantal dagen")]
    [InlineData("", "'' is geen geldig aantal dagen")]
    [InlineData("366", "'366'")]
    [InlineData("1,2,3,4,5,6", "hoogstens 5")]
    public void Wrong_reminder_days_get_a_clear_error(string text, string expected)
    {
        Assert.Null(ReminderSchedule.Parse(text, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rounds_are_created_with_their_reminders_and_wrong_reminders_store_nothing()
    {
        await using var host = await TestHost.StartAsync();
        await using var scope = host.CreateScope();
        var rounds = scope.ServiceProvider.GetRequiredService<RoundService>();
        Assert.Equal("7,14", (await rounds.CreateAsync("standaard", "werkzoekenden-2009", new DateOnly(2009, 9, 1), new DateOnly(2009, 11, 30))).ReminderDays);
        Assert.Equal("", (await rounds.CreateAsync("geen", "werkzoekenden-2009", new DateOnly(2009, 9, 1), new DateOnly(2009, 11, 30), "none")).ReminderDays);
        var ex = await Assert.ThrowsAsync<RoundException>(() => rounds.CreateAsync("fout", "werkzoekenden-2009", new DateOnly(2009, 9, 1), new DateOnly(2009, 11, 30), "14,7"));
        Assert.Contains("oplopen", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, await host.WithDbAsync(db => db.Rounds.CountAsync()));
    }
}
