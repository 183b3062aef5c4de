using System.Net;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Tests.Bounces;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Jobs;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Fieldwork;

/// <summary>
/// Fieldwork that runs itself, with a real SMTP server (maildev), the Hangfire job, chromium and a moved clock:
/// invitations, a one-click opt-out taken from the received List-Unsubscribe header, a complete and a partial
/// answer, a hard-bounce report read from a real IMAP mailbox (dovecot), then exactly two reminders at day 7 and 14
/// for those who did not finish and neither opted out nor bounced; and an SMTP outage.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RemindersAndOptOutTests(BrowserFixture browser, MaildevServer smtp, DovecotServer imap)
    : IClassFixture<MaildevServer>, IClassFixture<DovecotServer>
{
    [Fact]
    public async Task Non_respondents_get_exactly_two_reminders_and_opted_out_bounced_and_complete_ones_none()
    {
        // Unique addresses: the SMTP server may be shared with other tests; everything is counted per address.
        var domain = $"r{Guid.NewGuid():N}"[..12] + ".voorbeeld.nl";
        string Address(string who) => $"{who}@{domain}";
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var port = FreePort();
        await using var app = Configure(KestrelAppFactory.OnPort(port), smtp.SmtpPort)
            .WithSetting("App:PublicBaseUrl", $"http://127.0.0.1:{port}")
            .WithClock(clock);
        // Bounces: every message has its own return path; the bounce job reads a real IMAP mailbox (dovecot).
        var mailbox = imap.CreateMailbox();
        foreach (var (key, value) in imap.Settings(mailbox).Concat(BounceSamples.Settings))
        {
            app.WithSetting(key, value);
        }

        app.WithSetting("Bounces:Cron", "*/1 * * * * *");
        var people = new[] { "afmelder", "invuller", "halverwege", "zwijger", "stuiteraar" };
        await SeedOpenRoundAsync(app, "Veldwerk", "7,14", people.Select(Address));

        // 1. Every invitation arrives once.
        foreach (var who in people)
        {
            await smtp.WaitForAsync(1, TimeSpan.FromSeconds(60), Address(who));
        }

        var invitations = await MailsByAddressAsync(smtp, domain);

        // 2. One opts out with the one-click POST of RFC 8058 to the URL in the received List-Unsubscribe header.
        var optOutMail = await smtp.SourceAsync(invitations[Address("afmelder")].Single().Id);
        Assert.Equal("List-Unsubscribe=One-Click", optOutMail.Headers["List-Unsubscribe-Post"]);
        var optOutUrl = MailLinks.OptOutHeader().Match(optOutMail.Headers["List-Unsubscribe"] ?? "").Groups[1].Value;
        Assert.StartsWith($"http://127.0.0.1:{port}/afmelden/", optOutUrl, StringComparison.Ordinal);
        using (var http = new HttpClient())
        {
            using var response = await http.PostAsync(optOutUrl, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The opt-out pages pass axe: the confirmation (already opted out) and the question with its button.
        var page = await browser.NewPageAsync();
        await page.GotoAsync(optOutUrl);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("U bent afgemeld");
        Assert.Empty(await Axe.RunAsync(page));
        var quietMail = await smtp.SourceAsync(invitations[Address("zwijger")].Single().Id);
        var quietOptOut = MailLinks.OptOutHeader().Match(quietMail.Headers["List-Unsubscribe"] ?? "").Groups[1].Value;
        await page.GotoAsync(quietOptOut);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ja, meld mij af" })).ToBeVisibleAsync();
        Assert.Empty(await Axe.RunAsync(page));

        // 3. One answers completely, one stops after the first step.
        await AnswerAsync(page, LinkOf(invitations[Address("invuller")].Single(), port), complete: true);
        await AnswerAsync(page, LinkOf(invitations[Address("halverwege")].Single(), port), complete: false);
        await page.Context.CloseAsync();

        // 3b. One address does not exist: the receiving server's hard-bounce report (5.1.1) for its VERP return path
        // lands in the bounce mailbox; the bounce job makes the invitation 3.30.
        var bouncedAddress = Address("stuiteraar");
        var bouncedId = await app.WithScopeAsync(sp => sp.GetRequiredService<KlantmetingDbContext>().ParticipantContacts
            .Where(c => c.Email == bouncedAddress)
            .Join(sp.GetRequiredService<KlantmetingDbContext>().Invitations, c => c.ParticipantId, i => i.ParticipantId, (c, i) => i.Id)
            .SingleAsync());
        await imap.AppendAsync(mailbox, BounceSamples.Load("postfix-5.1.1-hard.eml", bouncedId));
        var bouncedState = await Eventually.ValueAsync(
            () => app.WithScopeAsync(sp => sp.GetRequiredService<KlantmetingDbContext>().Invitations
                .Where(i => i.Id == bouncedId).Select(i => i.State).SingleAsync()),
            state => state == InvitationState.Bounced, TimeSpan.FromSeconds(60));

        Assert.Equal(InvitationState.Bounced, bouncedState);

        // 4. Day 7 and day 14: reminders for the two who did not finish, the partial one asked to continue.
        clock.Advance(TimeSpan.FromDays(7));
        await smtp.WaitForAsync(2, TimeSpan.FromSeconds(60), Address("halverwege"));
        await smtp.WaitForAsync(2, TimeSpan.FromSeconds(60), Address("zwijger"));
        clock.Advance(TimeSpan.FromDays(7));
        await smtp.WaitForAsync(3, TimeSpan.FromSeconds(60), Address("halverwege"));
        await smtp.WaitForAsync(3, TimeSpan.FromSeconds(60), Address("zwijger"));
        // Long after: nothing more. The dispatcher, run directly at the moved clock, finds nothing due, and the
        // recurring job has run since the clock moved.
        clock.Advance(TimeSpan.FromDays(30));
        for (var run = 0; run < 3; run++)
        {
            Assert.Equal(0, (await DispatchAsync(app)).Sent);
        }

        await Eventually.RecurringRunsAsync(app.Services.GetRequiredService<JobStorage>(), RecurringJobIds.DispatchInvitations, 1, TimeSpan.FromSeconds(60));

        var all = await MailsByAddressAsync(smtp, domain);
        Assert.Single(all[Address("afmelder")]);
        Assert.Single(all[Address("invuller")]);
        Assert.Single(all[Address("stuiteraar")]);
        Assert.Equal(3, all[Address("halverwege")].Count);
        Assert.Equal(3, all[Address("zwijger")].Count);
        var partialReminders = all[Address("halverwege")].Where(m => m.Subject.StartsWith("Herinnering: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, partialReminders.Count);
        Assert.All(partialReminders, m => Assert.Contains("Ga verder waar u gebleven was", m.Text, StringComparison.Ordinal));
        var otherReminders = all[Address("zwijger")].Where(m => m.Subject.StartsWith("Herinnering: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, otherReminders.Count);
        Assert.All(otherReminders, m => Assert.DoesNotContain("Ga verder waar u gebleven was", m.Text, StringComparison.Ordinal));
        Assert.Equal(["1", "2"], otherReminders.Select(m => Header(m, "X-Klantmeting-Reminder")).Order(StringComparer.Ordinal));

        // 5. The opt-out is stored as refusal; the reminders went out on day 7 and day 14 (the app's clock).
        var rows = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            return await (from i in db.Invitations
                          join c in db.ParticipantContacts on i.ParticipantId equals c.ParticipantId
                          select new { c.Email, i.State, i.SentAt, i.RemindersSent, i.LastReminderAt }).ToDictionaryAsync(x => x.Email);
        });
        Assert.Equal(InvitationState.OptedOut, rows[Address("afmelder")].State);
        Assert.Equal(InvitationState.Bounced, rows[Address("stuiteraar")].State);
        Assert.Equal(0, rows[Address("stuiteraar")].RemindersSent);
        var quiet = rows[Address("zwijger")];
        Assert.Equal(2, quiet.RemindersSent);
        Assert.InRange(quiet.LastReminderAt!.Value - quiet.SentAt!.Value, TimeSpan.FromDays(14), TimeSpan.FromDays(14) + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Smtp_outage_loses_nothing_fails_nothing_and_everything_arrives_once_after_it()
    {
        var own = await MaildevServer.StartOwnAsync();
        try
        {
            await OutageAsync(own);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    private static async Task OutageAsync(MaildevServer own)
    {
        var domain = $"s{Guid.NewGuid():N}"[..12] + ".voorbeeld.nl";
        await using var app = Configure(new KestrelAppFactory(), own.SmtpPort)
            .WithSetting("Invitations:RetryDelaySeconds", "1")
            .WithSetting("Invitations:MaxAttempts", "2");
        // The server goes down before the round opens: every invitation is due while it is away.
        await own.StopAsync();
        var addresses = Enumerable.Range(1, 20).Select(n => $"persoon{n}@{domain}").ToList();
        await SeedOpenRoundAsync(app, "Storing", "none", addresses);

        // The job tries, finds no server and releases everything; it keeps trying every second, more often than
        // MaxAttempts, and still nothing fails.
        await MaildevServer.WaitUntilAsync(async () => (await StatesAsync(app)).All(s => s.State == InvitationState.Pending && s.LastError == "SMTP-server niet bereikbaar"),
            TimeSpan.FromSeconds(60), "dispatch ran while the SMTP server was down");
        // More runs than MaxAttempts, each of which found the server away (Unavailable: it claimed rows and released them).
        for (var run = 0; run < 3; run++)
        {
            await MaildevServer.WaitUntilAsync(async () => (await DispatchAsync(app)).Unavailable,
                TimeSpan.FromSeconds(60), $"dispatch run {run + 1} finding the SMTP server down");
        }

        var during = await StatesAsync(app);
        Assert.Equal(20, during.Count);
        Assert.All(during, s => Assert.Equal(InvitationState.Pending, s.State));

        // Back: everything arrives, each address exactly once, and is marked sent.
        await own.RestartAsync();
        await own.WaitForAsync(20, TimeSpan.FromSeconds(60));
        // Every row marked sent, nothing left to send, and a whole run of the recurring job since then: a second
        // copy of any message would be in the list below.
        await MaildevServer.WaitUntilAsync(async () => (await StatesAsync(app)).All(s => s.State == InvitationState.Sent),
            TimeSpan.FromSeconds(60), "every invitation marked sent");
        Assert.Equal(0, (await DispatchAsync(app)).Claimed);
        await Eventually.RecurringRunsAsync(app.Services.GetRequiredService<JobStorage>(), RecurringJobIds.DispatchInvitations, 1, TimeSpan.FromSeconds(60));
        var received = (await own.ListAsync()).SelectMany(m => m.To.Select(t => t.Address.ToLowerInvariant())).ToList();
        Assert.Equal(20, received.Count);
        Assert.Equal(addresses.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
        Assert.All(await StatesAsync(app), s => Assert.Equal(InvitationState.Sent, s.State));
    }

    private static KestrelAppFactory Configure(KestrelAppFactory app, int smtpPort) => app
        .WithSmtp(smtpPort)
        .WithSetting("Smtp:TimeoutSeconds", "5")
        .WithSetting("Invitations:DispatchCron", "*/1 * * * * *");

    /// <summary>A Werkplein, a round with these reminders, the people (through the CSV import), opened.</summary>
    private static async Task SeedOpenRoundAsync(KestrelAppFactory app, string round, string reminders, IEnumerable<string> emails)
    {
        var csv = Path.Combine(app.DataFolder, "steekproef.csv");
        await File.WriteAllTextAsync(csv, "ref;email;werkplein;vaste_contactpersoon;uitkering\r\n" +
            string.Concat(emails.Select((e, n) => $"K-{n:000};{e};WP-VLD;ja;WW\r\n")));
        var werkpleinen = Path.Combine(app.DataFolder, "werkpleinen.csv");
        await File.WriteAllTextAsync(werkpleinen, "code;naam\r\nWP-VLD;Veldhoven Centrum\r\n");
        await app.WithScopeAsync(async sp =>
        {
            Assert.Empty((await sp.GetRequiredService<WerkpleinImporter>().ImportAsync(werkpleinen)).Errors);
            var rounds = sp.GetRequiredService<RoundService>();
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            await rounds.CreateAsync(round, "werkzoekenden-2009", today.AddDays(-1), today.AddDays(90), reminders);
            Assert.Empty((await sp.GetRequiredService<ParticipantImporter>().ImportAsync(round, csv)).Errors);
            await rounds.OpenAsync(round);
            return 0;
        });
    }

    /// <summary>One run of the dispatcher, directly, with the app's services and clock.</summary>
    private static Task<DispatchResult> DispatchAsync(KestrelAppFactory app) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<InvitationDispatcher>().DispatchAsync(CancellationToken.None));

    private static Task<List<(InvitationState State, string? LastError)>> StatesAsync(KestrelAppFactory app) =>
        app.WithScopeAsync(async sp => (await sp.GetRequiredService<KlantmetingDbContext>().Invitations.AsNoTracking()
            .Select(i => new { i.State, i.LastError }).ToListAsync()).Select(x => (x.State, x.LastError)).ToList());

    private static async Task<Dictionary<string, List<ReceivedEmail>>> MailsByAddressAsync(MaildevServer smtp, string domain)
    {
        // The list has no headers; fetch each message of this test.
        var list = (await smtp.ListAsync()).Where(m => m.To.Any(t => t.Address.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase))).ToList();
        var full = new List<ReceivedEmail>();
        foreach (var m in list)
        {
            full.Add(m.Headers is null ? await smtp.Api.GetFromJsonAsync<ReceivedEmail>($"/api/email/{m.Id}") ?? m : m);
        }

        return full.GroupBy(m => m.To.Single().Address.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.ToList());
    }

    private static string? Header(ReceivedEmail mail, string name)
    {
        var value = mail.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        return value switch
        {
            null => null,
            JsonElement { ValueKind: JsonValueKind.String } s => s.GetString(),
            JsonElement e => e.ToString(),
            var other => other.ToString(),
        };
    }

    private static string LinkOf(ReceivedEmail mail, int port)
    {
        var link = MailLinks.AnswerLink().Match(mail.Text!).Value;
        Assert.StartsWith($"http://127.0.0.1:{port}/v/", link, StringComparison.Ordinal);
        return link;
    }

    private static async Task AnswerAsync(IPage page, string link, bool complete)
    {
        await page.GotoAsync(link);
        if (!complete)
        {
            await QuestionnaireInBrowser.AnswerStepsAsync(page, 1);
            await Assertions.Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveAccessibleNameAsync("Stap 2 van 7");
            return;
        }

        await QuestionnaireInBrowser.AnswerAllAndSendAsync(page, 8);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bedankt voor het invullen");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
