using System.Globalization;
using System.Text;
using System.Text.Json;
using Klantmeting.Comparison;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Tests.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Klantmeting.Tests.Data;

/// <summary>
/// Issue 14: right after a bulk import the reports must not be planned on empty statistics. On PostgreSQL a freshly
/// loaded round without <c>ANALYZE</c> got nested loops that re-aggregated ResponseScores per invitation (minutes
/// instead of a fraction of a second). This imports a generated round through the product's importers and at once
/// runs every report read on it, with <c>auto_explain</c> handing the plan of each executed statement back to the
/// connection; it asserts on the plans, never on time.
/// </summary>
public sealed class PlannerStatisticsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Participants = 4000;
    private const int Responses = 3000;
    private const string Round = "R1";
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: DatabaseProvider.PostgreSql);
        // Only the import itself may give the tables statistics: autovacuum's own ANALYZE could come in between.
        await _db.DbAsync(async db =>
        {
            foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).Where(t => t is not null).Distinct())
            {
                // Table names from the EF model.
                var sql = $"ALTER TABLE \"{table}\" SET (autovacuum_enabled = false)";
                await db.Database.ExecuteSqlRawAsync(sql);
            }

            return 0;
        });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Reports_read_a_freshly_imported_round_without_nested_loops_over_the_response_summaries()
    {
        await ImportRoundAsync(Round);
        await ImportRoundAsync("R2");

        var plans = await PlansOfAsync(async sp =>
        {
            var results = sp.GetRequiredService<ResultsService>();
            await results.WriteResponseRatesCsvAsync(Round, Stream.Null);
            await results.ComputeResponseRatesAsync(Round);
            await results.WriteCellsCsvAsync(Round, Stream.Null);
            await results.ComputeFieldworkCurveAsync(Round);
            var comparison = await sp.GetRequiredService<ComparisonService>().CompareAsync([Round, "R2"], ComparisonScope.National);
            Assert.NotNull(comparison);
        });

        foreach (var plan in plans)
        {
            output.WriteLine(plan.Query.ReplaceLineEndings(" ") + "\n  -> " + string.Join(", ", Nodes(plan.Root).Select(Describe).Distinct()));
        }

        var summaries = plans.Where(p => Nodes(p.Root).Any(n => Relation(n) == "ResponseScores")).ToList();
        Assert.NotEmpty(summaries);
        foreach (var plan in summaries)
        {
            // A nested loop with an aggregate of ResponseScores on its inner side computes that aggregate once per
            // outer row: the 14-minute plan of issue 14.
            var reaggregating = Nodes(plan.Root).Where(n => NodeType(n) == "Nested Loop")
                .Where(loop => Nodes(loop).Any(n => NodeType(n) == "Aggregate" && Nodes(n).Any(s => Relation(s) == "ResponseScores")));
            Assert.True(!reaggregating.Any(), $"Nested loop re-aggregating ResponseScores in:\n{plan.Query}\n{plan.Json}");
        }

        // The response-rate query joins every invitation of the round with its response and answer count: planned on
        // the real number of invitations (without statistics PostgreSQL guessed a few dozen) and with hash joins.
        var rates = plans.First(p => p.Query.Contains("\"Invitations\"", StringComparison.Ordinal)
            && p.Query.Contains("\"ResponseScores\"", StringComparison.Ordinal));
        var invitations = Nodes(rates.Root).First(n => Relation(n) == "Invitations");
        Assert.True(PlanRows(invitations) >= Participants / 2,
            $"Invitations estimated at {PlanRows(invitations)} rows for {Participants}:\n{rates.Json}");
        Assert.Contains(Nodes(rates.Root), n => NodeType(n) == "Hash Join");
        Assert.DoesNotContain(Nodes(rates.Root), n => NodeType(n) == "Nested Loop");
    }

    /// <summary>Werkpleinen (first round only), a round, its participants and the responses of most of them, through the importers.</summary>
    private async Task ImportRoundAsync(string round)
    {
        var werkpleinen = Enumerable.Range(1, 40).Select(w => $"WP-{w:D2}").ToList();
        if (round == Round)
        {
            Assert.Empty((await _db.ImportWerkpleinenAsync("code,naam\n" + string.Concat(werkpleinen.Select(w => $"{w},Werkplein {w}\n")))).Errors);
        }

        await _db.WithAsync(sp => sp.GetRequiredService<Klantmeting.Rounds.RoundService>()
            .CreateAsync(round, "werkzoekenden-2009", new DateOnly(2009, 3, 1), new DateOnly(2009, 4, 30)));
        var participants = new StringBuilder("ref,email,werkplein,vaste_contactpersoon,uitkering,dagen_tot_eerste_betaling\n");
        string[] uitkering = ["WW", "WWB", "AO", "geen"];
        for (var i = 0; i < Participants; i++)
        {
            participants.Append(CultureInfo.InvariantCulture,
                $"{round}-{i},p{i}@{round.ToLowerInvariant()}.example.nl,{werkpleinen[i % werkpleinen.Count]},{(i % 3 == 0 ? "ja" : "nee")},{uitkering[i % 4]},{i % 90}\n");
        }

        Assert.Empty((await _db.ImportParticipantsAsync(round, participants.ToString())).Errors);

        var statements = await _db.WithAsync(sp => Task.FromResult(sp.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009").Statements.Select(s => s.Id).ToList()));
        var responses = new StringBuilder("ref,totaaloordeel," + string.Join(",", statements) + "\n");
        for (var i = 0; i < Responses; i++)
        {
            responses.Append(CultureInfo.InvariantCulture, $"{round}-{i},{1 + (i % 10)}");
            for (var s = 0; s < statements.Count; s++)
            {
                responses.Append(',').Append((i + s) % 6);
            }

            responses.Append('\n');
        }

        var imported = await _db.WithAsync(sp => sp.GetRequiredService<ResponseImporter>()
            .ImportAsync(round, _db.WriteFile($"r-{round}.csv", responses.ToString()), ResponseMode.Telefoon));
        Assert.Empty(imported.Errors);
        Assert.Equal(Responses, imported.RowsStored);
    }

    /// <summary>
    /// Runs <paramref name="reports"/> on one connection with <c>auto_explain</c> sending the plan of every statement
    /// back as a notice. In a transaction, so that the results read on this connection only (no second one).
    /// </summary>
    private Task<List<Plan>> PlansOfAsync(Func<IServiceProvider, Task> reports) => _db.WithAsync(async sp =>
    {
        var db = sp.GetRequiredService<KlantmetingDbContext>();
        var plans = new List<Plan>();
        await db.Database.OpenConnectionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        connection.Notice += (_, e) =>
        {
            var start = e.Notice.MessageText.IndexOf('{', StringComparison.Ordinal);
            if (start >= 0 && e.Notice.MessageText.Contains("plan:", StringComparison.Ordinal))
            {
                var json = e.Notice.MessageText[start..];
                using var document = JsonDocument.Parse(json);
                plans.Add(new Plan(document.RootElement.GetProperty("Query Text").GetString() ?? "",
                    document.RootElement.GetProperty("Plan").Clone(), json));
            }
        };
        await db.Database.ExecuteSqlRawAsync(
            "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_format = json; " +
            "SET auto_explain.log_level = notice; SET client_min_messages = notice");
        await using var transaction = await db.Database.BeginTransactionAsync();
        await reports(sp);
        await transaction.RollbackAsync();
        await db.Database.CloseConnectionAsync();
        return plans.Where(p => !p.Query.StartsWith("SET ", StringComparison.Ordinal)).ToList();
    });

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                foreach (var n in Nodes(child))
                {
                    yield return n;
                }
            }
        }
    }

    private static string NodeType(JsonElement node) => node.GetProperty("Node Type").GetString() ?? "";

    private static string? Relation(JsonElement node) => node.TryGetProperty("Relation Name", out var r) ? r.GetString() : null;

    private static double PlanRows(JsonElement node) => node.GetProperty("Plan Rows").GetDouble();

    private static string Describe(JsonElement node) =>
        Relation(node) is { } relation ? $"{NodeType(node)} {relation} ({PlanRows(node):0} rows)" : NodeType(node);

    private sealed record Plan(string Query, JsonElement Root, string Json);
}
