using Hangfire;
using Hangfire.Storage;
using Klantmeting.Infrastructure.Jobs;
using Klantmeting.Invitations;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Bounces;

/// <summary>The web host registers the bounce job on worker nodes when a bounce mailbox is configured, and it runs by itself.</summary>
public sealed class RecurringBounceJobTests(DovecotServer dovecot) : IClassFixture<DovecotServer>
{
    private static WebApplicationFactory<Program> Web(TestHost cli, IEnumerable<KeyValuePair<string, string?>> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Klantmeting", cli.ConnectionString);
            b.UseSetting("Mail:Delivery", "Outbox");
            b.UseSetting("Mail:OutboxPath", cli.OutboxPath);
            b.UseSetting("Demo:Seed", "false");
            foreach (var (k, v) in settings)
            {
                b.UseSetting(k, v);
            }
        });

    private static List<string> RecurringJobIdsOf(WebApplicationFactory<Program> app)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Select(j => j.Id).ToList();
    }

    [Fact]
    public async Task A_dropped_hard_bounce_is_handled_by_the_recurring_job()
    {
        var user = dovecot.CreateMailbox();
        var settings = dovecot.Settings(user);
        foreach (var (k, v) in BounceSamples.Settings)
        {
            settings[k] = v;
        }

        await using var cli = await TestHost.StartAsync(settings);
        await cli.SeedRoundAsync("najaar", 2);
        await using (var scope = cli.CreateScope())
        {
            Assert.Equal(2, (await scope.ServiceProvider.GetRequiredService<InvitationDispatcher>().DispatchAsync(CancellationToken.None)).Sent);
        }

        var id = await cli.WithDbAsync(db => db.Invitations.MinAsync(i => i.Id));
        await dovecot.AppendAsync(user, BounceSamples.Load("exchange-5.1.10-hard.eml", id));

        settings["Bounces:Cron"] = "*/1 * * * * *";
        await using var web = Web(cli, settings);
        _ = web.Server; // start: migrations, Hangfire server, recurring jobs
        Assert.Contains(RecurringJobIds.ProcessBounces, RecurringJobIdsOf(web));

        var state = await Eventually.ValueAsync(
            () => cli.WithDbAsync(db => db.Invitations.Where(i => i.Id == id).Select(i => i.State).SingleAsync()),
            x => x == InvitationState.Bounced, TimeSpan.FromSeconds(30));

        Assert.Equal(InvitationState.Bounced, state);
        Assert.Equal(1, (await dovecot.CountAsync(user)).GetValueOrDefault("Klantmeting/Verwerkt"));

        // The development outbox shows the return path each message had.
        var file = Directory.GetFiles(cli.OutboxPath, "*.eml").First();
        var invitation = MimeKit.MimeMessage.Load(file).Headers[Klantmeting.Infrastructure.Email.ReturnPaths.InvitationHeader]!;
        await using (var scope = web.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("beheerder@ako.test", Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        }

        var client = web.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using (var signIn = await AccessAppFactory.PostSignInAsync(client, "beheerder@ako.test", AccessAppFactory.Password))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var html = await client.GetStringAsync("/dev/outbox?id=" + Uri.EscapeDataString(Path.GetFileName(file)));
        var expected = BounceSamples.ReturnPaths.For(long.Parse(invitation, System.Globalization.CultureInfo.InvariantCulture))!.Address;
        // Razor encodes '+' as a character reference: compare the text a reader sees.
        var text = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, @"\s+", " "));
        Assert.Contains("Retouradres voor bounces: <" + expected + ">", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_bounce_mailbox_or_on_a_web_node_there_is_no_bounce_job()
    {
        await using var cli = await TestHost.StartAsync();
        await using (var plain = Web(cli, []))
        {
            _ = plain.Server;
            var ids = RecurringJobIdsOf(plain);
            Assert.Contains(RecurringJobIds.DispatchInvitations, ids);
            Assert.DoesNotContain(RecurringJobIds.ProcessBounces, ids);
        }

        var settings = dovecot.Settings(dovecot.CreateMailbox());
        settings["App:Role"] = "Web";
        await using var web = Web(cli, settings);
        _ = web.Server;
        Assert.DoesNotContain(RecurringJobIds.ProcessBounces, RecurringJobIdsOf(web));
    }
}
