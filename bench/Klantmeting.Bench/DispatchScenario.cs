using System.Diagnostics;
using System.Globalization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Email;
using Klantmeting.Invitations;
using Klantmeting.Surveys;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Klantmeting.Bench;

/// <summary>
/// Issue 7 §2: invitations end to end through the product's <see cref="InvitationDispatcher"/> (claim, render, SMTP,
/// mark sent), <c>WORKERS</c> dispatchers at once as a worker process with Jobs:WorkerCount = WORKERS runs them; and
/// the raw baseline: MailKit sending an already-rendered invitation of the same size over the same number of
/// connections (one per batch, WORKERS at a time) to the same SMTP server.
/// </summary>
internal static class DispatchScenario
{
    public static async Task<int> ProductAsync(string databasePath, int smtpPort, int workers)
    {
        using var host = await Bench.BuildHostAsync(databasePath, SmtpSettings(smtpPort));
        int due;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            due = await db.Invitations.CountAsync(i => i.State == InvitationState.Pending);
        }

        var cpu = Bench.CpuMs();
        // Wall-clock ends of the loop, so that run.sh can time several worker processes on one database together.
        var startUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<InvitationDispatcher>().DispatchAsync(CancellationToken.None);
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        var endUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sent = results.Sum(r => r.Sent);
        var batchSize = host.Services.GetRequiredService<IOptions<InvitationOptions>>().Value.BatchSize;
        return Bench.Report(new
        {
            Due = due,
            Sent = sent,
            Failed = results.Sum(r => r.Failed),
            Workers = workers,
            BatchSize = batchSize,
            Seconds = Math.Round(seconds, 3),
            MsgsPerS = Math.Round(sent / seconds),
            CpuS = Math.Round((Bench.CpuMs() - cpu) / 1000, 2),
            StartUnixMs = startUnixMs,
            EndUnixMs = endUnixMs,
        });
    }

    public static async Task<int> RawAsync(int smtpPort, int count, int connections, int batchSize)
    {
        // One invitation rendered by the product's own renderer and templates, then sent as is.
        using var host = await Bench.BuildHostAsync(Path.Combine(Path.GetTempPath(), $"klantmeting-bench-render-{Environment.ProcessId}.db"));
        RenderedEmail body;
        string title;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
            title = survey.Title;
            var model = new InvitationEmailModel(survey.Title, survey.Audience, "Werkplein 42",
                "https://klantmeting.example.nl/v/" + InvitationToken.Generate(), new DateOnly(2009, 11, 30), "https://klantmeting.example.nl/privacy",
                "https://klantmeting.example.nl/afmelden/" + InvitationToken.Generate());
            body = await scope.ServiceProvider.GetRequiredService<EmailRenderer>().RenderAsync<InvitationEmailHtml, InvitationEmailText>(
                new Dictionary<string, object?> { ["Model"] = model });
        }

        MimeMessage Message()
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("Klantmeting <noreply@klantmeting.example>"));
            message.To.Add(MailboxAddress.Parse("klant1@voorbeeld.nl"));
            message.Subject = title;
            message.Headers.Add("X-Klantmeting-Invitation", "1");
            // The same one-click opt-out headers the product sets (RFC 8058), so the raw message is as large.
            message.Headers.Add("List-Unsubscribe", "<https://klantmeting.example.nl/afmelden/" + InvitationToken.Generate() + ">");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.Body = new BodyBuilder { HtmlBody = body.Html, TextBody = body.Text }.ToMessageBody();
            return message;
        }

        long size;
        using (var stream = new MemoryStream())
        {
            await Message().WriteToAsync(stream);
            size = stream.Length;
        }

        var next = -1;
        var cpu = Bench.CpuMs();
        var watch = Stopwatch.StartNew();
        var sentPerWorker = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var message = Message();
            var sent = 0;
            while (true)
            {
                var first = Interlocked.Add(ref next, batchSize) - batchSize + 1;
                if (first >= count)
                {
                    return sent;
                }

                using var client = new SmtpClient();
                await client.ConnectAsync("127.0.0.1", smtpPort, SecureSocketOptions.None);
                for (var n = first; n < Math.Min(first + batchSize, count); n++)
                {
                    message.To.Clear();
                    message.To.Add(new MailboxAddress(null, $"klant{n}@voorbeeld.nl"));
                    message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("klantmeting.example");
                    message.Headers["X-Klantmeting-Invitation"] = n.ToString(CultureInfo.InvariantCulture);
                    await client.SendAsync(message);
                    sent++;
                }

                await client.DisconnectAsync(quit: true);
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        var total = sentPerWorker.Sum();
        return Bench.Report(new
        {
            Sent = total,
            Connections = connections,
            BatchSize = batchSize,
            MessageBytes = size,
            Seconds = Math.Round(seconds, 3),
            MsgsPerS = Math.Round(total / seconds),
            CpuS = Math.Round((Bench.CpuMs() - cpu) / 1000, 2),
        });
    }

    private static Dictionary<string, string?> SmtpSettings(int port) => new()
    {
        ["Mail:Delivery"] = "Smtp",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["App:PublicBaseUrl"] = "https://klantmeting.example.nl",
        // The benchmark measures sending, whatever the hour it runs: no sending window.
        ["Invitations:SendingDays"] = "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday",
        ["Invitations:SendingHours"] = "00:00-24:00",
    };
}
