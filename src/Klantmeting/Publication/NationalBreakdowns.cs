using Klantmeting.Comparison;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Microsoft.Extensions.Caching.Memory;

namespace Klantmeting.Publication;

/// <summary>The national overall grade of one breakdown group (suppressed when below the minimum cell size).</summary>
public sealed record NationalGroup(BreakdownGroup Group, ResultCell Cell);

/// <summary>The national breakdown of the overall grade by one attribute (e.g. vaste contactpersoon), group by group.</summary>
public sealed record NationalBreakdown(string AttributeId, string Label, IReadOnlyList<NationalGroup> Groups)
{
    /// <summary>True when at least one group has figures.</summary>
    public bool HasFigures => Groups.Any(g => !g.Cell.Suppressed);
}

/// <summary>
/// The public breakdowns: for the latest closed round of an audience, the national (NL) overall grade per breakdown
/// group of its questionnaire (vaste contactpersoon, uitkeringssoort, first-payment bands), as the public site of
/// the AKO published them. Only national cells leave this service: no Werkplein detail.
/// </summary>
/// <remarks>
/// Cached like <see cref="NationalResultsService"/>: per round id and closing time for
/// <see cref="NationalResultsService.CacheDuration"/>, so anonymous requests cannot make the server recompute a
/// national round's breakdowns on every hit.
/// </remarks>
public sealed class NationalBreakdownsService(ResultsService results, IMemoryCache cache)
{
    /// <summary>The breakdowns of <paramref name="latest"/>'s round; empty when it has no closed round or its questionnaire breaks nothing down.</summary>
    public async Task<IReadOnlyList<NationalBreakdown>> ForAsync(NationalResults latest, CancellationToken ct = default)
    {
        if (latest is not { Round: { } round, Survey: { } survey })
        {
            return [];
        }

        var key = ("national-breakdowns", round.Id, round.ClosedAt);
        if (!cache.TryGetValue(key, out IReadOnlyList<NationalBreakdown>? breakdowns) || breakdowns is null)
        {
            var cells = (await results.ComputeCellsAsync(round.Name, ct))
                .Where(c => c is { Werkplein: ResultsService.National, Measure: SurveyDefinition.GradeItemId } && c.Breakdown != ResultKeys.Total)
                .ToDictionary(c => (c.Breakdown, c.Group));
            breakdowns = BreakdownGroups.Of(survey)
                .Where(g => cells.ContainsKey((g.Breakdown, g.Group)))
                .GroupBy(g => (g.Breakdown, g.BreakdownLabel))
                .Select(b => new NationalBreakdown(b.Key.Breakdown, b.Key.BreakdownLabel,
                    b.Select(g => new NationalGroup(g, cells[(g.Breakdown, g.Group)])).ToList()))
                .ToList();
            cache.Set(key, breakdowns, NationalResultsService.CacheDuration);
        }

        return breakdowns;
    }
}
