using Hangfire;
using Klantmeting.Infrastructure.Jobs;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Invitations;

/// <summary>The web host's Hangfire recurring job sends what an open round has, with nobody touching the dashboard.</summary>
public sealed class RecurringDispatchTests
{
    [Fact]
    public async Task Opening_a_round_in_another_process_starts_sending_on_the_next_tick()
    {
        // The "other process" is a second service host (as the CLI is) on the same database file.
        await using var cli = await TestHost.StartAsync(new Dictionary<string, string?> { ["Invitations:DispatchCron"] = "*/1 * * * * *" });
        await cli.SeedRoundAsync("najaar", 12, RoundState.Draft);
        await using var web = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Klantmeting", cli.ConnectionString);
            b.UseSetting("Mail:Delivery", "Outbox");
            b.UseSetting("Mail:OutboxPath", cli.OutboxPath);
            b.UseSetting("Demo:Seed", "false");
            b.UseSetting("Invitations:DispatchCron", "*/1 * * * * *");
            b.UseSetting("Invitations:SendingDays", TestHost.AllDays);
            b.UseSetting("Invitations:SendingHours", "00:00-24:00");
        });
        _ = web.Server; // start the host: migrations, Hangfire server, recurring jobs

        // Nothing is sent for a draft round: the dispatcher finds nothing to claim, however often it runs, and the
        // recurring job has run (to success) after the host started without writing a file.
        await using (var scope = cli.CreateScope())
        {
            for (var run = 0; run < 3; run++)
            {
                Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<InvitationDispatcher>().DispatchAsync(CancellationToken.None)).Claimed);
            }
        }

        await Eventually.RecurringRunsAsync(web.Services.GetRequiredService<JobStorage>(), RecurringJobIds.DispatchInvitations, 2, TimeSpan.FromSeconds(30));
        Assert.False(Directory.Exists(cli.OutboxPath) && Directory.GetFiles(cli.OutboxPath).Length > 0, "a draft round sent mail");

        await using (var scope = cli.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoundService>().OpenAsync("najaar");
        }

        var sent = await Eventually.ValueAsync(
            () => cli.WithDbAsync(db => db.Invitations.CountAsync(i => i.State == InvitationState.Sent)), n => n == 12, TimeSpan.FromSeconds(30));
        Assert.Equal(12, sent);
        Assert.Equal(12, Directory.GetFiles(cli.OutboxPath, "*.eml").Length);
    }
}
