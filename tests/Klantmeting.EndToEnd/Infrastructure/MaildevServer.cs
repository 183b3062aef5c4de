using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;

using Klantmeting.Tests.Infrastructure;

namespace Klantmeting.EndToEnd.Infrastructure;

/// <summary>
/// A real SMTP server on 127.0.0.1 (maildev) with its REST API to read what arrived. Uses the server the test
/// script started (KLANTMETING_TEST_SMTP_PORT, KLANTMETING_TEST_MAILDEV_API), else starts one from
/// infra/testservers/node_modules.
/// </summary>
public sealed class MaildevServer : IAsyncLifetime
{
    private Process? _process;
    private int _webPort;

    public HttpClient Api { get; } = new();

    public int SmtpPort { get; private set; }

    public async Task InitializeAsync()
    {
        var api = Environment.GetEnvironmentVariable("KLANTMETING_TEST_MAILDEV_API");
        var port = Environment.GetEnvironmentVariable("KLANTMETING_TEST_SMTP_PORT");
        if (!string.IsNullOrEmpty(api) && int.TryParse(port, out var p))
        {
            SmtpPort = p;
            Api.BaseAddress = new Uri(api);
        }
        else
        {
            await StartOwnProcessAsync(FreePort(), FreePort());
        }

        await ClearAsync();
    }

    /// <summary>
    /// Starts a maildev of its own (never the shared one), so a test may stop and start it: for SMTP outages.
    /// </summary>
    public static async Task<MaildevServer> StartOwnAsync()
    {
        var server = new MaildevServer();
        await server.StartOwnProcessAsync(FreePort(), FreePort());
        return server;
    }

    /// <summary>Stops this test's own maildev (SMTP port closed); what it received is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            throw new InvalidOperationException("Only a maildev started with StartOwnAsync may be stopped.");
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts this test's own maildev again on the same ports.</summary>
    public Task RestartAsync() => StartOwnProcessAsync(SmtpPort, _webPort);

    private async Task StartOwnProcessAsync(int smtpPort, int webPort)
    {
        var exe = Path.Combine(RepositoryRoot.Path, "infra", "testservers", "node_modules", ".bin", "maildev");
        if (!File.Exists(exe))
        {
            throw new InvalidOperationException(
                $"maildev not found at {exe}: run infra/test.sh (or `npm ci` in infra/testservers) first.");
        }

        SmtpPort = smtpPort;
        _webPort = webPort;
        _process = Process.Start(new ProcessStartInfo(exe,
            ["--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "-s", SmtpPort.ToString(), "-w", webPort.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Api.BaseAddress ??= new Uri($"http://127.0.0.1:{webPort}");
        await WaitUntilAsync(async () =>
        {
            try
            {
                return (await Api.GetAsync("/api/email")).IsSuccessStatusCode && CanConnect(SmtpPort);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "maildev did not start"); // node starts slowly on a loaded machine
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

    /// <summary>
    /// The message exactly as received (maildev's JSON leaves out some headers, e.g. List-Unsubscribe).
    /// </summary>
    public async Task<MimeKit.MimeMessage> SourceAsync(string id)
    {
        await using var stream = await Api.GetStreamAsync($"/api/email/{id}/source");
        return await MimeKit.MimeMessage.LoadAsync(stream);
    }

    public async Task ClearAsync() => (await Api.DeleteAsync("/api/email/all")).EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<ReceivedEmail>> ListAsync() =>
        await Api.GetFromJsonAsync<List<ReceivedEmail>>("/api/email") ?? [];

    /// <summary>Waits until at least <paramref name="count"/> messages arrived for <paramref name="recipient"/> (or anyone).</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> WaitForAsync(int count, TimeSpan timeout, string? recipient = null)
    {
        IReadOnlyList<ReceivedEmail> found = [];
        await WaitUntilAsync(async () =>
        {
            var all = await ListAsync();
            found = all.Where(m => recipient is null || m.To.Any(t => string.Equals(t.Address, recipient, StringComparison.OrdinalIgnoreCase))).ToList();
            return found.Count >= count;
        }, timeout, $"expected {count} message(s){(recipient is null ? "" : " for " + recipient)}");
        return found;
    }

    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Eventually.TrueAsync(condition, timeout, what);

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        Api.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A free TCP port on 127.0.0.1 (e.g. for a host whose links must be known before it starts).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A message as maildev's REST API returns it.</summary>
public sealed class ReceivedEmail
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("subject")]
    public string Subject { get; set; } = "";

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("html")]
    public string? Html { get; set; }

    [JsonPropertyName("to")]
    public List<ReceivedAddress> To { get; set; } = [];

    [JsonPropertyName("headers")]
    public Dictionary<string, object>? Headers { get; set; }
}

/// <summary>An address in a maildev message.</summary>
public sealed class ReceivedAddress
{
    [JsonPropertyName("address")]
    public string Address { get; set; } = "";
}

/// <summary>The root of the checkout (the folder with Klantmeting.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The build configuration these tests run in (Release in CI, Debug when run by hand).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The web project's build output (same configuration as these tests).</summary>
    public static string WebBuildOutput()
    {
        var dll = System.IO.Path.Combine(Path, "src", "Klantmeting.Web", "bin", Configuration, "net10.0", "Klantmeting.Web.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} not found: build the solution first.");
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Klantmeting.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Klantmeting.sln not found above " + AppContext.BaseDirectory);
    }
}
