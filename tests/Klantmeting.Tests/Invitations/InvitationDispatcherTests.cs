using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Klantmeting.Tests.Invitations;

/// <summary>Dispatch against a real SQLite file and the outbox delivery (or a closed SMTP port).</summary>
public sealed partial class InvitationDispatcherTests
{
    private static async Task<DispatchResult> DispatchAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<InvitationDispatcher>().DispatchAsync(CancellationToken.None);
    }

    private static List<MimeMessage> Outbox(TestHost host) =>
        Directory.Exists(host.OutboxPath)
            ? Directory.GetFiles(host.OutboxPath, "*.eml").Select(f => MimeMessage.Load(f)).ToList()
            : [];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Accepted_messages_are_recorded_in_groups_and_the_last_group_of_each_batch_is_recorded_too(DatabaseProvider provider)
    {
        // Batches of 7 recorded in groups of 3: 3 + 3 + 1 per batch; 25 = three full batches and one of 4.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Invitations:BatchSize"] = "7",
            ["Invitations:MarkSentGroupSize"] = "3",
        }, provider: provider);
        await host.SeedRoundAsync("r1", 25);

        var result = await DispatchAsync(host);

        Assert.Equal(25, result.Sent);
        Assert.Equal(25, Outbox(host).Count);
        var invitations = await host.WithDbAsync(db => db.Invitations.AsNoTracking().ToListAsync());
        Assert.All(invitations, i =>
        {
            Assert.Equal(InvitationState.Sent, i.State);
            Assert.Null(i.ClaimId);
            Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, i.SentAt);
        });

        // Nothing was left claimed or pending, so nothing goes out twice, not even after the lease.
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
        Assert.Equal(25, Outbox(host).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Open_round_sends_every_pending_invitation_once_with_a_working_token(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Invitations:BatchSize"] = "7" }, provider: provider);
        await host.SeedRoundAsync("r1", 25);

        var result = await DispatchAsync(host);

        Assert.Equal(25, result.Sent);
        var messages = Outbox(host);
        Assert.Equal(25, messages.Count);
        Assert.Equal(25, messages.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        var invitations = await host.WithDbAsync(db => db.Invitations.AsNoTracking().ToListAsync());
        Assert.All(invitations, i =>
        {
            Assert.Equal(InvitationState.Sent, i.State);
            Assert.Equal(1, i.Attempts);
            Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, i.SentAt);
        });

        // The link in each message carries a token whose hash is the stored one, and only the hash is stored.
        foreach (var message in messages)
        {
            var id = long.Parse(message.Headers["X-Klantmeting-Invitation"]!, System.Globalization.CultureInfo.InvariantCulture);
            var token = TokenRegex().Match(message.TextBody!).Groups[1].Value;
            Assert.True(InvitationToken.IsWellFormed(token), message.TextBody);
            Assert.Contains("https://klantmeting.test/v/" + token, message.HtmlBody, StringComparison.Ordinal);
            var stored = await host.WithDbAsync(db => db.InvitationTokens.AsNoTracking().SingleAsync(t => t.InvitationId == id && t.Purpose == TokenPurpose.Answer));
            Assert.Equal(stored.Hash, InvitationToken.Hash(token));
        }

        // Running again sends nothing more.
        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
        Assert.Equal(25, Outbox(host).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Message_is_dutch_html_and_text_with_werkplein_and_closing_date(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(provider: provider);
        await host.SeedRoundAsync("r1", 1);
        await DispatchAsync(host);

        var message = Assert.Single(Outbox(host));
        Assert.Equal("Hoe tevreden bent u over het Werkplein?", message.Subject);
        Assert.Contains("Testplein Zoë", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("tot en met 30 november 2009", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://klantmeting.test/privacy", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", message.TextBody!.Split("\r\n")[0], StringComparison.Ordinal);
        Assert.Contains("Testplein Zo", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("lang=\"nl\"", message.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Draft_and_closed_rounds_send_nothing(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(provider: provider);
        await host.SeedRoundAsync("concept", 3, RoundState.Draft);
        await host.SeedRoundAsync("dicht", 3, RoundState.Closed, emailPrefix: "ander");

        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
        Assert.Empty(Outbox(host));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Opening_a_round_makes_its_invitations_due(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(provider: provider);
        await host.SeedRoundAsync("later", 4, RoundState.Draft);
        Assert.Equal(0, (await DispatchAsync(host)).Claimed);

        await using (var scope = host.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoundService>().OpenAsync("later");
        }

        Assert.Equal(4, (await DispatchAsync(host)).Sent);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_workers_at_once_never_send_an_invitation_twice(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Invitations:BatchSize"] = "5" }, provider: provider);
        await host.SeedRoundAsync("r1", 120);

        // Two dispatchers with their own DbContext and connection, racing on the same database file.
        var results = await Task.WhenAll(Task.Run(() => DispatchAsync(host)), Task.Run(() => DispatchAsync(host)));

        Assert.Equal(120, results.Sum(r => r.Sent));
        var ids = Outbox(host).Select(m => m.Headers["X-Klantmeting-Invitation"]).ToList();
        Assert.Equal(120, ids.Count);
        Assert.Equal(120, ids.Distinct().Count());
        Assert.Equal(120, await host.WithDbAsync(db => db.Invitations.CountAsync(i => i.State == InvitationState.Sent)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unreachable_smtp_server_loses_nothing_and_retries_later(DatabaseProvider provider)
    {
        var closedPort = FreePort();
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mail:Delivery"] = "Smtp",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Invitations:RetryDelaySeconds"] = "60",
        }, provider: provider);
        await host.SeedRoundAsync("r1", 10);

        var result = await DispatchAsync(host);

        Assert.True(result.Unavailable);
        Assert.Equal(0, result.Sent);
        var rows = await host.WithDbAsync(db => db.Invitations.AsNoTracking().ToListAsync());
        Assert.All(rows, i =>
        {
            Assert.Equal(InvitationState.Pending, i.State);
            Assert.Null(i.ClaimId);
            Assert.Contains("niet bereikbaar", i.LastError, StringComparison.Ordinal);
            Assert.True(i.NextAttemptAt > host.Clock.GetUtcNow().UtcDateTime);
        });

        // Not due yet: nothing is claimed before the retry time.
        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(10, (await DispatchAsync(host)).Claimed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Claim_of_a_vanished_worker_is_taken_over_after_the_lease_only(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Invitations:ClaimLeaseSeconds"] = "300" }, provider: provider);
        await host.SeedRoundAsync("r1", 3);
        var now = host.Clock.GetUtcNow().UtcDateTime;
        // A worker claimed all three and died (SIGKILL) before sending.
        await host.WithDbAsync(db => db.Invitations.ExecuteUpdateAsync(s => s
            .SetProperty(i => i.State, InvitationState.Claimed)
            .SetProperty(i => i.ClaimId, Guid.NewGuid())
            .SetProperty(i => i.ClaimedAt, now)
            .SetProperty(i => i.Attempts, 1)));

        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
        host.Clock.Advance(TimeSpan.FromSeconds(301));
        var result = await DispatchAsync(host);

        Assert.Equal(3, result.Sent);
        Assert.All(await host.WithDbAsync(db => db.Invitations.AsNoTracking().ToListAsync()), i => Assert.Equal(2, i.Attempts));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_long_outage_uses_up_no_attempts_and_fails_nothing(DatabaseProvider provider)
    {
        // Giving up after MaxAttempts refusals is tested with a real server that refuses (SmtpRefusalTests).
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mail:Delivery"] = "Smtp",
            ["Smtp:Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Invitations:MaxAttempts"] = "2",
        }, provider: provider);
        await host.SeedRoundAsync("r1", 2);

        for (var n = 0; n < 5; n++)
        {
            Assert.True((await DispatchAsync(host)).Unavailable);
            host.Clock.Advance(TimeSpan.FromHours(2));
        }

        var rows = await host.WithDbAsync(db => db.Invitations.AsNoTracking().ToListAsync());
        Assert.All(rows, i =>
        {
            Assert.Equal(InvitationState.Pending, i.State);
            Assert.Equal(0, i.Attempts);
        });
    }

    [Fact]
    public void Tokens_have_256_random_bits_and_differ()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => InvitationToken.Generate()).ToList();
        Assert.Equal(1000, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.True(InvitationToken.IsWellFormed(t)));
        Assert.False(InvitationToken.IsWellFormed(tokens[0][..42]));
        Assert.False(InvitationToken.IsWellFormed(tokens[0][..42] + "!"));
        Assert.Equal(32, InvitationToken.Hash(tokens[0]).Length);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"/v/([A-Za-z0-9_-]+)")]
    private static partial Regex TokenRegex();
}
