using Klantmeting.Infrastructure.Data;
using Klantmeting.Publication;
using Klantmeting.Tests.Comparison;
using Klantmeting.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Publication;

/// <summary>The public breakdowns of <see cref="GroupComparisonSeed"/>'s latest closed round (T3 2009), on every provider.</summary>
public abstract class NationalBreakdownsTests(DatabaseProvider provider)
{
    [Fact]
    public async Task National_grade_per_group_of_the_latest_closed_round_only_national_and_cached()
    {
        await using var host = await TestHost.StartAsync(provider: provider);
        await GroupComparisonSeed.SeedAsync(host.Services);
        await using var scope = host.CreateScope();
        var latest = (await scope.ServiceProvider.GetRequiredService<NationalResultsService>().LatestClosedAsync())
            .Single(r => r.Audience == "werkzoekenden");
        var service = scope.ServiceProvider.GetRequiredService<NationalBreakdownsService>();

        var breakdowns = await service.ForAsync(latest);

        Assert.Equal(GroupComparisonSeed.T3, latest.Round!.Name);
        Assert.Equal(["vaste_contactpersoon", "uitkering", "dagen_tot_eerste_betaling"], breakdowns.Select(b => b.AttributeId));
        Assert.All(breakdowns.SelectMany(b => b.Groups), g => Assert.Equal("NL", g.Cell.Werkplein));
        Assert.All(breakdowns.SelectMany(b => b.Groups), g => Assert.Equal("totaaloordeel", g.Cell.Measure));
        var contact = breakdowns[0].Groups;
        Assert.Equal([("ja", 28, 7.0), ("nee", 20, 6.2)], contact.Select(g => (g.Group.Group, g.Cell.N!.Value, Math.Round(g.Cell.Mean!.Value, 10))));
        // R: 7 +- qt(0.975, 27) * sd / sqrt(28) = 6.6834 - 7.3166.
        Assert.Equal(6.6834, contact[0].Cell.CiLow!.Value, 4);
        Assert.Equal(7.3166, contact[0].Cell.CiHigh!.Value, 4);
        Assert.Equal(["WW", "WWB", "AO", "geen"], breakdowns[1].Groups.Select(g => g.Group.Group));
        Assert.True(breakdowns[1].Groups[2].Cell is { Suppressed: true, N: null, Mean: null });
        Assert.True(breakdowns[1].HasFigures);
        // The second visit gets the figures kept in memory.
        Assert.Same(breakdowns, await service.ForAsync(latest));
    }
}

public sealed class NationalBreakdownsTestsOnSqlite() : NationalBreakdownsTests(DatabaseProvider.Sqlite);

public sealed class NationalBreakdownsTestsOnPostgreSql() : NationalBreakdownsTests(DatabaseProvider.PostgreSql);
