using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Klantmeting.Tests.Web;

/// <summary>/health/live and /health/ready as a load balancer or orchestrator reads them.</summary>
public sealed class HealthTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-health-").FullName;

    private WebApplicationFactory<Program> Host(params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db")}");
            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });

    [Fact]
    public async Task Live_and_ready_on_a_migrated_database()
    {
        await using var app = Host();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Not_ready_while_migrations_are_missing()
    {
        await using var app = Host(("Database:MigrateOnStartup", "false"));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_worker_is_not_ready_when_its_smtp_server_is_down_but_a_web_node_is()
    {
        var closed = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string, string)[] smtp = [("Mail:Delivery", "Smtp"), ("Smtp:Port", closed), ("Smtp:Security", "None")];
        await using var worker = Host([.. smtp, ("App:Role", "Worker")]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await worker.CreateClient().GetAsync("/health/ready")).StatusCode);
        // A worker serves no pages.
        Assert.Equal(HttpStatusCode.NotFound, (await worker.CreateClient().GetAsync("/privacy")).StatusCode);

        await using var web = Host([.. smtp, ("App:Role", "Web")]);
        Assert.Equal(HttpStatusCode.OK, (await web.CreateClient().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.CreateClient().GetAsync("/privacy")).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
