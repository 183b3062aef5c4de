using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Fieldwork;

/// <summary>
/// The whole cycle with real parts: CSV import, the Hangfire job sending through a real SMTP server (maildev on
/// 127.0.0.1), the received e-mail's link followed in chromium, the questionnaire answered, the stored response.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class InvitationToAnswerTests(BrowserFixture browser, MaildevServer smtp) : IClassFixture<MaildevServer>
{
    [Fact]
    public async Task Imported_participants_get_an_email_whose_link_leads_to_a_stored_complete_response()
    {
        var port = FreePort();
        await using var app = KestrelAppFactory.OnPort(port)
            .WithSmtp(smtp.SmtpPort)
            .WithSetting("App:PublicBaseUrl", $"http://127.0.0.1:{port}")
            .WithSetting("Invitations:DispatchCron", "*/1 * * * * *");
        var folder = app.DataFolder;

        // 1. Import Werkpleinen and a sample (Dutch Excel style: ';', Windows-1252) into a draft round, then open it.
        await File.WriteAllTextAsync(Path.Combine(folder, "werkpleinen.csv"), "code;naam;regio\r\nWP-ZWO;Zwolle Centrum;IJsselland\r\n");
        var sample = "ref;email;werkplein;vaste_contactpersoon;uitkering;dagen_tot_eerste_betaling\r\n" +
                     "K-001;anna.dejong@voorbeeld.nl;WP-ZWO;ja;WW;12\r\n" +
                     "K-002;bram.pietersen@voorbeeld.nl;WP-ZWO;nee;WWB;40\r\n" +
                     "K-003;chloe.visser@voorbeeld.nl;WP-ZWO;ja;geen;\r\n";
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        await File.WriteAllBytesAsync(Path.Combine(folder, "steekproef.csv"), System.Text.Encoding.GetEncoding(1252).GetBytes(sample));
        var stored = await app.WithScopeAsync(async sp =>
        {
            var werkpleinen = await sp.GetRequiredService<WerkpleinImporter>().ImportAsync(Path.Combine(folder, "werkpleinen.csv"));
            Assert.Empty(werkpleinen.Errors);
            var rounds = sp.GetRequiredService<RoundService>();
            await rounds.CreateAsync("T3 2009", "werkzoekenden-2009", new DateOnly(2009, 9, 1), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)));
            var result = await sp.GetRequiredService<ParticipantImporter>().ImportAsync("T3 2009", Path.Combine(folder, "steekproef.csv"));
            Assert.Empty(result.Errors);
            await rounds.OpenAsync("T3 2009");
            return result.RowsStored;
        });
        Assert.Equal(3, stored);

        // 2. The recurring job sends the three invitations through the real SMTP server.
        var received = await smtp.WaitForAsync(3, TimeSpan.FromSeconds(60));
        Assert.Equal(3, received.Count);
        var mail = Assert.Single(received, m => m.To.Any(t => t.Address == "bram.pietersen@voorbeeld.nl"));
        Assert.Equal("Hoe tevreden bent u over het Werkplein?", mail.Subject);
        Assert.Contains("Zwolle Centrum", mail.Text, StringComparison.Ordinal);
        var link = LinkRegex().Match(mail.Text!).Value;
        Assert.StartsWith($"http://127.0.0.1:{port}/v/", link, StringComparison.Ordinal);
        Assert.Contains(link, WebUtility.HtmlDecode(mail.Html!), StringComparison.Ordinal);
        var sent = await app.WithScopeAsync(sp => sp.GetRequiredService<KlantmetingDbContext>().Invitations.CountAsync(i => i.State == InvitationState.Sent));
        Assert.Equal(3, sent);

        // 3. Follow the link in chromium and answer as a person would.
        var page = await browser.NewPageAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Hoe tevreden bent u over het Werkplein?");
        await QuestionnaireInBrowser.AnswerStepsAsync(page, 5);
        await page.GetByLabel("7", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Textbox).FillAsync("Snel geholpen, maar de wachttijd aan de telefoon was lang.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Versturen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bedankt voor het invullen");

        // 4. The response is stored, complete, for Bram's invitation only.
        var response = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            var invitationId = await (from i in db.Invitations
                                      join c in db.ParticipantContacts on i.ParticipantId equals c.ParticipantId
                                      where c.Email == "bram.pietersen@voorbeeld.nl"
                                      select i.Id).SingleAsync();
            Assert.Equal(1, await db.Responses.CountAsync());
            return await db.Responses.AsNoTracking().Include(r => r.Answers).SingleAsync(r => r.InvitationId == invitationId);
        });
        Assert.NotNull(response.CompletedAt);
        Assert.Equal(7, response.Grade);
        Assert.Equal("Snel geholpen, maar de wachttijd aan de telefoon was lang.", response.Comment);
        Assert.Equal(14, response.Answers.Count);
        Assert.All(response.Answers, a => Assert.Equal(4, a.Value));

        // 5. The same link now shows the thank-you page; no invitation was sent twice.
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bedankt voor het invullen");
        Assert.Equal(3, (await smtp.ListAsync()).Count);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/v/[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkRegex();
}
