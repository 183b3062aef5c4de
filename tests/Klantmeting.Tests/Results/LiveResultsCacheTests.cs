using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Klantmeting.Cli;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Retention;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Results;

/// <summary>
/// The figures of an open round kept in memory (<c>ResultsService.Live</c>): two hosts on one database (two web
/// processes on several machines) keep them, a third computes everything anew for every read (its memory emptied
/// first). After every kind of change, made through the product's own paths, both keeping hosts show exactly the
/// figures of the uncached computation. The hand-made round of <see cref="ResultsRoundSeed"/>; every provider.
/// </summary>
public abstract class LiveResultsCacheTests(DatabaseProvider provider)
{
    private const string Round = ResultsRoundSeed.RoundName;
    private static readonly JsonSerializerOptions _json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    [Fact]
    public async Task Two_hosts_that_keep_the_figures_show_every_change_exactly_as_a_fresh_computation()
    {
        await using var a = await TestHost.StartAsync(provider: provider);
        var same = new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + DatabaseExtensions.ConnectionStringName] = a.ConnectionString,
            ["Database:Provider"] = a.Provider.ToString(),
        };
        await using var b = await TestHost.StartAsync(same);
        await using var fresh = await TestHost.StartAsync(same);
        TestHost[] hosts = [a, b, fresh];
        SurveyDefinition survey;
        await using (var scope = a.CreateScope())
        {
            survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
            await ResultsRoundSeed.SeedAsync(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>(), survey);
        }

        // Every clock a day past the real one: the command-line import below stamps its responses with the real time,
        // which must not look like the newest change. Then past the settling time after each change, so the kept
        // figures are trusted and only the version key can tell them apart.
        void Advance(TimeSpan by)
        {
            foreach (var h in hosts)
            {
                h.Clock.Advance(by);
            }
        }

        Advance(DateTimeOffset.UtcNow.AddDays(1) - a.Clock.GetUtcNow());
        var previous = await CheckAsync(a, b, fresh);

        // A new partial answer: B13 (sent, no response) starts and answers the first principle.
        var answer = await AddTokenAsync(a, "B13", TokenPurpose.Answer);
        await SaveAsync(a, answer, ResponseSteps.Intro, new StepInput(new Dictionary<string, string?>()));
        previous = await ChangedAsync(previous, a, b, fresh, Advance);
        var first = survey.Principles[0];
        await SaveAsync(a, answer, 1, new StepInput(first.Statements.ToDictionary(s => s.Id, _ => (string?)"4")));
        previous = await ChangedAsync(previous, a, b, fresh, Advance, mustDiffer: false);

        // The same respondent completes (through host B this time): n of the overall grade 24 -> 25.
        for (var step = 2; step <= survey.Principles.Count; step++)
        {
            await SaveAsync(b, answer, step, new StepInput(survey.Principles[step - 1].Statements.ToDictionary(s => s.Id, _ => (string?)"4")));
        }

        var steps = new ResponseSteps(survey);
        await SaveAsync(b, answer, steps.Grade, new StepInput(new Dictionary<string, string?>(), Grade: "9"));
        await using (var scope = b.CreateScope())
        {
            var responses = scope.ServiceProvider.GetRequiredService<ResponseService>();
            Assert.Equal(StepOutcomeKind.Completed, (await responses.CompleteAsync((await responses.FindAsync(answer))!)).Kind);
        }

        previous = await ChangedAsync(previous, a, b, fresh, Advance);
        Assert.Contains("\"Najaar 2009, T3\",NL,totaal,totaal,totaaloordeel,25,", previous, StringComparison.Ordinal);

        // A telephone interview imported with the command line (its own process in production): B14.
        var file = Path.Combine(a.Directory, "telefoon.csv");
        var statements = survey.Statements.Select(s => s.Id).ToList();
        await File.WriteAllTextAsync(file, $"ref,totaaloordeel,{string.Join(',', statements)}\nB14,8,{string.Join(',', statements.Select(_ => "3"))}\n");
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            Assert.True(await CliApp.RunAsync(["responses", "import", "--round", Round, "--mode", "telefoon", file], output, error, same) == 0, error.ToString());
        }

        previous = await ChangedAsync(previous, a, b, fresh, Advance);

        // An opt-out through the opt-out link (A16, not sent yet), and a hard bounce as the bounce feature records it (A18).
        var optOut = await AddTokenAsync(a, "A16", TokenPurpose.OptOut);
        await using (var scope = a.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<OptOutService>().OptOutAsync(optOut));
        }

        previous = await ChangedAsync(previous, a, b, fresh, Advance);
        await a.WithDbAsync(db => db.Invitations.Where(i => db.Participants.Any(p => p.Id == i.ParticipantId && p.Ref == "A18"))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, InvitationState.Bounced).SetProperty(i => i.BouncedAt, DateTime.UtcNow)));
        previous = await ChangedAsync(previous, a, b, fresh, Advance);

        // A Werkplein moves to a region: the regional totals change.
        await a.WithDbAsync(db => db.Werkpleinen.Where(w => w.Code == "WP-A").ExecuteUpdateAsync(s => s.SetProperty(w => w.Region, "Noord")));
        previous = await ChangedAsync(previous, a, b, fresh, Advance);

        // Retention (contact data only) changes no figure; closing freezes the figures as they are.
        await using (var scope = a.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ContactDataRetention>().RunAsync(dryRun: false);
        }

        previous = await ChangedAsync(previous, a, b, fresh, Advance, mustDiffer: false);
        await using (var scope = b.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoundService>().CloseAsync(Round);
        }

        await ChangedAsync(previous, a, b, fresh, Advance, mustDiffer: false);
    }

    /// <summary>After a change: the clocks move past the settling time, and every host shows the same figures.</summary>
    private static async Task<string> ChangedAsync(string previous, TestHost a, TestHost b, TestHost fresh, Action<TimeSpan> advance, bool mustDiffer = true)
    {
        advance(ResultsService.LiveSettleTime + TimeSpan.FromMinutes(1));
        var now = await CheckAsync(a, b, fresh);
        if (mustDiffer)
        {
            Assert.NotEqual(previous, now);
        }

        return now;
    }

    /// <summary>The figures of both keeping hosts, read twice each, equal the fresh computation; returns them.</summary>
    private static async Task<string> CheckAsync(TestHost a, TestHost b, TestHost fresh)
    {
        var expected = await FiguresAsync(fresh, forget: true);
        foreach (var host in new[] { a, b, a, b })
        {
            Assert.Equal(expected, await FiguresAsync(host, forget: false));
        }

        return expected;
    }

    /// <summary>Every figure the pages read of the round, and the cells export, as one string.</summary>
    private static async Task<string> FiguresAsync(TestHost host, bool forget)
    {
        await using var scope = host.CreateScope();
        if (forget)
        {
            ((MemoryCache)scope.ServiceProvider.GetRequiredService<IMemoryCache>()).Clear();
        }

        var results = scope.ServiceProvider.GetRequiredService<ResultsService>();
        using var cells = new MemoryStream();
        await results.WriteCellsCsvAsync(Round, cells);
        var all = new object[]
        {
            await results.ComputeCellsAsync(Round),
            await results.ComputeResponseRatesAsync(Round),
            await results.ComputeTotalsAsync(Round),
            await results.ComputePeersAsync(Round),
            await results.ComputePeersAsync(Round, includeBreakdowns: false),
            await results.ComputeFieldworkCurveAsync(Round),
            await results.ComputeModeRatesAsync(Round),
            await results.ComputeWeightedCellsAsync(Round, new WeightingRequest(Klantmeting.Weighting.WeightingMethod.PostStratification)),
        };
        return Encoding.UTF8.GetString(cells.ToArray()) + string.Join("\n", all.Select(x => JsonSerializer.Serialize(x, x.GetType(), _json)));
    }

    private static Task<string> AddTokenAsync(TestHost host, string participantRef, TokenPurpose purpose) => host.WithDbAsync(async db =>
    {
        var invitation = await db.Invitations.Where(i => db.Participants.Any(p => p.Id == i.ParticipantId && p.Ref == participantRef))
            .Select(i => i.Id).SingleAsync();
        var token = InvitationToken.Generate();
        db.InvitationTokens.Add(new IssuedToken
        {
            Hash = InvitationToken.Hash(token), InvitationId = invitation, Purpose = purpose, CreatedAt = host.Clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
        return token;
    });

    private static async Task SaveAsync(TestHost host, string token, int step, StepInput input)
    {
        await using var scope = host.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ResponseService>();
        var session = await service.FindAsync(token);
        Assert.NotNull(session);
        var outcome = await service.SaveStepAsync(session, step, step + 1, input);
        Assert.Equal(StepOutcomeKind.Saved, outcome.Kind);
    }
}

/// <summary>On SQLite files.</summary>
public sealed class LiveResultsCacheTestsOnSqlite() : LiveResultsCacheTests(DatabaseProvider.Sqlite);

/// <summary>On PostgreSQL.</summary>
public sealed class LiveResultsCacheTestsOnPostgreSql() : LiveResultsCacheTests(DatabaseProvider.PostgreSql);
