using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Results;

/// <summary>
/// <see cref="ResultsService.ComputeTotalsAsync"/> (what the Werkplein trend, the comparison and the public page read)
/// gives exactly the overall cells and response rates of the full computation, live and frozen.
/// </summary>
public abstract class RoundTotalsTests(DatabaseProvider provider)
{
    private const string Round = ResultsRoundSeed.RoundName;

    [Fact]
    public async Task Totals_are_the_totaal_cells_and_rates_of_the_full_computation_live_and_frozen()
    {
        await using var host = await TestHost.StartAsync(provider: provider);
        await using (var scope = host.CreateScope())
        {
            var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
            await ResultsRoundSeed.SeedAsync(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>(), survey);
        }

        var live = await CompareAsync(host);
        // Hand-computed in ResultsServiceTests: 24 overall grades nationally, sum 170.
        var grade = Assert.Single(live.Cells, c => c is { Werkplein: ResultKeys.National, Measure: ResultsService.GradeMeasure });
        Assert.Equal(24, grade.N);
        Assert.Equal(170.0 / 24, grade.Mean!.Value, 12);
        Assert.Equal(3, live.ResponseRates.Count); // NL, WP-A, WP-B

        await using (var scope = host.CreateScope())
        {
            var id = await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().Rounds
                .Where(r => r.Name == Round).Select(r => r.Id).SingleAsync();
            await scope.ServiceProvider.GetRequiredService<ResultsService>().FreezeAsync(id, "test");
        }

        var frozen = await CompareAsync(host);
        Assert.Equal(live.Cells, frozen.Cells);
        Assert.Equal(live.ResponseRates, frozen.ResponseRates);
    }

    private static async Task<RoundTotals> CompareAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        var results = scope.ServiceProvider.GetRequiredService<ResultsService>();
        var totals = await results.ComputeTotalsAsync(Round);
        var cells = (await results.ComputeCellsAsync(Round)).Where(c => c.Breakdown == ResultKeys.Total).ToList();
        var rates = (await results.ComputeResponseRatesAsync(Round)).Where(r => r.Breakdown == ResultKeys.Total).ToList();
        Assert.NotEmpty(cells);
        Assert.Equal(cells, totals.Cells);
        Assert.Equal(rates, totals.ResponseRates);
        return totals;
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class RoundTotalsTestsOnSqlite() : RoundTotalsTests(DatabaseProvider.Sqlite);

/// <summary>On PostgreSQL (skipped without KLANTMETING_TEST_POSTGRES).</summary>
public sealed class RoundTotalsTestsOnPostgreSql() : RoundTotalsTests(DatabaseProvider.PostgreSql);
