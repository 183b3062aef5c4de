using Klantmeting.Bounces;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Klantmeting.Tests.Bounces;

/// <summary>
/// The bounce job against a real IMAP server (dovecot on 127.0.0.1) and a real database (SQLite file, PostgreSQL):
/// reports are dropped into the mailbox with IMAP APPEND, exactly as a mail server would deliver them.
/// </summary>
public sealed class BounceMailboxTests(DovecotServer dovecot) : IClassFixture<DovecotServer>
{
    private const string Inbox = "INBOX";
    private const string Processed = "Klantmeting/Verwerkt";
    private const string Unmatched = "Klantmeting/Onbekend";

    private async Task<(TestHost Host, string User)> StartAsync(DatabaseProvider provider)
    {
        var user = dovecot.CreateMailbox();
        var settings = dovecot.Settings(user);
        foreach (var (k, v) in BounceSamples.Settings)
        {
            settings[k] = v;
        }

        return (await TestHost.StartAsync(settings, provider: provider), user);
    }

    private static async Task<DispatchResult> DispatchAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<InvitationDispatcher>().DispatchAsync(CancellationToken.None);
    }

    private static async Task<BounceRunResult> ReadMailboxAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BounceMailbox>().ProcessAsync(CancellationToken.None);
    }

    private static async Task<T> WithBouncesAsync<T>(TestHost host, Func<BounceService, Task<T>> action)
    {
        await using var scope = host.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<BounceService>());
    }

    private static Task<List<Invitation>> InvitationsAsync(TestHost host) =>
        host.WithDbAsync(db => db.Invitations.AsNoTracking().OrderBy(i => i.Id).ToListAsync());

    private static List<MimeMessage> Outbox(TestHost host) =>
        Directory.GetFiles(host.OutboxPath, "*.eml").Select(f => MimeMessage.Load(f)).ToList();

    private static int Count(Dictionary<string, int> folders, string name) => folders.GetValueOrDefault(name);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Hard_bounce_makes_the_invitation_3_30_and_it_is_never_mailed_again(DatabaseProvider provider)
    {
        var (host, user) = await StartAsync(provider);
        await using var _ = host;
        var round = await host.SeedRoundAsync("r1", 3);
        Assert.Equal(3, (await DispatchAsync(host)).Sent);
        var ids = (await InvitationsAsync(host)).Select(i => i.Id).ToList();

        // Every message in the outbox carries the return path of its own invitation.
        foreach (var message in Outbox(host))
        {
            var id = long.Parse(message.Headers[Klantmeting.Infrastructure.Email.ReturnPaths.InvitationHeader]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("<" + BounceSamples.ReturnPaths.For(id)!.Address + ">", message.Headers[HeaderId.ReturnPath]);
        }

        await dovecot.AppendAsync(user, BounceSamples.Load("postfix-5.1.1-hard.eml", ids[0]));
        var run = await ReadMailboxAsync(host);

        Assert.Equal(new BounceRunResult(Read: 1, Handled: 1, Unmatched: 0, AlreadyHandled: 0), run);
        var invitations = await InvitationsAsync(host);
        Assert.Equal(InvitationState.Bounced, invitations[0].State);
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, invitations[0].BouncedAt);
        Assert.All(invitations.Skip(1), i => Assert.Equal(InvitationState.Sent, i.State));
        var folders = await dovecot.CountAsync(user);
        Assert.Equal(0, Count(folders, Inbox));
        Assert.Equal(1, Count(folders, Processed));

        // The response rate counts it as 3.30.
        await using (var scope = host.CreateScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<ResultsService>().ComputeResponseRatesAsync("r1");
            var national = rows.First(r => r.Werkplein == ResultsService.National);
            Assert.Equal(1, national.Bounced);
            Assert.Equal(2, national.SentNoResponse);
        }

        // Even when a retry would be due, the dispatcher never picks a bounced invitation again.
        await host.WithDbAsync(db => db.Invitations.Where(i => i.Id == ids[0])
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.NextAttemptAt, host.Clock.GetUtcNow().UtcDateTime.AddDays(-1))));
        // Two weeks on, the others get their reminders; the bounced one gets neither a retry nor a reminder.
        host.Clock.Advance(TimeSpan.FromDays(14));
        await DispatchAsync(host);
        var mailed = Outbox(host)
            .GroupBy(m => long.Parse(m.Headers[Klantmeting.Infrastructure.Email.ReturnPaths.InvitationHeader]!, System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, mailed[ids[0]]);
        Assert.All(ids.Skip(1), id => Assert.True(mailed[id] >= 2, $"invitation {id} got no reminder"));
        Assert.Equal(1, (await WithBouncesAsync(host, b => b.GetCountsAsync(round.Id))).Hard);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Soft_bounces_are_kept_retried_and_finalized_as_3_30_at_close(DatabaseProvider provider)
    {
        var (host, user) = await StartAsync(provider);
        await using var _ = host;
        var round = await host.SeedRoundAsync("r1", 4);
        await DispatchAsync(host);
        var ids = (await InvitationsAsync(host)).Select(i => i.Id).ToList();

        // [0] failed 4.2.2 (the sending server gave up for now); [1] delayed 4.2.2; [2] delayed 4.4.7 from Exchange.
        await dovecot.AppendAsync(user,
            BounceSamples.Load("postfix-4.2.2-failed.eml", ids[0]),
            BounceSamples.Load("postfix-4.2.2-delayed.eml", ids[1]),
            BounceSamples.Load("exchange-4.4.7-delayed.eml", ids[2]));
        Assert.Equal(3, (await ReadMailboxAsync(host)).Handled);

        var invitations = await InvitationsAsync(host);
        Assert.Equal(InvitationState.Pending, invitations[0].State);
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime.AddMinutes(240), invitations[0].NextAttemptAt);
        Assert.All(invitations.Take(3), i => Assert.Equal(1, i.SoftBounceCount));
        Assert.Equal(InvitationState.Sent, invitations[1].State);
        Assert.Equal(InvitationState.Sent, invitations[2].State);
        var counts = await WithBouncesAsync(host, b => b.GetCountsAsync(round.Id));
        Assert.Equal((1, 2), (counts.Soft, counts.Delayed));

        // The failed one is sent again after the retry delay, with its return path.
        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
        host.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(1, (await DispatchAsync(host)).Sent);
        Assert.Equal(5, Outbox(host).Count);
        Assert.Equal(InvitationState.Sent, (await InvitationsAsync(host))[0].State);

        // The delayed Exchange message is delivered after all (no more reports); the retried one fails again:
        // retries are used up (Bounces:SoftBounceRetries = 1), so it stays sent until the round closes.
        host.Clock.Advance(TimeSpan.FromHours(1));
        await dovecot.AppendAsync(user, BounceSamples.Load("postfix-4.2.2-failed.eml", ids[0], messageId: "tweede-keer@mail.voorbeeld.nl"));
        Assert.Equal(1, (await ReadMailboxAsync(host)).Handled);
        invitations = await InvitationsAsync(host);
        Assert.Equal(InvitationState.Sent, invitations[0].State);
        Assert.Equal(2, invitations[0].SoftBounceCount);

        // Someone whose message was delayed answered anyway: a response wins, it is not finalized.
        await host.WithDbAsync(async db =>
        {
            db.Responses.Add(new Klantmeting.Responses.Response
            {
                InvitationId = ids[2],
                RoundId = round.Id,
                StartedAt = host.Clock.GetUtcNow().UtcDateTime,
                UpdatedAt = host.Clock.GetUtcNow().UtcDateTime,
            });
            return await db.SaveChangesAsync();
        });

        // Closing the round runs its closing steps: soft bounces still undelivered become 3.30 (before the results
        // freeze); finalizing again changes nothing more.
        await using (var scope = host.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoundService>().CloseAsync(round.Name);
        }

        Assert.Equal(0, await WithBouncesAsync(host, b => b.FinalizeSoftBouncesAsync(round.Id)));
        invitations = await InvitationsAsync(host);
        Assert.Equal(
            [InvitationState.Bounced, InvitationState.Bounced, InvitationState.Sent, InvitationState.Sent],
            invitations.Select(i => i.State));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unmatched_reports_are_moved_aside_and_counted_never_dropped(DatabaseProvider provider)
    {
        var (host, user) = await StartAsync(provider);
        await using var _ = host;
        await host.SeedRoundAsync("r1", 1);
        await DispatchAsync(host);
        var id = (await InvitationsAsync(host)).Single().Id;

        await dovecot.AppendAsync(user,
            BounceSamples.Load("autoreply-junk.eml", id),
            BounceSamples.Load("dsn-missing-action-and-status.eml", id),
            BounceSamples.Load("postfix-5.1.1-hard.eml", id, verp: $"bounce+{id}-{new string('0', 20)}@{BounceSamples.Domain}"),
            // A valid return path of an invitation that does not exist (any more).
            BounceSamples.Load("exchange-5.1.10-hard.eml", 999_999));
        var run = await ReadMailboxAsync(host);

        Assert.Equal(new BounceRunResult(Read: 4, Handled: 0, Unmatched: 4, AlreadyHandled: 0), run);
        Assert.Equal(InvitationState.Sent, (await InvitationsAsync(host)).Single().State);
        var folders = await dovecot.CountAsync(user);
        Assert.Equal(0, Count(folders, Inbox));
        Assert.Equal(4, Count(folders, Unmatched));
        Assert.Equal(0, Count(folders, Processed));
        var counts = await WithBouncesAsync(host, b => b.GetCountsAsync());
        Assert.Equal(4, counts.Unmatched);
        Assert.Equal(4, counts.Total);
        var details = await host.WithDbAsync(db => db.BounceReports.OrderBy(r => r.Id).Select(r => r.Detail).ToListAsync());
        Assert.Equal(
            ["geen DSN (RFC 3464)", "DSN zonder Action/Status", "retouradres vervalst of beschadigd", "uitnodiging bestaat niet (meer)"],
            details);

        // They stay unread for a person to look at.
        using var client = await dovecot.ConnectAsync(user);
        var folder = await client.GetFolderAsync(Unmatched);
        await folder.OpenAsync(MailKit.FolderAccess.ReadOnly);
        var summaries = await folder.FetchAsync(0, -1, new MailKit.FetchRequest(MailKit.MessageSummaryItems.Flags));
        Assert.All(summaries, s => Assert.False(s.Flags!.Value.HasFlag(MailKit.MessageFlags.Seen)));
        Assert.All(summaries, s => Assert.Contains(BounceMailbox.UnmatchedKeyword, s.Keywords));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_concurrent_runs_and_a_third_handle_every_report_exactly_once(DatabaseProvider provider)
    {
        var (host, user) = await StartAsync(provider);
        await using var _ = host;
        var round = await host.SeedRoundAsync("r1", 40);
        await DispatchAsync(host);
        var ids = (await InvitationsAsync(host)).Select(i => i.Id).ToList();

        // 30 hard bounces, 10 delays of other invitations, 5 junk; and 5 of the hard bounces delivered twice (same Message-Id).
        var reports = new List<MimeMessage>();
        for (var n = 0; n < 30; n++)
        {
            reports.Add(BounceSamples.Load(n % 2 == 0 ? "postfix-5.1.1-hard.eml" : "exchange-5.1.10-hard.eml", ids[n], messageId: $"hard-{n}@mta.example"));
        }

        for (var n = 0; n < 10; n++)
        {
            reports.Add(BounceSamples.Load("postfix-4.2.2-delayed.eml", ids[30 + n], messageId: $"delay-{n}@mta.example"));
        }

        for (var n = 0; n < 5; n++)
        {
            reports.Add(BounceSamples.Load("autoreply-junk.eml", ids[n], messageId: $"junk-{n}@mta.example"));
            reports.Add(BounceSamples.Load("postfix-5.1.1-hard.eml", ids[n], messageId: $"hard-{n}@mta.example"));
        }

        await dovecot.AppendAsync(user, [.. reports]);

        var runs = await Task.WhenAll(Task.Run(() => ReadMailboxAsync(host)), Task.Run(() => ReadMailboxAsync(host)));
        var third = await ReadMailboxAsync(host);

        Assert.Equal(new BounceRunResult(0, 0, 0, 0), third);
        // 45 distinct reports: each applied by exactly one run; the 5 copies (and reads that raced) were seen as handled.
        Assert.Equal(40, runs.Sum(r => r.Handled));
        Assert.Equal(5, runs.Sum(r => r.Unmatched));
        Assert.Equal(45, await host.WithDbAsync(db => db.BounceReports.CountAsync()));
        var folders = await dovecot.CountAsync(user);
        Assert.Equal(0, Count(folders, Inbox));
        Assert.Equal(45, Count(folders, Processed));
        Assert.Equal(5, Count(folders, Unmatched));
        var invitations = await InvitationsAsync(host);
        Assert.All(invitations.Take(30), i => Assert.Equal(InvitationState.Bounced, i.State));
        // A delay is handled once per report: never counted twice.
        Assert.All(invitations.Skip(30), i => Assert.Equal((InvitationState.Sent, 1), (i.State, i.SoftBounceCount)));
        var counts = await WithBouncesAsync(host, b => b.GetCountsAsync());
        Assert.Equal((30, 10, 5), (counts.Hard, counts.Delayed, counts.Unmatched));
        Assert.Equal(30, (await WithBouncesAsync(host, b => b.GetCountsAsync(round.Id))).Hard);

        // Each report was claimed in the mailbox (CONDSTORE) by one run, then flagged as handled.
        using var client = await dovecot.ConnectAsync(user);
        var folder = await client.GetFolderAsync(Processed);
        await folder.OpenAsync(MailKit.FolderAccess.ReadOnly);
        var summaries = await folder.FetchAsync(0, -1, new MailKit.FetchRequest(MailKit.MessageSummaryItems.Flags));
        Assert.All(summaries, s =>
        {
            Assert.True(s.Flags!.Value.HasFlag(MailKit.MessageFlags.Seen));
            Assert.Contains(BounceMailbox.ProcessedKeyword, s.Keywords);
            Assert.Single(s.Keywords, k => k.StartsWith(BounceMailbox.ClaimKeywordPrefix, StringComparison.Ordinal));
        });
    }
}
