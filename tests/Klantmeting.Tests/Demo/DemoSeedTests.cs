using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Audit;
using Klantmeting.Demo;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Klantmeting.Tests.Demo;

/// <summary>
/// The demo of the first start: closed rounds of both audiences with several hundred answers per Werkplein, so every
/// results page shows figures at once, and a history in the audit log. Signs in with the passwords the console shows.
/// </summary>
public sealed partial class DemoSeedTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-demoseed-").FullName;
    private TestDatabase? _database;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_first_start_shows_figures_everywhere_and_a_second_seed_does_nothing(DatabaseProvider provider)
    {
        _database = await TestDatabase.CreateAsync(provider, _folder);
        var console = new ConsoleCapture();
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            foreach (var (key, value) in _database.Settings)
            {
                b.UseSetting(key, value);
            }

            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Demo:Seed", "true");
            b.UseSetting(Klantmeting.Web.Infrastructure.AccessExtensions.SignInPermitsSetting, "1000");
            b.ConfigureLogging(l => l.AddProvider(console));
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            var closed = await db.Rounds.Where(r => r.State == RoundState.Closed).OrderBy(r => r.FieldworkStart).ToListAsync();
            Assert.Equal(["werkzoekenden-2007", "werkzoekenden-2009", "werkgevers-2009"], closed.Select(r => r.QuestionnaireId));
            Assert.All(closed, r => Assert.NotNull(r.CloseCompletedAt));
            Assert.Equal(closed.Count, await db.RoundResultSnapshots.CountAsync(s => closed.Select(r => r.Id).Contains(s.RoundId)));
            Assert.Equal(RoundState.Open, (await db.Rounds.SingleAsync(r => r.Name == DemoSeeder.RoundName)).State);

            // Several hundred answers (complete or partial) per Werkplein in every closed round.
            var counted = await (
                from r in db.Responses
                join i in db.Invitations on r.InvitationId equals i.Id
                join p in db.Participants on i.ParticipantId equals p.Id
                where closed.Select(c => c.Id).Contains(r.RoundId)
                group r by new { r.RoundId, p.WerkpleinId } into g
                select new { g.Key.RoundId, g.Key.WerkpleinId, Count = g.Count() }).ToListAsync();
            Assert.Equal(closed.Count * 4, counted.Count);
            Assert.All(counted, c => Assert.True(c.Count >= 300, $"round {c.RoundId}, Werkplein {c.WerkpleinId}: {c.Count} responses"));
            // Every delivery outcome occurs, so the response rate and the sending page have something to show.
            Assert.True(await db.Invitations.AnyAsync(i => i.State == Klantmeting.Invitations.InvitationState.Bounced));
            Assert.True(await db.Invitations.AnyAsync(i => i.State == Klantmeting.Invitations.InvitationState.OptedOut));
            Assert.True(await db.Responses.AnyAsync(r => r.CompletedAt == null));

            var log = await db.AuditEntries.Where(e => e.Actor == DemoSeeder.Actor).ToListAsync();
            foreach (var action in new[] { AuditAction.RoundCreated, AuditAction.RoundEdited, AuditAction.SampleUploaded, AuditAction.RoundOpened,
                AuditAction.RoundPaused, AuditAction.RoundResumed, AuditAction.RoundClosed, AuditAction.ExportDownloaded, AuditAction.WerkpleinChanged })
            {
                Assert.Contains(log, e => e.Action == action);
            }

            // The history lies in the past, in the order it happened.
            Assert.All(log, e => Assert.True(e.At <= DateTime.UtcNow));
            Assert.True(log.Min(e => e.At) < DateTime.UtcNow.AddMonths(-12));

            var counts = (await db.Rounds.CountAsync(), await db.Participants.CountAsync(), await db.Responses.CountAsync(), await db.AuditEntries.CountAsync());
            Assert.False(await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync());
            Assert.Equal(counts, (await db.Rounds.CountAsync(), await db.Participants.CountAsync(), await db.Responses.CountAsync(), await db.AuditEntries.CountAsync()));
        }

        // The werkplein demo user sees figures on the dashboard, with a trend over the rounds.
        var werkplein = await SignInAsync(app, DemoSeeder.WerkpleinEmail, console.Password(DemoSeeder.WerkpleinEmail));
        var dashboard = await werkplein.GetStringAsync("/werkplein/WP-AMS");
        Assert.DoesNotContain("te weinig antwoorden", dashboard);
        Assert.DoesNotContain("nog geen meetrondes", dashboard);
        Assert.Matches(@"<td>\d,\d</td>", dashboard);
        Assert.Contains("<svg", dashboard);

        var beheerder = await SignInAsync(app, DemoSeeder.BeheerderEmail, console.Password(DemoSeeder.BeheerderEmail));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var names = await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().Rounds
                .Where(r => r.State == RoundState.Closed && r.QuestionnaireId.StartsWith("werkzoekenden"))
                .OrderBy(r => r.FieldworkStart).Select(r => r.Name).ToListAsync();
            var query = string.Join("&", names.Select(n => "ronde=" + Uri.EscapeDataString(n)));
            foreach (var level in new[] { "landelijk", "werkpleinen" })
            {
                var comparison = await beheerder.GetStringAsync($"/beheer/vergelijken?{query}&niveau={level}");
                Assert.DoesNotContain("te weinig respondenten", comparison);
                Assert.Matches(@"\d,\d", comparison);
            }

            var results = await beheerder.GetStringAsync($"/beheer/rondes/{Uri.EscapeDataString(names[^1])}/resultaten");
            Assert.DoesNotContain("te weinig respondenten", results);
            Assert.Matches(@"\d,\d", results);
        }

        var logbook = await beheerder.GetStringAsync("/beheer/logboek");
        Assert.Contains("ronde gesloten", logbook);

        var publicResults = await app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") })
            .GetStringAsync("/resultaten");
        Assert.DoesNotContain("te weinig respondenten", publicResults);
        Assert.DoesNotContain("nog geen afgeronde meting", publicResults);
        Assert.Matches(@"\d,\d", publicResults);
    }

    private static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> app, string email, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        var response = await AccessAppFactory.PostSignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        // The demo's background dispatch may still be finishing an outbox file while the host stops: clean-up only.
        await Eventually.TrueAsync(() => TryDelete(_folder), TimeSpan.FromSeconds(2), "the outbox folder free to delete");
    }

    private static bool TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>What the console shows: the demo accounts' passwords, read as a newcomer reads them.</summary>
    private sealed partial class ConsoleCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Password(string email) =>
            _lines.Select(l => AccountLine().Match(l)).FirstOrDefault(m => m.Success && m.Groups[1].Value == email)?.Groups[2].Value
            ?? throw new InvalidOperationException($"No password of {email} in the console:\n" + string.Join("\n", _lines));

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        [GeneratedRegex(@"^Demo account (\S+) \(.*\), password: (\S+)$")]
        private static partial Regex AccountLine();

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
