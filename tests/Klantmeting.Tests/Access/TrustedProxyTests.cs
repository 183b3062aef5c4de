using System.Net;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Access;

/// <summary>
/// Behind a reverse proxy the sign-in rate limit counts per real client: X-Forwarded-For is believed only when the
/// connection comes from an address in <c>Authentication:TrustedProxies</c>.
/// </summary>
public sealed class TrustedProxyTests : IAsyncLifetime
{
    private const string Proxy = "10.0.0.1";
    private readonly PeerAppFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpStatusCode> SignInFromAsync(string peer, string? forwardedFor)
    {
        var client = _app.Browser();
        client.DefaultRequestHeaders.Add(PeerAppFactory.PeerHeader, peer);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await AccessAppFactory.PostSignInAsync(client, "niemand@nergens.test", "Fout-Wachtwoord-123");
        return response.StatusCode;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_has_its_own_limit()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(Proxy, "203.0.113.5"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync(Proxy, "203.0.113.5"));
        // Another client behind the same proxy is not hindered by the first.
        Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(Proxy, "203.0.113.6"));
        // A client that sends its own X-Forwarded-For through the proxy cannot pick the address (the proxy appends).
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync(Proxy, "198.51.100.1, 203.0.113.5"));
    }

    [Fact]
    public async Task From_an_untrusted_address_X_Forwarded_For_is_ignored()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SignInFromAsync("192.0.2.9", $"203.0.113.{10 + i}"));
        }

        // A new made-up client address per attempt does not get past the limit.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync("192.0.2.9", "203.0.113.99"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync("192.0.2.9", null));
    }

    [Fact]
    public async Task A_wrong_entry_stops_the_start_with_a_message_naming_the_setting()
    {
        await using var app = new AccessAppFactory().With(AccessExtensions.TrustedProxiesSetting, "10.0.0.1, proxy.example");
        var error = await Assert.ThrowsAnyAsync<Exception>(app.InitializeAsync);
        Assert.Contains("Authentication:TrustedProxies: 'proxy.example' is geen IP-adres", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The host with a test-only first middleware that sets the connection's peer address (TestServer has none).</summary>
    private sealed class PeerAppFactory : AccessAppFactory
    {
        public const string PeerHeader = "X-Test-Peer";

        public PeerAppFactory()
        {
            With(AccessExtensions.SignInPermitsSetting, "3");
            With(AccessExtensions.TrustedProxiesSetting, Proxy + ", 2001:db8::/32");
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerFilter>());
        }

        private sealed class PeerFilter : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                    {
                        context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                    }

                    return nextMiddleware(context);
                });
                next(app);
            };
        }
    }
}
