using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Email;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Klantmeting.Web.Infrastructure;

/// <summary>
/// The base of every link in an e-mail (<c>App:PublicBaseUrl</c>). In Development, when it is not set, it is the address
/// the app listens on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, the launch profile, <c>Kestrel:Endpoints</c>), so running
/// on another port does not break the links. Elsewhere the setting is used as it is. The start-up log says which it is.
/// </summary>
public static partial class PublicBaseUrl
{
    public const string Setting = AppOptions.Section + ":" + nameof(AppOptions.PublicBaseUrl);

    /// <summary>Kestrel's address when nothing else is configured.</summary>
    private const string KestrelDefault = "http://localhost:5000";

    /// <summary>
    /// Development without <c>App:PublicBaseUrl</c>: sets it to the listening address, before the options are bound.
    /// Returns true when it did.
    /// </summary>
    public static bool UseListeningAddressInDevelopment(WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(builder.Configuration[Setting])
            || FromListeningConfiguration(builder.Configuration) is not { } url)
        {
            return false;
        }

        builder.Configuration.AddInMemoryCollection([new(Setting, url)]);
        return true;
    }

    /// <summary>The first usable address the configuration makes Kestrel listen on, as a base URL; null for a port chosen at start (0).</summary>
    public static string? FromListeningConfiguration(IConfiguration configuration)
    {
        var candidates = new List<string>();
        candidates.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).OfType<string>());
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            candidates.AddRange(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (configuration["http_ports"] is { Length: > 0 } httpPorts)
        {
            candidates.AddRange(httpPorts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => "http://localhost:" + p));
        }

        if (configuration["https_ports"] is { Length: > 0 } httpsPorts)
        {
            candidates.AddRange(httpsPorts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => "https://localhost:" + p));
        }

        if (candidates.Count == 0)
        {
            candidates.Add(KestrelDefault);
        }

        // Prefer https when the app listens on both (a browser may refuse http links next to it).
        return candidates.Select(Normalize).OfType<string>()
            .OrderBy(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? 0 : 1).FirstOrDefault();
    }

    /// <summary>
    /// <c>http://*:5000</c>, <c>http://+:5000</c>, <c>http://0.0.0.0:5000</c> and <c>http://[::]:5000</c> listen on every
    /// interface: a link goes to localhost. Port 0 (chosen at start) cannot be known yet: null.
    /// </summary>
    internal static string? Normalize(string address)
    {
        var cleaned = WildcardHost().Replace(address.Trim(), "$1://localhost$2");
        if (!Uri.TryCreate(cleaned, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Port == 0)
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Logs once at start which base URL e-mail links use, and warns when it is not an address the app listens on (Development).</summary>
    public static void LogAtStart(WebApplication app, bool fromListeningAddress)
    {
        var baseUrl = app.Services.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl;
        if (fromListeningAddress)
        {
            LogFromListening(app.Logger, baseUrl, Setting);
        }
        else
        {
            LogFromSetting(app.Logger, baseUrl, Setting);
        }

        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var listening = addresses.Select(Normalize).OfType<string>().ToList();
            var ours = Normalize(baseUrl);
            if (listening.Count > 0 && ours is not null && !listening.Contains(ours, StringComparer.OrdinalIgnoreCase))
            {
                LogMismatch(app.Logger, baseUrl, string.Join(", ", listening), Setting);
            }
        });
    }

    [GeneratedRegex(@"^(https?)://(?:\*|\+|0\.0\.0\.0|\[::\])(:\d+|/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex WildcardHost();

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail links use {BaseUrl}: the address the app listens on ({Setting} is not set; Development)")]
    private static partial void LogFromListening(ILogger logger, string baseUrl, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail links use {BaseUrl} (from {Setting})")]
    private static partial void LogFromSetting(ILogger logger, string baseUrl, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail links use {BaseUrl}, but the app listens on {Addresses}: set {Setting} to the address people reach the app on")]
    private static partial void LogMismatch(ILogger logger, string baseUrl, string addresses, string setting);
}
