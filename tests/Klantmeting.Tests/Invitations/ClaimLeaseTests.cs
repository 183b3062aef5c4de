using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Email;
using Klantmeting.Invitations;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;

namespace Klantmeting.Tests.Invitations;

/// <summary>
/// The lease of a batch that is slow while its worker lives is renewed (no second worker takes it over), and rows a
/// second worker took over from a stalled one are skipped by the first. Real outbox delivery; after each message
/// the test moves the clock (the "slowness") and may run a second dispatcher, as a second worker would.
/// </summary>
public sealed class ClaimLeaseTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_slow_batch_of_a_live_worker_keeps_its_claim(DatabaseProvider provider)
    {
        var hook = new AfterSend();
        await using var host = await StartAsync(provider, hook);
        await host.SeedRoundAsync("r1", 6);
        var secondClaimed = new List<int>();
        hook.Action = async sent =>
        {
            host.Clock.Advance(TimeSpan.FromSeconds(100)); // 600 s for the batch: twice the lease
            if (sent == 4)
            {
                secondClaimed.Add((await DispatchAsync(host)).Claimed);
            }
        };

        var first = await DispatchAsync(host);

        Assert.Equal([0], secondClaimed);
        Assert.Equal(6, first.Sent);
        AssertEachAddressOnce(host, 6);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rows_taken_over_from_a_stalled_batch_are_not_sent_by_it(DatabaseProvider provider)
    {
        var hook = new AfterSend();
        await using var host = await StartAsync(provider, hook);
        await host.SeedRoundAsync("r1", 6);
        var other = Guid.NewGuid();
        hook.Action = async sent =>
        {
            if (sent == 1)
            {
                // The worker stalls past the lease, and meanwhile another worker takes over the rows not yet sent
                // (what its claiming UPDATE does to rows whose lease ran out).
                host.Clock.Advance(TimeSpan.FromSeconds(400));
                var now = host.Clock.GetUtcNow().UtcDateTime;
                // The batch goes in id order, so the first row is the one just sent.
                await host.WithDbAsync(async db =>
                {
                    var sentOne = await db.Invitations.MinAsync(i => i.Id);
                    return await db.Invitations.Where(i => i.Id > sentOne && i.State == InvitationState.Claimed)
                        .ExecuteUpdateAsync(s => s.SetProperty(i => i.ClaimId, other).SetProperty(i => i.ClaimedAt, now));
                });
            }
        };

        var first = await DispatchAsync(host);

        Assert.Equal(1, first.Sent);
        AssertEachAddressOnce(host, 1);
        var rows = await host.WithDbAsync(db => db.Invitations.AsNoTracking().OrderBy(i => i.Id).ToListAsync());
        Assert.Equal(InvitationState.Sent, rows[0].State);
        Assert.All(rows.Skip(1), i =>
        {
            Assert.Equal(InvitationState.Claimed, i.State);
            Assert.Equal(other, i.ClaimId);
        });
    }

    private static Task<TestHost> StartAsync(DatabaseProvider provider, AfterSend hook) =>
        TestHost.StartAsync(new Dictionary<string, string?> { ["Invitations:ClaimLeaseSeconds"] = "300" }, provider: provider,
            services: s =>
            {
                s.RemoveAll<IMailDelivery>();
                s.AddSingleton<OutboxMailDelivery>();
                s.AddSingleton<IMailDelivery>(sp => new HookedDelivery(sp.GetRequiredService<OutboxMailDelivery>(), hook));
            });

    private static async Task<DispatchResult> DispatchAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<InvitationDispatcher>().DispatchAsync(CancellationToken.None);
    }

    private static void AssertEachAddressOnce(TestHost host, int count)
    {
        var to = Directory.GetFiles(host.OutboxPath, "*.eml").Select(f => MimeMessage.Load(f).To.Mailboxes.Single().Address).ToList();
        Assert.Equal(count, to.Count);
        Assert.Equal(count, to.Distinct().Count());
    }

    private sealed class AfterSend
    {
        private int _sent;

        public Func<int, Task> Action { get; set; } = _ => Task.CompletedTask;

        public Task RunAsync() => Action(Interlocked.Increment(ref _sent));
    }

    /// <summary>The real outbox delivery; after each message it runs the test's action.</summary>
    private sealed class HookedDelivery(OutboxMailDelivery inner, AfterSend hook) : IMailDelivery
    {
        public async Task<IMailSession> OpenAsync(CancellationToken ct) => new Session(await inner.OpenAsync(ct), hook);

        private sealed class Session(IMailSession inner, AfterSend hook) : IMailSession
        {
            public async Task SendAsync(MimeMessage message, CancellationToken ct)
            {
                await inner.SendAsync(message, ct);
                await hook.RunAsync();
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
