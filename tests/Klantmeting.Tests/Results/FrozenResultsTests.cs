using System.Text;
using Klantmeting.Cli;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Retention;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Results;

/// <summary>
/// A closed round's results are frozen; contact data are deleted after the retention period without changing them.
/// The hand-made round of <see cref="ResultsRoundSeed"/>. Runs on every provider: see the subclasses below.
/// </summary>
public abstract class FrozenResultsTests(DatabaseProvider provider)
{
    private const string Round = ResultsRoundSeed.RoundName;

    private async Task<TestHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var host = await TestHost.StartAsync(settings, provider: provider);
        await using var scope = host.CreateScope();
        var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
        await ResultsRoundSeed.SeedAsync(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>(), survey);
        return host;
    }

    /// <summary>Both CSV exports and the fieldwork curve, as one string.</summary>
    private static async Task<string> ExportAllAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        var results = scope.ServiceProvider.GetRequiredService<ResultsService>();
        using var cells = new MemoryStream();
        await results.WriteCellsCsvAsync(Round, cells);
        using var rates = new MemoryStream();
        await results.WriteResponseRatesCsvAsync(Round, rates);
        var breakdowns = await results.ComputeResponseRatesAsync(Round);
        var curve = await results.ComputeFieldworkCurveAsync(Round);
        return Encoding.UTF8.GetString(cells.ToArray()) + Encoding.UTF8.GetString(rates.ToArray()) +
            string.Join("\n", breakdowns) + string.Join("\n", curve);
    }

    private static async Task<string> ResponseRatesAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        using var rates = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<ResultsService>().WriteResponseRatesCsvAsync(Round, rates);
        return Encoding.UTF8.GetString(rates.ToArray());
    }

    private static async Task CloseAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        await scope.ServiceProvider.GetRequiredService<RoundService>().CloseAsync(Round);
    }

    private static Task SetStateAsync(TestHost host, string participantRef, InvitationState state) => host.WithDbAsync(db =>
        db.Invitations.Where(i => db.Participants.Any(p => p.Id == i.ParticipantId && p.Ref == participantRef))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, state)));

    [Fact]
    public async Task A_closed_rounds_post_stratified_cells_are_frozen_with_it()
    {
        await using var host = await StartAsync();
        var request = new WeightingRequest(Klantmeting.Weighting.WeightingMethod.PostStratification);
        async Task<WeightedResults> WeightedAsync()
        {
            await using var scope = host.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<ResultsService>().ComputeWeightedCellsAsync(Round, request);
        }

        var live = await WeightedAsync();
        await CloseAsync(host);
        // Ten participants of WP-B with uitkering WW enter the frame after closing (written past the importer): a
        // recomputation would weigh WP-B's WW respondents more; the frozen figures stay those of the closing.
        await host.WithDbAsync(async db =>
        {
            var round = await db.Rounds.SingleAsync(r => r.Name == Round);
            var wpB = await db.Werkpleinen.SingleAsync(w => w.Code == "WP-B");
            var late = Enumerable.Range(1, 10).Select(i => new Participant { RoundId = round.Id, Ref = $"laat-{i}", WerkpleinId = wpB.Id }).ToList();
            late.ForEach(p => p.Attributes.Add(new ParticipantAttribute { Name = "uitkering", Value = "WW" }));
            db.Participants.AddRange(late);
            await db.SaveChangesAsync();
            db.Invitations.AddRange(late.Select(p => new Invitation { ParticipantId = p.Id, RoundId = round.Id, State = InvitationState.Sent, NextAttemptAt = round.CreatedAt }));
            return await db.SaveChangesAsync();
        });

        var frozen = await WeightedAsync();
        Assert.Equal(live.Cells, frozen.Cells);
        Assert.Equal(live.Report.Strata, frozen.Report.Strata);
        Assert.Equal(live.Report.CollapsedWerkpleinen, frozen.Report.CollapsedWerkpleinen);

        // Refreshing the snapshot (as an import does) takes the new frame in.
        await using (var scope = host.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ResultsService>().RefreshFrozenAsync(Round));
        }

        var refreshed = await WeightedAsync();
        static double? NationalGrade(WeightedResults w) => w.Cells.Single(c => c.Cell is { Werkplein: "NL", Breakdown: "totaal", Measure: "totaaloordeel" }).Cell.Mean;
        Assert.NotEqual(NationalGrade(live), NationalGrade(refreshed));
    }

    [Fact]
    public async Task Late_opt_out_bounce_and_answer_do_not_change_a_closed_rounds_exports()
    {
        await using var host = await StartAsync();
        var live = await ExportAllAsync(host);
        // B13 was sent and did not answer; give it a working link for a late answer attempt.
        var token = InvitationToken.Generate();
        await host.WithDbAsync(async db =>
        {
            var id = await db.Invitations.Where(i => db.Participants.Any(p => p.Id == i.ParticipantId && p.Ref == "B13"))
                .Select(i => i.Id).SingleAsync();
            db.InvitationTokens.Add(new IssuedToken { Hash = InvitationToken.Hash(token), InvitationId = id, Purpose = TokenPurpose.Answer });
            return await db.SaveChangesAsync();
        });

        await CloseAsync(host);
        var frozen = await ExportAllAsync(host);
        Assert.Equal(live, frozen);
        var frozenRates = await ResponseRatesAsync(host);

        // Late events, as the opt-out and bounce features record them: an opt-out and a hard bounce after close.
        await SetStateAsync(host, "B13", InvitationState.OptedOut);
        await SetStateAsync(host, "A16", InvitationState.Bounced);
        // A late answer attempt through the answering page's service: refused, nothing stored.
        await using (var scope = host.CreateScope())
        {
            var responses = scope.ServiceProvider.GetRequiredService<ResponseService>();
            var session = await responses.FindAsync(token);
            Assert.NotNull(session);
            Assert.Equal(RespondentStatus.Closed, session.Status);
            var outcome = await responses.SaveStepAsync(session, ResponseSteps.Intro, 1, new StepInput(new Dictionary<string, string?>()));
            Assert.Equal(StepOutcomeKind.Closed, outcome.Kind);
        }

        Assert.Equal(frozen, await ExportAllAsync(host));

        // The late events are real: an explicit refresh (as after an import) would show them.
        await using (var scope = host.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ResultsService>().RefreshFrozenAsync(Round));
        }

        Assert.NotEqual(frozenRates, await ResponseRatesAsync(host));
    }

    [Fact]
    public async Task Importing_responses_into_a_closed_round_refreshes_the_frozen_results_and_says_so()
    {
        await using var host = await StartAsync();
        await CloseAsync(host);
        var before = await ExportAllAsync(host);
        var file = Path.Combine(host.Directory, "telefoon.csv");
        await using (var scope = host.CreateScope())
        {
            // A whole telephone interview: every statement 4 and grade 9.
            var statements = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009").Statements.Select(st => st.Id).ToList();
            await File.WriteAllTextAsync(file, $"ref,totaaloordeel,{string.Join(',', statements)}\nB13,9,{string.Join(',', statements.Select(_ => "4"))}\n");
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + DatabaseExtensions.ConnectionStringName] = host.ConnectionString,
            ["Database:Provider"] = host.Provider.ToString(),
        };

        var code = await CliApp.RunAsync(["responses", "import", "--round", Round, file], output, error, settings);

        Assert.True(code == 0, error.ToString());
        Assert.Contains("bevroren resultaten", output.ToString(), StringComparison.Ordinal);
        var after = await ExportAllAsync(host);
        Assert.NotEqual(before, after);
        // The overall grade now counts B13's 9: n 24 -> 25.
        Assert.Contains("\"Najaar 2009, T3\",NL,totaal,totaal,totaaloordeel,25,", after, StringComparison.Ordinal);
        Assert.Equal(RoundResultSnapshot.ReasonImport,
            await host.WithDbAsync(db => db.RoundResultSnapshots.Select(s => s.Reason).SingleAsync()));
    }

    [Fact]
    public async Task Retention_deletes_addresses_and_tokens_in_batches_and_the_results_stay_the_same()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Retention:ContactDataDays"] = "90", ["Retention:BatchSize"] = "7" });
        await host.WithDbAsync(async db =>
        {
            foreach (var p in await db.Participants.ToListAsync())
            {
                db.ParticipantContacts.Add(new ParticipantContact { ParticipantId = p.Id, RoundId = p.RoundId, Email = $"{p.Ref.ToLowerInvariant()}@voorbeeld.nl" });
            }

            await db.SaveChangesAsync();
            foreach (var i in await db.Invitations.ToListAsync())
            {
                // Every mail leaves an answer token and an opt-out token behind.
                db.InvitationTokens.Add(new IssuedToken { Hash = InvitationToken.Hash(InvitationToken.Generate()), InvitationId = i.Id, Purpose = TokenPurpose.Answer });
                db.InvitationTokens.Add(new IssuedToken { Hash = InvitationToken.Hash(InvitationToken.Generate()), InvitationId = i.Id, Purpose = TokenPurpose.OptOut });
                i.LastError = i.State == InvitationState.Failed ? "550 <a17@voorbeeld.nl>: Recipient address rejected" : null;
            }

            return await db.SaveChangesAsync();
        });
        var roundId = await host.WithDbAsync(db => db.Rounds.Where(r => r.Name == Round).Select(r => r.Id).SingleAsync());
        await CloseAsync(host);
        var before = await ExportAllAsync(host);

        host.Clock.Advance(TimeSpan.FromDays(89));
        Assert.Empty((await RetainAsync(host, dryRun: false)).Rounds);

        host.Clock.Advance(TimeSpan.FromDays(2));
        var dry = await RetainAsync(host, dryRun: true);
        Assert.Equal(new RetentionRoundReport(Round, 35, 70), Assert.Single(dry.Rounds));
        Assert.Equal(35, await host.WithDbAsync(db => db.ParticipantContacts.CountAsync(c => c.RoundId == roundId)));
        Assert.Equal(0, await host.WithDbAsync(db => db.RetentionRuns.CountAsync()));

        var run = await RetainAsync(host, dryRun: false);

        Assert.Equal(new RetentionRoundReport(Round, 35, 70), Assert.Single(run.Rounds));
        Assert.Equal(0, await host.WithDbAsync(db => db.ParticipantContacts.CountAsync(c => c.RoundId == roundId)));
        Assert.Equal(0, await host.WithDbAsync(db => db.Invitations.CountAsync(i => i.RoundId == roundId && i.LastError != null)));
        Assert.Equal(0, await host.WithDbAsync(db => db.InvitationTokens.CountAsync(t => db.Invitations.Any(i => i.Id == t.InvitationId && i.RoundId == roundId))));
        // The other (open) round keeps its contact data and tokens.
        Assert.Equal(1, await host.WithDbAsync(db => db.ParticipantContacts.CountAsync(c => c.RoundId != roundId)));
        Assert.Equal(2, await host.WithDbAsync(db => db.InvitationTokens.CountAsync(t => db.Invitations.Any(i => i.Id == t.InvitationId && i.RoundId != roundId))));
        // Participants, attributes, responses and answers stay.
        Assert.Equal(35, await host.WithDbAsync(db => db.Participants.CountAsync(p => p.RoundId == roundId)));
        var logged = Assert.Single(await host.WithDbAsync(db => db.RetentionRuns.ToListAsync()));
        Assert.Equal((roundId, 35, 70), (logged.RoundId, logged.ContactsDeleted, logged.TokensDeleted));
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, (await host.WithDbAsync(db => db.Rounds.SingleAsync(r => r.Id == roundId))).ContactDataDeletedAt);

        Assert.Equal(before, await ExportAllAsync(host));
        // Computed again from what is left, the results are the same too.
        await using (var scope = host.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ResultsService>().RefreshFrozenAsync(Round);
        }

        Assert.Equal(before, await ExportAllAsync(host));

        // Idempotent: nothing more to do, nothing more logged.
        Assert.Empty((await RetainAsync(host, dryRun: false)).Rounds);
        Assert.Equal(1, await host.WithDbAsync(db => db.RetentionRuns.CountAsync()));
    }

    [Fact]
    public async Task Retention_of_zero_days_is_off()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Retention:ContactDataDays"] = "0" });
        await CloseAsync(host);
        host.Clock.Advance(TimeSpan.FromDays(3650));

        var report = await RetainAsync(host, dryRun: false);

        Assert.False(report.Enabled);
        Assert.Null((await host.WithDbAsync(db => db.Rounds.SingleAsync(r => r.Name == Round))).ContactDataDeletedAt);
    }

    [Fact]
    public async Task Retention_cli_dry_run_counts_and_run_deletes()
    {
        await using var host = await StartAsync();
        await host.WithDbAsync(async db =>
        {
            var p = await db.Participants.FirstAsync(x => x.Ref == "A1");
            db.ParticipantContacts.Add(new ParticipantContact { ParticipantId = p.Id, RoundId = p.RoundId, Email = "a1@voorbeeld.nl" });
            return await db.SaveChangesAsync();
        });
        await CloseAsync(host); // closed in 2009 by the test clock: long past 90 days for the CLI's real clock
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + DatabaseExtensions.ConnectionStringName] = host.ConnectionString,
            ["Database:Provider"] = host.Provider.ToString(),
        };

        async Task<(int Code, string Out)> CliAsync(params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await CliApp.RunAsync(args, output, error, settings);
            return (code, output + error.ToString());
        }

        var dry = await CliAsync("retention", "run", "--dry-run");
        Assert.Equal(0, dry.Code);
        Assert.Contains($"Ronde '{Round}': 1 e-mailadres en 0 persoonlijke links zouden verwijderd worden", dry.Out, StringComparison.Ordinal);
        Assert.Equal(1, await host.WithDbAsync(db => db.ParticipantContacts.CountAsync()));

        var run = await CliAsync("retention", "run");
        Assert.Equal(0, run.Code);
        Assert.Contains($"Ronde '{Round}': 1 e-mailadres en 0 persoonlijke links verwijderd.", run.Out, StringComparison.Ordinal);
        Assert.Equal(0, await host.WithDbAsync(db => db.ParticipantContacts.CountAsync()));

        var again = await CliAsync("retention", "run");
        Assert.Contains("er is niets verwijderd", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_contacts_table_holds_an_email_address_and_answers_hold_no_contact_data()
    {
        await using var host = await TestHost.StartAsync(provider: provider);
        var columns = await host.WithDbAsync(async db =>
        {
            var sql = provider == DatabaseProvider.Sqlite
                ? "SELECT m.name AS \"Table\", p.name AS \"Column\" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
                : "SELECT table_name AS \"Table\", column_name AS \"Column\" FROM information_schema.columns WHERE table_schema = 'public'";
            return await db.Database.SqlQueryRaw<SchemaColumn>(sql).ToListAsync();
        });

        Assert.Contains(new SchemaColumn("Answers", "Value"), columns); // the query sees the schema
        string[] contact = ["mail", "adres", "address", "token", "phone", "telefoon", "bsn", "naam", "name"];
        foreach (var table in new[] { "Answers", "Responses" })
        {
            var own = columns.Where(c => c.Table == table).Select(c => c.Column).ToList();
            Assert.NotEmpty(own);
            Assert.DoesNotContain(own, c => contact.Any(w => c.Contains(w, StringComparison.OrdinalIgnoreCase)));
        }

        // Of respondents, only the contacts table holds an address; the Identity tables (AspNet*) hold the staff's
        // own sign-in accounts, which are no respondent data.
        Assert.Equal(["ParticipantContacts.Email"],
            columns.Where(c => c.Column.Contains("mail", StringComparison.OrdinalIgnoreCase) && !c.Table.StartsWith("AspNet", StringComparison.Ordinal))
                .Select(c => $"{c.Table}.{c.Column}"));
        Assert.Contains(new SchemaColumn("AspNetUsers", "Email"), columns);
    }

    private static async Task<RetentionReport> RetainAsync(TestHost host, bool dryRun)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContactDataRetention>().RunAsync(dryRun);
    }

    /// <summary>One column of the database schema.</summary>
    public sealed record SchemaColumn(string Table, string Column);
}

/// <summary>On a SQLite file.</summary>
public sealed class FrozenResultsTestsOnSqlite() : FrozenResultsTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class FrozenResultsTestsOnPostgreSql() : FrozenResultsTests(DatabaseProvider.PostgreSql);
