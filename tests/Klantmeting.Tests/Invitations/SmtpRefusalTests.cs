using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Klantmeting.Invitations;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Klantmeting.Tests.Invitations.FieldworkTestKit;

namespace Klantmeting.Tests.Invitations;

/// <summary>
/// Refusals by a real SMTP server (postfix's smtp-sink on 127.0.0.1, told to refuse every RCPT): a 5xx marks each
/// invitation failed without stopping the batch, a 4xx is retried with backoff.
/// </summary>
public sealed class SmtpRefusalTests
{
    [Fact]
    public async Task A_5xx_for_a_recipient_marks_that_invitation_failed_and_the_batch_goes_on()
    {
        using var sink = SmtpSink.Start("-f", "RCPT");
        await using var host = await StartAsync(sink.Port);
        await host.SeedRoundAsync("r1", 5);

        var result = await DispatchAsync(host);

        // Every one of the five was tried on the one connection and refused; none is left pending.
        Assert.False(result.Unavailable);
        Assert.Equal(5, result.Failed);
        var rows = await host.WithDbAsync(db => db.Invitations.AsNoTracking().ToListAsync());
        Assert.All(rows, i =>
        {
            Assert.Equal(InvitationState.Failed, i.State);
            Assert.Equal(1, i.Attempts);
            Assert.StartsWith("SMTP 5", i.LastError, StringComparison.Ordinal);
        });
        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
    }

    [Fact]
    public async Task A_4xx_is_retried_with_backoff_and_never_lost()
    {
        using var sink = SmtpSink.Start("-r", "RCPT");
        await using var host = await StartAsync(sink.Port);
        await host.SeedRoundAsync("r1", 4);

        var result = await DispatchAsync(host);

        Assert.Equal(4, result.Failed);
        var rows = await host.WithDbAsync(db => db.Invitations.AsNoTracking().ToListAsync());
        Assert.All(rows, i =>
        {
            Assert.Equal(InvitationState.Pending, i.State);
            Assert.StartsWith("SMTP 4", i.LastError, StringComparison.Ordinal);
            Assert.Equal(host.Clock.GetUtcNow().UtcDateTime.AddSeconds(60), i.NextAttemptAt);
        });
        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(4, (await DispatchAsync(host)).Claimed);
        // Second attempt: the delay doubles.
        Assert.All(await host.WithDbAsync(db => db.Invitations.AsNoTracking().ToListAsync()),
            i => Assert.Equal(host.Clock.GetUtcNow().UtcDateTime.AddSeconds(120), i.NextAttemptAt));
    }

    [Fact]
    public async Task Gives_up_after_max_attempts_of_4xx_and_marks_failed()
    {
        using var sink = SmtpSink.Start("-r", "RCPT");
        await using var host = await StartAsync(sink.Port, maxAttempts: 2);
        await host.SeedRoundAsync("r1", 2);

        await DispatchAsync(host);
        host.Clock.Advance(TimeSpan.FromHours(2));
        await DispatchAsync(host);

        var rows = await host.WithDbAsync(db => db.Invitations.AsNoTracking().ToListAsync());
        Assert.All(rows, i => Assert.Equal(InvitationState.Failed, i.State));
        host.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, (await DispatchAsync(host)).Claimed);
    }

    private static Task<TestHost> StartAsync(int port, int maxAttempts = 8) => TestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Mail:Delivery"] = "Smtp",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Invitations:RetryDelaySeconds"] = "60",
        ["Invitations:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>postfix's smtp-sink on a free port; killed when disposed.</summary>
    private sealed class SmtpSink : IDisposable
    {
        private readonly Process _process;

        private SmtpSink(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public static SmtpSink Start(params string[] options)
        {
            const string exe = "/usr/sbin/smtp-sink";
            if (!File.Exists(exe))
            {
                throw new InvalidOperationException("postfix's smtp-sink is missing: run the tests through infra/test.sh.");
            }

            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            var process = Process.Start(new ProcessStartInfo(exe, [.. options, "-u", "postfix", $"127.0.0.1:{port}", "10"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var sink = new SmtpSink(process, port);
            Eventually.True(() => process.HasExited || CanConnect(port), TimeSpan.FromSeconds(10), "smtp-sink accepting connections");
            if (!CanConnect(port))
            {
                var error = process.HasExited ? process.StandardError.ReadToEnd() : "";
                sink.Dispose();
                throw new InvalidOperationException("smtp-sink did not start: " + error);
            }

            return sink;
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

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
