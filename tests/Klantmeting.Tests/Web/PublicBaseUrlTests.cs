using Klantmeting.Infrastructure.Email;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Klantmeting.Tests.Web;

/// <summary>App:PublicBaseUrl: in Development without it, e-mail links follow the address the app listens on; elsewhere the setting rules.</summary>
public sealed class PublicBaseUrlTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-baseurl-").FullName;

    private WebApplicationFactory<Program> Host(string environment, params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db")}");
            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Demo:Seed", "false");
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });

    private static string LinkBase(WebApplicationFactory<Program> app) =>
        app.Services.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl;

    [Theory]
    [InlineData("http://127.0.0.1:5093", "http://127.0.0.1:5093")]
    [InlineData("http://localhost:6000/", "http://localhost:6000")]
    [InlineData("http://*:8080", "http://localhost:8080")]
    [InlineData("http://+:8080", "http://localhost:8080")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080")]
    [InlineData("http://[::]:8080", "http://localhost:8080")]
    [InlineData("http://127.0.0.1:5093;https://127.0.0.1:5094", "https://127.0.0.1:5094")]
    [InlineData("http://127.0.0.1:0", null)]
    public void The_listening_address_becomes_the_base_of_links(string urls, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("urls", urls)]).Build();
        Assert.Equal(expected, PublicBaseUrl.FromListeningConfiguration(configuration));
    }

    [Fact]
    public void Kestrel_endpoints_and_ports_count_and_nothing_configured_is_kestrels_default()
    {
        var endpoints = new ConfigurationBuilder().AddInMemoryCollection([new("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:7001")]).Build();
        Assert.Equal("http://127.0.0.1:7001", PublicBaseUrl.FromListeningConfiguration(endpoints));
        var ports = new ConfigurationBuilder().AddInMemoryCollection([new("http_ports", "7002")]).Build();
        Assert.Equal("http://localhost:7002", PublicBaseUrl.FromListeningConfiguration(ports));
        Assert.Equal("http://localhost:5000", PublicBaseUrl.FromListeningConfiguration(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public async Task Development_without_the_setting_links_to_the_address_the_app_listens_on()
    {
        await using var app = Host("Development", ("urls", "http://127.0.0.1:5123"));
        Assert.Equal("http://127.0.0.1:5123", LinkBase(app));
    }

    [Fact]
    public async Task Development_with_the_setting_uses_the_setting()
    {
        await using var app = Host("Development", ("urls", "http://127.0.0.1:5123"), ("App:PublicBaseUrl", "https://klantmeting.example.nl"));
        Assert.Equal("https://klantmeting.example.nl", LinkBase(app));
    }

    [Fact]
    public async Task Production_ignores_the_listening_address()
    {
        await using var app = Host("Production", ("urls", "http://127.0.0.1:5123"), ("App:PublicBaseUrl", "https://klantmeting.example.nl"));
        Assert.Equal("https://klantmeting.example.nl", LinkBase(app));
        await using var unset = Host("Production", ("urls", "http://127.0.0.1:5123"));
        Assert.Equal(new AppOptions().PublicBaseUrl, LinkBase(unset));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file is still held: leave the temporary folder.
        }
    }
}
