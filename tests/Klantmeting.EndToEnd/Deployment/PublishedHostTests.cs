using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Klantmeting.EndToEnd.Deployment;

/// <summary>
/// The production command of README "Production": the published web host, started as its own process from another
/// working directory, serves its stylesheet and reads the appsettings.json next to its DLL.
/// </summary>
public sealed class PublishedHostTests(ITestOutputHelper output)
{
    private const string AllowedHost = "klantmeting.test";

    [Fact]
    public async Task Published_host_started_elsewhere_serves_its_stylesheet_and_reads_its_own_appsettings()
    {
        var folder = Path.Combine(Path.GetTempPath(), "klantmeting-publish-" + Guid.NewGuid().ToString("N"));
        var published = Path.Combine(folder, "app");
        var elsewhere = Path.Combine(folder, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        try
        {
            await PublishAsync(published);
            Assert.True(File.Exists(Path.Combine(published, "wwwroot", "css", "site.css")), "wwwroot/css/site.css is published");

            // A setting only this file holds, with an effect visible over HTTP: requests for another host name get 400.
            var settingsFile = Path.Combine(published, "appsettings.json");
            var settings = JsonNode.Parse(await File.ReadAllTextAsync(settingsFile))!.AsObject();
            settings["AllowedHosts"] = AllowedHost;
            await File.WriteAllTextAsync(settingsFile, settings.ToJsonString());

            var port = FreePort();
            using var host = Start(Path.Combine(published, "Klantmeting.Web.dll"), elsewhere, port, Path.Combine(folder, "klantmeting.db"));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await WaitForLiveAsync(client, host);

            using var css = await client.SendAsync(Get("/css/site.css", AllowedHost));
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(published, "wwwroot", "css", "site.css")), await css.Content.ReadAsStringAsync());

            using var page = await client.SendAsync(Get("/", AllowedHost));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            using var otherHost = await client.SendAsync(Get("/", "127.0.0.1"));
            Assert.Equal(HttpStatusCode.BadRequest, otherHost.StatusCode);

            // A first start on a new database migrates without the warning about a partially applied migration.
            Assert.DoesNotContain(host.Lines, line => line.Contains("partially applied state", StringComparison.Ordinal));
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by the exiting process: the temp folder is cleaned up by the OS later.
            }
        }
    }

    [Theory]
    [InlineData("database")]
    [InlineData("questionnaire")]
    [InlineData("setting")]
    public async Task Web_host_with_an_error_an_operator_fixes_stops_with_one_clear_message_and_exit_code_1(string error)
    {
        var folder = Path.Combine(Path.GetTempPath(), "klantmeting-refused-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var database = Path.Combine(folder, "klantmeting.db");
            var environment = new Dictionary<string, string>();
            string expected;
            switch (error)
            {
                case "database":
                    // Migrated by the pre-release chain of migrations, before they were folded into one Initial.
                    await CreateHistoryAsync(database, "20261201200815_Initial", "20261202143738_MixedMode");
                    expected = "De database is bijgewerkt door een andere versie van Klantmeting";
                    break;
                case "questionnaire":
                    var surveys = Directory.CreateDirectory(Path.Combine(folder, "surveys")).FullName;
                    await File.WriteAllTextAsync(Path.Combine(surveys, "kapot.yaml"), "id: [kapot\n");
                    environment["Surveys__Path"] = surveys;
                    expected = "Fout in vragenlijst:";
                    break;
                default:
                    environment["Invitations__BatchSize"] = "0";
                    expected = "Onjuiste instelling: ";
                    break;
            }

            using var host = Start(RepositoryRoot.WebBuildOutput(), folder, FreePort(), database, environment);
            var text = await host.OutputAtExitAsync();
            Assert.True(host.Process.ExitCode == 1, $"exit code {host.Process.ExitCode}:\n{text}");
            Assert.Contains(expected, text, StringComparison.Ordinal);
            if (error == "questionnaire")
            {
                Assert.Contains(Path.Combine(folder, "surveys", "kapot.yaml") + ":", text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The one line comes out at every start, not just most of them. The console logger writes on a thread of its
    /// own. While the host was not disposed at the end of Program, the process could end before that thread had
    /// written the line. CI met it once, on 2026-12-06.
    /// A race cannot be forced, so this test makes many starts, four at a time. With the old Program it failed in 4
    /// runs of 4: 1 to 4 of the 48 starts printed nothing.
    /// </summary>
    [Fact]
    public async Task The_start_up_error_line_is_written_at_every_start()
    {
        const int starts = 48;
        var folder = Path.Combine(Path.GetTempPath(), "klantmeting-refused-many-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var silent = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, starts), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancel) =>
            {
                var database = Path.Combine(folder, $"klantmeting-{i}.db");
                using var host = Start(RepositoryRoot.WebBuildOutput(), folder, FreePort(), database, new Dictionary<string, string> { ["Invitations__BatchSize"] = "0" });
                var text = await host.OutputAtExitAsync();
                if (host.Process.ExitCode != 1 || !text.Contains("Onjuiste instelling: ", StringComparison.Ordinal))
                {
                    silent.Add($"start {i}: exit code {host.Process.ExitCode}, output \"{text}\"");
                }
            });

            Assert.True(silent.IsEmpty, $"{silent.Count} of {starts} starts did not print the error line:\n{string.Join("\n", silent)}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task CreateHistoryAsync(string database, params string[] migrations)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);""";
        await command.ExecuteNonQueryAsync();
        foreach (var migration in migrations)
        {
            command.CommandText = """INSERT INTO "__EFMigrationsHistory" VALUES ($id, '10.0.0');""";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", migration);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static HttpRequestMessage Get(string path, string hostHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = hostHeader;
        return request;
    }

    /// <summary><c>dotnet publish</c> of the web project into <paramref name="target"/>, from the build the tests run on (no rebuild).</summary>
    private async Task PublishAsync(string target)
    {
        var project = Path.Combine(RepositoryRoot.Path, "src", "Klantmeting.Web", "Klantmeting.Web.csproj");
        var info = new ProcessStartInfo("dotnet", ["publish", project, "-c", RepositoryRoot.Configuration, "--no-build", "-o", target, "-nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(info)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await publish.WaitForExitAsync(timeout.Token);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed ({publish.ExitCode}): {await stdout}{await stderr}");
    }

    private PublishedProcess Start(string dll, string workingDirectory, int port, string database, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet", [dll, "--role", "web", "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only what an operator sets in the environment; the rest must come from the published appsettings.json.
        info.Environment.Remove("ASPNETCORE_CONTENTROOT");
        info.Environment.Remove("DOTNET_CONTENTROOT");
        info.Environment.Remove("ASPNETCORE_ALLOWEDHOSTS");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Klantmeting"] = $"Data Source={database}";
        info.Environment["Demo__Seed"] = "false";
        info.Environment["App__PublicBaseUrl"] = "https://" + AllowedHost;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var lines = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PublishedProcess(process, lines);

        void Write(string? line)
        {
            if (line is not null)
            {
                lines.Enqueue(line);
                try
                {
                    output.WriteLine("[web] " + line);
                }
                catch (InvalidOperationException)
                {
                    // The test has ended while the process still writes.
                }
            }
        }
    }

    private static Task WaitForLiveAsync(HttpClient client, PublishedProcess host) =>
        Eventually.TrueAsync(async () =>
        {
            Assert.False(host.Process.HasExited, "the published host stopped; see the test output");
            try
            {
                using var response = await client.SendAsync(Get("/health/live", AllowedHost));
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false; // Not listening yet.
            }
        }, TimeSpan.FromSeconds(90), "the published host answers /health/live");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The running host and every line it has written so far (standard output and error).</summary>
    private sealed record PublishedProcess(Process Process, ConcurrentQueue<string> Lines) : IDisposable
    {
        /// <summary>Waits (at most 90 s) until the host has ended and returns every line it wrote.</summary>
        public async Task<string> OutputAtExitAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            // Since .NET 6 this also waits until the last redirected output line was read (dotnet/runtime#42585).
            await Process.WaitForExitAsync(timeout.Token);
            return string.Join("\n", Lines);
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Process.Dispose();
        }
    }
}
