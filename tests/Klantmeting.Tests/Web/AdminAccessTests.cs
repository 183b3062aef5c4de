using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Klantmeting.Tests.Web;

/// <summary>Until sign-in exists, administrator pages are closed unless explicitly opened for local requests.</summary>
public sealed class AdminAccessTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-admin-").FullName;

    private WebApplicationFactory<Program> Host(string? localAccess) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Production");
        b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, "k.db")}");
        b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
        b.UseSetting("Demo:Seed", "true");
        if (localAccess is not null)
        {
            b.UseSetting("Admin:LocalAccess", localAccess);
        }
    });

    [Theory]
    [InlineData("/dev/outbox")]
    [InlineData("/hangfire")]
    public async Task Closed_by_default_in_production(string path)
    {
        await using var app = Host(null);
        var response = await app.CreateClient().GetAsync(path);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.True((int)response.StatusCode is 401 or 403 or 404, response.StatusCode.ToString());
    }

    [Fact]
    public async Task Start_page_hides_rounds_by_default_in_production()
    {
        await using var app = Host(null);
        var html = await app.CreateClient().GetStringAsync("/");
        Assert.DoesNotContain("demo", html, StringComparison.Ordinal);
        Assert.Contains("persoonlijke link", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_requests_never_count_as_local()
    {
        await using var app = Host("true");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dev/outbox")).StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Get, "/dev/outbox");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
        Assert.Contains("demo", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
