using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Klantmeting.EndToEnd.ScaleOut;

/// <summary>
/// Two worker processes share a round of 20,000 invitations through PostgreSQL and a real SMTP server (postfix's
/// smtp-sink, which writes every received message to a file). One worker is killed with SIGKILL halfway; the other
/// finishes. Every invitation arrives, and at most the messages accepted but not yet recorded in the killed process
/// (one group per dispatch job) arrive twice.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int Invitations = 20_000;

    private static readonly Lock _logLock = new();

    // A worker runs at most Jobs:WorkerCount dispatch jobs at once, and each records the messages the SMTP server
    // accepted in groups of Invitations:MarkSentGroupSize: so at most WorkerCount x MarkSentGroupSize messages can have
    // been accepted but not yet recorded when the worker is killed.
    private const int WorkerCount = 2;

    private const int MarkSentGroupSize = 20;

    private const int DuplicateBound = WorkerCount * MarkSentGroupSize;

    [Fact]
    public async Task Two_workers_one_killed_halfway_every_invitation_arrives_and_nothing_stays_pending()
    {
        var folder = Directory.CreateTempSubdirectory("klantmeting-scaleout-").FullName;
        using var cleanup = new FolderCleanup(folder);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql, folder);
        var dump = Path.Combine(folder, "mail");
        Directory.CreateDirectory(dump);
        // smtp-sink writes as the postfix user: it must reach the (0700) temporary folder and write in the dump folder.
        File.SetUnixFileMode(folder, (UnixFileMode)0x1ED); // 0755
        File.SetUnixFileMode(dump, (UnixFileMode)0x1FF); // 0777
        var smtpPort = FreePort();
        using var sinkOwner = new Worker(StartSmtpSink(smtpPort, dump), smtpPort); // killed at the end, pass or fail
        var sink = sinkOwner.Process;
        await WaitForAsync(() => Task.FromResult(CanConnect(smtpPort) || sink.HasExited), TimeSpan.FromSeconds(10), "smtp-sink listening");
        if (sink.HasExited)
        {
            Assert.Fail("smtp-sink stopped: " + await sink.StandardError.ReadToEndAsync());
        }

        // 1. Schema, Werkpleinen, a draft round with 20,000 participants (through the real importer).
        using (var host = BuildHost(database))
        {
            await host.Services.MigrateKlantmetingDatabaseAsync();
            await using var scope = host.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var werkpleinen = Path.Combine(folder, "werkpleinen.csv");
            await File.WriteAllTextAsync(werkpleinen, "code,naam\nWP-A,Werkplein A\nWP-B,Werkplein B\n");
            Assert.Empty((await sp.GetRequiredService<WerkpleinImporter>().ImportAsync(werkpleinen)).Errors);
            await sp.GetRequiredService<RoundService>().CreateAsync("schaal", "werkzoekenden-2009", new DateOnly(2009, 9, 1), new DateOnly(2009, 11, 30));
            var sample = new StringBuilder("ref,email,werkplein,vaste_contactpersoon,uitkering\n");
            for (var n = 1; n <= Invitations; n++)
            {
                sample.Append(CultureInvariant($"R{n},p{n}@voorbeeld.nl,{(n % 2 == 0 ? "WP-A" : "WP-B")},ja,WW\n"));
            }

            var sampleFile = Path.Combine(folder, "steekproef.csv");
            await File.WriteAllTextAsync(sampleFile, sample.ToString());
            Assert.Equal(Invitations, (await sp.GetRequiredService<ParticipantImporter>().ImportAsync("schaal", sampleFile)).RowsStored);
        }

        // 2. Two worker processes of the real build, then open the round.
        // One after the other: the first creates Hangfire's schema (see infra/OPERATIONS.md).
        using var first = StartWorker(database, smtpPort, "A");
        await WaitForAsync(() => ReadyAsync(first.Port), TimeSpan.FromSeconds(60), "worker A ready");
        using var second = StartWorker(database, smtpPort, "B");
        await WaitForAsync(() => ReadyAsync(second.Port), TimeSpan.FromSeconds(60), "worker B ready");
        using (var host = BuildHost(database))
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RoundService>().OpenAsync("schaal");
        }

        // 3. Kill the first worker when about half has been sent.
        var clock = Stopwatch.StartNew();
        await WaitForAsync(async () => await CountSentAsync(database) >= Invitations / 2, TimeSpan.FromMinutes(5), "half sent");
        var sentAtKill = await CountSentAsync(database);
        first.Process.Kill(); // SIGKILL on Linux: no shutdown, no cleanup
        await first.Process.WaitForExitAsync();
        output.WriteLine($"Killed worker A after {clock.Elapsed.TotalSeconds:0.0} s with {sentAtKill} sent.");

        // 4. The other worker finishes, taking over A's expired claims.
        await WaitForAsync(async () => await CountSentAsync(database) == Invitations, TimeSpan.FromMinutes(5), "all sent");
        output.WriteLine($"All {Invitations} sent after {clock.Elapsed.TotalSeconds:0.0} s.");
        Assert.False(second.Process.HasExited, "worker B stopped");
        using (var host = BuildHost(database))
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            Assert.Equal(0, await db.Invitations.CountAsync(i => i.State != InvitationState.Sent));
            Assert.Equal(0, await db.Invitations.CountAsync(i => i.ClaimId != null));
        }

        // 5. What the SMTP server received: every invitation at least once, duplicates only from A's in-flight messages.
        await WaitForAsync(() => Task.FromResult(CountFiles(dump) >= Invitations), TimeSpan.FromSeconds(30), "smtp-sink wrote every message");
        var received = Directory.EnumerateFiles(dump, "*", SearchOption.AllDirectories)
            .Select(ReadInvitationId)
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());
        var duplicates = received.Values.Sum(c => c - 1);
        output.WriteLine($"Received {received.Values.Sum()} messages for {received.Count} invitations; {duplicates} duplicate(s); bound {DuplicateBound}.");
        Assert.Equal(Invitations, received.Count);
        Assert.InRange(duplicates, 0, DuplicateBound);
    }

    private sealed class FolderCleanup(string folder) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);

    private static IHost BuildHost(TestDatabase database)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(database.Settings);
        builder.AddKlantmeting();
        return builder.Build();
    }

    private static async Task<int> CountSentAsync(TestDatabase database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT COUNT(*) FROM \"Invitations\" WHERE \"State\" = {(int)InvitationState.Sent}", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int CountFiles(string dir) => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count();

    private static string ReadInvitationId(string file)
    {
        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith("X-Klantmeting-Invitation:", StringComparison.OrdinalIgnoreCase))
            {
                return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }

        throw new InvalidOperationException($"{file} has no X-Klantmeting-Invitation header.");
    }

    private static Process StartSmtpSink(int port, string dump)
    {
        const string exe = "/usr/sbin/smtp-sink";
        if (!File.Exists(exe))
        {
            throw new InvalidOperationException("postfix's smtp-sink is missing: run the tests through infra/test.sh.");
        }

        // -u postfix: it refuses to run as root; -d: one file per message; 1000: backlog. No -c: its counters on
        // stdout would fill the pipe and stall the server.
        var process = Process.Start(new ProcessStartInfo(exe, ["-u", "postfix", "-d", dump + "/%H%M.", $"127.0.0.1:{port}", "1000"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>A child process that is killed when disposed (a worker or the SMTP sink).</summary>
    private sealed record Worker(Process Process, int Port) : IDisposable
    {
        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }
    }

    private Worker StartWorker(TestDatabase database, int smtpPort, string name)
    {
        var port = FreePort();
        var dll = RepositoryRoot.WebBuildOutput();
        var info = new ProcessStartInfo("dotnet", [dll, "--role", "worker", "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in database.Settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Mail__Delivery"] = "Smtp";
        info.Environment["Smtp__Host"] = "127.0.0.1";
        info.Environment["Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Smtp__Security"] = "None";
        info.Environment["App__PublicBaseUrl"] = "https://klantmeting.test";
        info.Environment["Invitations__DispatchCron"] = "*/1 * * * * *";
        info.Environment["Invitations__ClaimLeaseSeconds"] = "10";
        info.Environment["Invitations__BatchSize"] = "100";
        info.Environment["Invitations__MarkSentGroupSize"] = MarkSentGroupSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Invitations__SendingDays"] = "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday";
        info.Environment["Invitations__SendingHours"] = "00:00-24:00";
        info.Environment["Jobs__WorkerCount"] = WorkerCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        var log = Path.Combine(Path.GetTempPath(), $"klantmeting-worker-{name}-{port}.log");
        void Write(string? line)
        {
            if (line is not null)
            {
                output.WriteLine($"[{name}] {line}");
                lock (_logLock)
                {
                    File.AppendAllText(log, line + "\n");
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Worker(process, port);
    }

    private static async Task<bool> ReadyAsync(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await client.GetAsync($"http://127.0.0.1:{port}/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Eventually.TrueAsync(condition, timeout, what);

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
