using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Klantmeting.Bounces;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Email;
using Klantmeting.Infrastructure.Health;
using Klantmeting.Invitations;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Klantmeting.Tests.Bounces;

/// <summary>
/// The envelope sender as a real SMTP server receives it (postfix's smtp-sink writes the MAIL FROM argument into
/// each received message), settings checks, and the bounce health check against the real IMAP server.
/// </summary>
public sealed partial class VerpDeliveryTests(DovecotServer dovecot) : IClassFixture<DovecotServer>
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Smtp_envelope_sender_is_the_invitation_return_path_and_the_from_header_is_unchanged()
    {
        var folder = Directory.CreateTempSubdirectory("klantmeting-verp-").FullName;
        var dump = Path.Combine(folder, "mail");
        Directory.CreateDirectory(dump);
        // smtp-sink writes as the postfix user.
        File.SetUnixFileMode(folder, (UnixFileMode)0x1ED); // 0755
        File.SetUnixFileMode(dump, (UnixFileMode)0x1FF); // 0777
        var port = FreePort();
        using var sink = StartSmtpSink(port, dump);
        try
        {
            await Eventually.TrueAsync(() => sink.HasExited || CanConnect(port), TimeSpan.FromSeconds(10), "smtp-sink accepting connections");
            Assert.False(sink.HasExited, "smtp-sink did not start: " + (sink.HasExited ? await sink.StandardError.ReadToEndAsync() : ""));

            var settings = BounceSamples.Settings;
            settings["Mail:Delivery"] = "Smtp";
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Smtp:Security"] = "None";
            await using var host = await TestHost.StartAsync(settings);
            await host.SeedRoundAsync("r1", 3);
            await using (var scope = host.CreateScope())
            {
                Assert.Equal(3, (await scope.ServiceProvider.GetRequiredService<InvitationDispatcher>().DispatchAsync(CancellationToken.None)).Sent);
            }

            var ids = await host.WithDbAsync(db => db.Invitations.Select(i => i.Id).ToListAsync());
            // smtp-sink writes each message when the session ends, a moment after the dispatcher is done.
            _ = await Eventually.ValueAsync(() => Task.FromResult(Directory.GetFiles(dump).Length), n => n >= 3, TimeSpan.FromSeconds(10));

            var received = Directory.GetFiles(dump).Select(File.ReadAllText).ToList();
            Assert.Equal(3, received.Count);
            foreach (var text in received)
            {
                var id = long.Parse(InvitationRegex().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                Assert.Contains(id, ids);
                Assert.Equal("<" + BounceSamples.ReturnPaths.For(id)!.Address + ">", MailFromRegex().Match(text).Groups[1].Value);
                Assert.Matches(@"(?m)^From: Klantmeting <noreply@klantmeting\.example>\r?$", text);
                // A sender never writes Return-Path itself: the receiving server adds it from the envelope.
                Assert.DoesNotMatch("(?m)^Return-Path:", text);
            }
        }
        finally
        {
            if (!sink.HasExited)
            {
                sink.Kill();
                await sink.WaitForExitAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_bounce_domain_without_a_long_enough_secret_stops_the_host()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mail:BounceDomain"] = "bounces.klantmeting.test",
            ["Mail:BounceSecret"] = "kort",
        });
        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<MailOptions>>().Value);
        Assert.Contains("Mail:BounceSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_says_when_bounces_cannot_be_handled()
    {
        var user = dovecot.CreateMailbox();
        static BounceOptions Imap(Dictionary<string, string?> s) => new()
        {
            Imap = new ImapOptions
            {
                Host = s["Bounces:Imap:Host"]!,
                Port = int.Parse(s["Bounces:Imap:Port"]!, System.Globalization.CultureInfo.InvariantCulture),
                Security = SmtpSecurity.None,
                UserName = s["Bounces:Imap:UserName"]!,
                Password = s["Bounces:Imap:Password"],
            },
        };
        var good = Imap(dovecot.Settings(user));
        var wrongPassword = Imap(dovecot.Settings(user));
        wrongPassword.Imap.Password = "fout";

        async Task<HealthCheckResult> CheckAsync(ReturnPaths paths, BounceOptions options) =>
            await new BouncesHealthCheck(paths, Options.Create(options)).CheckHealthAsync(new HealthCheckContext());

        var noDomain = await CheckAsync(new ReturnPaths(null, null), good);
        Assert.Equal(HealthStatus.Degraded, noDomain.Status);
        Assert.Contains("Mail:BounceDomain", noDomain.Description, StringComparison.Ordinal);
        var noImap = await CheckAsync(BounceSamples.ReturnPaths, new BounceOptions());
        Assert.Equal(HealthStatus.Degraded, noImap.Status);
        Assert.Contains("Bounces:Imap:Host", noImap.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(BounceSamples.ReturnPaths, wrongPassword)).Status);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(BounceSamples.ReturnPaths, good)).Status);
    }

    private static Process StartSmtpSink(int port, string dump)
    {
        const string exe = "/usr/sbin/smtp-sink";
        if (!File.Exists(exe))
        {
            throw new InvalidOperationException("postfix's smtp-sink is missing: run the tests through infra/test.sh.");
        }

        var process = Process.Start(new ProcessStartInfo(exe, ["-u", "postfix", "-d", dump + "/%H%M.", $"127.0.0.1:{port}", "100"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"(?m)^X-Mail-Args: (<[^>]*>)")]
    private static partial Regex MailFromRegex();

    [GeneratedRegex(@"(?m)^X-Klantmeting-Invitation: (\d+)")]
    private static partial Regex InvitationRegex();
}
