using System.Net;
using Klantmeting.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Klantmeting.EndToEnd.Infrastructure;

/// <summary>
/// The real web host on a real Kestrel port (127.0.0.1, free port) with its own SQLite file in a temporary
/// folder, for tests that drive it with a browser or other real clients.
/// </summary>
/// <remarks>
/// Settings: pass them to the protected constructor from a subclass, or call <see cref="WithSetting"/> before the
/// first use of <see cref="BaseAddress"/> or <see cref="WebApplicationFactory{T}.Services"/>; they are applied with
/// <c>UseSetting</c>, so they override appsettings.json. Example for an SMTP test:
/// <code>new KestrelAppFactory().WithSetting("Mail:Smtp:Port", "1025")</code>.
/// </remarks>
public class KestrelAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private bool _started;
    private TimeProvider? _clock;

    public KestrelAppFactory()
        : this(null)
    {
    }

    /// <summary>A host listening on a given port, for links (e.g. in e-mails) that must be known before start.</summary>
    public static KestrelAppFactory OnPort(int port) => new(null, port);

    protected KestrelAppFactory(IReadOnlyDictionary<string, string?>? settings, int port = 0)
    {
        DataFolder = Directory.CreateTempSubdirectory("klantmeting-e2e-").FullName;
        _settings["ConnectionStrings:" + DatabaseExtensions.ConnectionStringName] =
            $"Data Source={Path.Combine(DataFolder, "klantmeting.db")}";
        // Tests start from an empty database and keep every file in their own folder.
        _settings["Demo:Seed"] = "false";
        _settings["Mail:OutboxPath"] = Path.Combine(DataFolder, "outbox");
        // Tests run at any hour: mail may go out all day, every day, unless a test sets the window.
        _settings["Invitations:SendingDays"] = "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday";
        _settings["Invitations:SendingHours"] = "00:00-24:00";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(o => o.Listen(IPAddress.Loopback, port));
    }

    /// <summary>A temporary folder owned by this host (database file; put outbox folders etc. here); deleted on dispose.</summary>
    public string DataFolder { get; }

    /// <summary>The environment name of the host; Production by default, as users see it.</summary>
    public string Environment { get; init; } = "Production";

    /// <summary>The settings applied to the host.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>Adds or replaces a setting; only before the host starts.</summary>
    /// <exception cref="InvalidOperationException">The host has started already.</exception>
    public KestrelAppFactory WithSetting(string key, string? value)
    {
        if (_started)
        {
            throw new InvalidOperationException("Settings must be given before the host starts.");
        }

        _settings[key] = value;
        return this;
    }

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234/</c>; starts the host on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
                .Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    /// <summary>An absolute URL of the app for a path such as <c>/privacy</c>.</summary>
    public string Url(string path) => new Uri(BaseAddress, path.TrimStart('/')).ToString();

    /// <summary>Runs <paramref name="action"/> with a service scope of the running host.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Sends mail through the plain SMTP server on 127.0.0.1:<paramref name="smtpPort"/> (maildev), from the Klantmeting test sender.</summary>
    public KestrelAppFactory WithSmtp(int smtpPort) => this
        .WithSetting("Mail:Delivery", "Smtp")
        .WithSetting("Mail:From", "Werkplein Klantmeting <meting@klantmeting.test>")
        .WithSetting("Smtp:Host", "127.0.0.1")
        .WithSetting("Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithSetting("Smtp:Security", "None");

    /// <summary>Replaces the host's clock (only before the host starts), so a test can move time.</summary>
    public KestrelAppFactory WithClock(TimeProvider clock)
    {
        if (_started)
        {
            throw new InvalidOperationException("The clock must be given before the host starts.");
        }

        _clock = clock;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _started = true;
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_clock is { } clock)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            });
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Something still holds a file: leave the temporary folder behind.
        }

        GC.SuppressFinalize(this);
    }
}
