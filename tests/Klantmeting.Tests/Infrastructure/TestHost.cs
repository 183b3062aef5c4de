using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Werkpleinen;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Klantmeting.Tests.Infrastructure;

/// <summary>The application's services on a real SQLite file in a fresh temporary folder.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly TestDatabase _database;

    private TestHost(IHost host, string directory, TestDatabase database)
    {
        _host = host;
        Directory = directory;
        _database = database;
    }

    public DatabaseProvider Provider => _database.Provider;

    public string ConnectionString => _database.ConnectionString;

    public string Directory { get; }


    public string OutboxPath => Path.Combine(Directory, "outbox");

    public IServiceProvider Services => _host.Services;

    /// <summary>Every day of the week, for <c>Invitations:SendingDays</c>.</summary>
    public const string AllDays = "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday";

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2009, 9, 14, 8, 0, 0, TimeSpan.Zero));

    /// <summary>Starts a host; <paramref name="settings"/> override the test defaults.</summary>
    public static async Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null, string? directory = null,
        DatabaseProvider provider = DatabaseProvider.Sqlite, Action<IServiceCollection>? services = null)
    {
        directory ??= Path.Combine(Path.GetTempPath(), "klantmeting-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var database = await TestDatabase.CreateAsync(provider, directory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            ContentRootPath = directory,
        });
        var config = new Dictionary<string, string?>(database.Settings)
        {
            ["Mail:Delivery"] = "Outbox",
            ["Mail:OutboxPath"] = Path.Combine(directory, "outbox"),
            ["App:PublicBaseUrl"] = "https://klantmeting.test",
            // Tests send at any hour unless they test the sending window itself.
            ["Invitations:SendingDays"] = AllDays,
            ["Invitations:SendingHours"] = "00:00-24:00",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddKlantmeting();
        TestHost? result = null;
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton<TimeProvider>(_ => result!.Clock);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        result = new TestHost(host, directory, database);
        await host.Services.MigrateKlantmetingDatabaseAsync();
        return result;
    }

    public AsyncServiceScope CreateScope() => _host.Services.CreateAsyncScope();

    /// <summary>Runs <paramref name="action"/> with a fresh DbContext.</summary>
    public async Task<T> WithDbAsync<T>(Func<KlantmetingDbContext, Task<T>> action)
    {
        await using var scope = CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>());
    }

    /// <summary>Creates a round with <paramref name="count"/> participants and pending invitations.</summary>
    public async Task<Round> SeedRoundAsync(string name, int count, RoundState state = RoundState.Open,
        string questionnaire = "werkzoekenden-2009", string emailPrefix = "persoon")
    {
        return await WithDbAsync(async db =>
        {
            var werkplein = db.Werkpleinen.FirstOrDefault(w => w.Code == "WP-TST")
                ?? db.Werkpleinen.Add(new Werkplein { Code = "WP-TST", Name = "Testplein Zoë" }).Entity;
            var round = new Round
            {
                Name = name,
                QuestionnaireId = questionnaire,
                FieldworkStart = new DateOnly(2009, 9, 1),
                FieldworkEnd = new DateOnly(2009, 11, 30),
                State = state,
                CreatedAt = Clock.GetUtcNow().UtcDateTime,
            };
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
            var participants = Enumerable.Range(1, count).Select(n => new Participant
            {
                RoundId = round.Id,
                Ref = $"{name}-{n}",
                WerkpleinId = werkplein.Id,
            }).ToList();
            db.Participants.AddRange(participants);
            await db.SaveChangesAsync();
            var n = 0;
            foreach (var p in participants)
            {
                n++;
                db.ParticipantContacts.Add(new ParticipantContact { ParticipantId = p.Id, RoundId = round.Id, Email = $"{emailPrefix}{n}@voorbeeld.nl" });
                db.Invitations.Add(new Invitation
                {
                    ParticipantId = p.Id,
                    RoundId = round.Id,
                    State = InvitationState.Pending,
                    NextAttemptAt = Clock.GetUtcNow().UtcDateTime,
                });
            }

            await db.SaveChangesAsync();
            return round;
        });
    }

    public async ValueTask DisposeAsync()
    {
        await (_host as IAsyncDisposable)!.DisposeAsync();
        await _database.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow file system is left for the OS temp cleaner.
        }
    }
}

/// <summary>A clock that tests move by hand.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
