using System.Text;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Werkpleinen;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Klantmeting.Tests.Imports;

/// <summary>A real SQLite file in a temporary folder, migrated, with the application's services.</summary>
public sealed class ImportTestDatabase : IAsyncDisposable
{
    public static readonly DateTime Now = new(2009, 3, 2, 8, 30, 0, DateTimeKind.Utc);

    private readonly IHost _host;
    private readonly TestDatabase _database;

    private ImportTestDatabase(string folder, IHost host, Dictionary<string, string?> settings, TestDatabase database)
    {
        Folder = folder;
        _host = host;
        Settings = settings;
        _database = database;
    }

    public string Folder { get; }

    /// <summary>The settings used, for running the CLI against the same database.</summary>
    public Dictionary<string, string?> Settings { get; }

    public static async Task<ImportTestDatabase> CreateAsync(string? surveysPath = null, DatabaseProvider provider = DatabaseProvider.Sqlite,
        Action<IServiceCollection>? services = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "klantmeting-imports-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = await TestDatabase.CreateAsync(provider, folder);
        var settings = new Dictionary<string, string?>(database.Settings);
        if (surveysPath is not null)
        {
            settings["Surveys:Path"] = surveysPath;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(new FixedClock(Now));
        builder.AddKlantmeting();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.MigrateKlantmetingDatabaseAsync();
        return new ImportTestDatabase(folder, host, settings, database);
    }

    public string WriteFile(string name, string content, Encoding? encoding = null)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<KlantmetingDbContext, Task<T>> query) =>
        WithAsync(sp => query(sp.GetRequiredService<KlantmetingDbContext>()));

    public Task<ImportResult> ImportWerkpleinenAsync(string csv, Encoding? encoding = null) =>
        WithAsync(sp => sp.GetRequiredService<WerkpleinImporter>().ImportAsync(WriteFile($"wp-{Guid.NewGuid():N}.csv", csv, encoding)));

    public Task<ImportResult> ImportParticipantsAsync(string round, string csv, bool skipInvalid = false, Encoding? encoding = null,
        IProgress<ImportProgress>? progress = null) =>
        WithAsync(sp => sp.GetRequiredService<ParticipantImporter>()
            .ImportAsync(round, WriteFile($"p-{Guid.NewGuid():N}.csv", csv, encoding), skipInvalid, progress));

    /// <summary>Three Werkpleinen and a draft round "R1" for werkzoekenden-2009.</summary>
    public async Task SeedAsync(string round = "R1", string questionnaire = "werkzoekenden-2009")
    {
        var result = await ImportWerkpleinenAsync("code,naam,regio\nWP-AMS,Werkplein Amsterdam,Noord-Holland\nWP-RTD,Werkplein Rotterdam,\nWP-UTR,Werkplein Utrecht,Midden\n");
        Assert.Empty(result.Errors);
        await WithAsync(sp => sp.GetRequiredService<RoundService>().CreateAsync(round, questionnaire, new DateOnly(2009, 3, 1), new DateOnly(2009, 4, 30)));
    }

    /// <summary>Runs the CLI on this database: exit code, standard output and error output.</summary>
    public async Task<(int Code, string Out, string Err)> RunCliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Klantmeting.Cli.CliApp.RunAsync(args, output, error, Settings);
        return (code, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}
