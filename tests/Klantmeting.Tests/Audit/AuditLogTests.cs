using System.Reflection;
using System.Text;
using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Klantmeting.Tests.Audit;

/// <summary>The audit log: what the services record, the filters and paging, the CSV, append-only, no contact data.</summary>
public sealed class AuditLogTests
{
    /// <summary>An actor the test can switch, as if different users acted.</summary>
    private sealed class SwitchableActor : IAuditActor
    {
        public string Id { get; set; } = "gebruiker-1";
    }

    private static async Task<(TestHost Host, SwitchableActor Actor)> StartAsync(DatabaseProvider provider)
    {
        var actor = new SwitchableActor();
        var host = await TestHost.StartAsync(provider: provider, services: s =>
        {
            s.RemoveAll<IAuditActor>();
            s.AddSingleton<IAuditActor>(actor);
        });
        return (host, actor);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Round_actions_are_recorded_with_time_user_and_object(DatabaseProvider provider)
    {
        var (host, actor) = await StartAsync(provider);
        await using var _ = host;
        await using var scope = host.CreateScope();
        var rounds = scope.ServiceProvider.GetRequiredService<RoundService>();
        await rounds.CreateAsync("Voorjaar", "werkzoekenden-2009", new(2009, 9, 1), new(2009, 11, 30));
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        actor.Id = "gebruiker-2";
        await rounds.UpdateAsync("Voorjaar", "werkzoekenden-2009", new(2009, 9, 1), new(2009, 12, 15), "7");
        await rounds.OpenAsync("Voorjaar");
        await rounds.SetSendingPausedAsync("Voorjaar", paused: true);
        await rounds.SetSendingPausedAsync("Voorjaar", paused: true); // no change: not recorded again
        await rounds.SetSendingPausedAsync("Voorjaar", paused: false);
        await rounds.CloseAsync("Voorjaar");
        await rounds.CreateAsync("Weg", "werkzoekenden-2009", new(2009, 9, 1), new(2009, 11, 30));
        await rounds.DeleteAsync("Weg");

        var page = await scope.ServiceProvider.GetRequiredService<AuditLog>().QueryAsync(new AuditFilter());
        var actions = page.Entries.Reverse().Select(e => (e.Action, e.Actor, e.ObjectKey)).ToList();
        Assert.Equal(
        [
            (AuditAction.RoundCreated, "gebruiker-1", "Voorjaar"),
            (AuditAction.RoundEdited, "gebruiker-2", "Voorjaar"),
            (AuditAction.RoundOpened, "gebruiker-2", "Voorjaar"),
            (AuditAction.RoundPaused, "gebruiker-2", "Voorjaar"),
            (AuditAction.RoundResumed, "gebruiker-2", "Voorjaar"),
            (AuditAction.RoundClosed, "gebruiker-2", "Voorjaar"),
            (AuditAction.RoundCreated, "gebruiker-2", "Weg"),
            (AuditAction.RoundDeleted, "gebruiker-2", "Weg"),
        ], actions);
        var first = page.Entries[^1];
        Assert.Equal(new DateTime(2009, 9, 14, 8, 0, 0, DateTimeKind.Utc), first.At);
        Assert.Equal(DateTimeKind.Utc, first.At.Kind);
        Assert.Equal(AuditObject.Round, first.ObjectType);
        Assert.Equal("Voorjaar", first.Round);
        Assert.Equal("veldwerk 2009-09-01 t/m 2009-11-30 -> 2009-09-01 t/m 2009-12-15; herinneringen dag 7, 14 -> dag 7",
            page.Entries.Single(e => e.Action == AuditAction.RoundEdited).Details);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task No_entry_holds_an_email_address(DatabaseProvider provider)
    {
        var (host, actor) = await StartAsync(provider);
        await using var _ = host;
        await using var scope = host.CreateScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<KlantmetingDbContext>().Werkpleinen.AddAsync(new() { Code = "WP-A", Name = "A" });
        await services.GetRequiredService<KlantmetingDbContext>().SaveChangesAsync();
        var (user, _) = await services.GetRequiredService<UserService>().CreateAsync("jan.jansen@werkplein.test", Roles.Werkplein, ["WP-A"]);
        // A caller that passes contact data by mistake: the log replaces it.
        actor.Id = "piet@ako.test";
        await services.GetRequiredService<AuditLog>().RecordAsync(AuditAction.UserChanged, AuditObject.User, "klaas@x.test", null,
            "adres gewijzigd van a@b.test naar \"c.d@e.test\"");

        var db = services.GetRequiredService<KlantmetingDbContext>();
        var entries = await db.AuditEntries.AsNoTracking().ToListAsync();
        Assert.Equal(2, entries.Count);
        var created = entries.Single(e => e.Action == AuditAction.UserCreated);
        Assert.Equal(user.Id, created.ObjectKey);
        Assert.Equal("rol werkplein, Werkpleinen WP-A", created.Details);
        foreach (var e in entries)
        {
            Assert.DoesNotContain('@', e.Actor + e.ObjectKey + e.Details + e.Round);
        }

        var csv = new MemoryStream();
        await services.GetRequiredService<AuditLog>().WriteCsvAsync(new AuditFilter(), csv);
        Assert.DoesNotContain('@', Encoding.UTF8.GetString(csv.ToArray()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Filters_by_user_round_and_Dutch_date_and_pages_newest_first(DatabaseProvider provider)
    {
        var (host, actor) = await StartAsync(provider);
        await using var _ = host;
        await using var scope = host.CreateScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        // 2009-09-14 08:00 UTC; the 21:59 UTC entry is still 14 September in Dutch time, the 22:30 one is the 15th.
        await audit.RecordAsync(AuditAction.RoundCreated, AuditObject.Round, "A", "A");
        host.Clock.Advance(TimeSpan.FromHours(13) + TimeSpan.FromMinutes(59));
        actor.Id = "gebruiker-2";
        await audit.RecordAsync(AuditAction.RoundOpened, AuditObject.Round, "A", "A");
        host.Clock.Advance(TimeSpan.FromMinutes(31));
        await audit.RecordAsync(AuditAction.RoundCreated, AuditObject.Round, "B", "B");
        await audit.RecordExportAsync("resultaten", "B");
        await audit.RecordAsync(AuditAction.WerkpleinChanged, AuditObject.Werkplein, "WP-A");

        Assert.Equal(5, (await audit.QueryAsync(new AuditFilter())).Total);
        Assert.Equal(4, (await audit.QueryAsync(new AuditFilter(Actor: "gebruiker-2"))).Total);
        Assert.Equal(2, (await audit.QueryAsync(new AuditFilter(Round: "A"))).Total);
        Assert.Equal(1, (await audit.QueryAsync(new AuditFilter(Actor: "gebruiker-2", Round: "A"))).Total);
        Assert.Equal(2, (await audit.QueryAsync(new AuditFilter(To: new DateOnly(2009, 9, 14)))).Total);
        Assert.Equal(3, (await audit.QueryAsync(new AuditFilter(From: new DateOnly(2009, 9, 15)))).Total);
        Assert.Equal(0, (await audit.QueryAsync(new AuditFilter(From: new DateOnly(2009, 9, 16)))).Total);

        var page1 = await audit.QueryAsync(new AuditFilter(), page: 1, pageSize: 2);
        var page3 = await audit.QueryAsync(new AuditFilter(), page: 3, pageSize: 2);
        Assert.Equal(3, page1.Pages);
        Assert.Equal([AuditAction.WerkpleinChanged, AuditAction.ExportDownloaded], page1.Entries.Select(e => e.Action));
        Assert.Equal([AuditAction.RoundCreated], page3.Entries.Select(e => e.Action));
        Assert.Equal("A", page3.Entries[0].ObjectKey);

        var csv = new MemoryStream();
        await audit.WriteCsvAsync(new AuditFilter(Round: "B"), csv);
        Assert.Equal(
            AuditLog.CsvHeader + "\r\n" +
            "2009-09-14T22:30:00Z,gebruiker-2,round-created,ronde,B,B,\r\n" +
            "2009-09-14T22:30:00Z,gebruiker-2,export-downloaded,export,resultaten,B,\r\n",
            Encoding.UTF8.GetString(csv.ToArray()));
    }

    [Fact]
    public void The_log_has_no_method_that_changes_or_deletes_an_entry()
    {
        var methods = typeof(AuditLog).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => m.Name).Where(n => !n.StartsWith("get_", StringComparison.Ordinal)).Distinct().Order().ToList();
        Assert.Equal(["FilterValuesAsync", "QueryAsync", "RecordAsync", "RecordExportAsync", "RecordImportAsync", "WriteCsvAsync"], methods);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Scheduler_opens_and_closes_as_the_system_and_the_cli_names_its_os_user(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(provider: provider);
        await host.SeedRoundAsync("Gepland", 1, RoundState.Draft);
        await using var scope = host.CreateScope();
        var rounds = scope.ServiceProvider.GetRequiredService<RoundService>();
        await rounds.ScheduleAsync("Gepland");
        await scope.ServiceProvider.GetRequiredService<RoundScheduler>().RunAsync(CancellationToken.None);

        var entries = (await scope.ServiceProvider.GetRequiredService<AuditLog>().QueryAsync(new AuditFilter(Round: "Gepland"))).Entries;
        Assert.Equal([(AuditAction.RoundOpened, "systeem"), (AuditAction.RoundScheduled, "systeem")], entries.Select(e => (e.Action, e.Actor)));
        Assert.Equal("vanzelf, volgens de planning", entries[0].Details);
        Assert.Equal("cli:" + Environment.UserName, FixedAuditActor.Cli().Id);
    }
}
