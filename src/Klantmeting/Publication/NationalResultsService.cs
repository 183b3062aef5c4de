using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Microsoft.Extensions.Caching.Memory;

namespace Klantmeting.Publication;

/// <summary>One measure of the national figures: id, Dutch name and the NL cell (suppressed when below the minimum cell size).</summary>
public sealed record NationalMeasure(string Id, string Name, ResultCell Cell);

/// <summary>The national figures of the latest closed round of one audience; <see cref="Round"/> is null when none is closed yet.</summary>
public sealed record NationalResults(string Audience, Round? Round, SurveyDefinition? Survey, IReadOnlyList<NationalMeasure> Measures);

/// <summary>
/// The public figures: per audience the national (NL, totaal) cells of the latest closed round. Nothing per
/// Werkplein leaves this service, so a public page built on it cannot show Werkplein detail.
/// </summary>
/// <remarks>
/// The page is public and a national round has tens of thousands of respondents, so the cells of a closed round are
/// kept in memory for <see cref="CacheDuration"/> (keyed by round id and closing time): anonymous requests cannot make
/// the server recompute them on every hit.
/// </remarks>
public sealed class NationalResultsService(KlantmetingDbContext db, ResultsService results, ISurveyCatalog surveys, IMemoryCache cache)
{
    /// <summary>How long the figures of a closed round are reused.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(10);

    /// <summary>The audiences of the installed questionnaires: werkzoekenden, werkgevers, then any other in alphabetical order.</summary>
    public IReadOnlyList<string> Audiences() => surveys.All.Select(s => s.Audience).Distinct(StringComparer.Ordinal)
        .OrderBy(a => a switch { "werkzoekenden" => 0, "werkgevers" => 1, _ => 2 }).ThenBy(a => a, StringComparer.Ordinal).ToList();

    /// <summary>For every audience: the latest closed round (latest fieldwork end, then latest closing time) and its national figures.</summary>
    public async Task<IReadOnlyList<NationalResults>> LatestClosedAsync(CancellationToken ct = default)
    {
        var closed = await db.Rounds.AsNoTracking().Where(r => r.State == RoundState.Closed).ToListAsync(ct);
        var result = new List<NationalResults>();
        foreach (var audience in Audiences())
        {
            var latest = closed
                .Where(r => surveys.Find(r.QuestionnaireId)?.Audience == audience)
                .OrderByDescending(r => r.FieldworkEnd).ThenByDescending(r => r.ClosedAt).ThenBy(r => r.Name, StringComparer.Ordinal)
                .FirstOrDefault();
            if (latest is null)
            {
                result.Add(new NationalResults(audience, null, null, []));
                continue;
            }

            var survey = surveys.Get(latest.QuestionnaireId);
            var key = ("national-results", latest.Id, latest.ClosedAt);
            if (!cache.TryGetValue(key, out Dictionary<string, ResultCell>? cells) || cells is null)
            {
                cells = (await results.ComputeTotalsAsync(latest.Name, ct)).Cells
                    .Where(c => c is { Werkplein: ResultsService.National, Breakdown: ResultKeys.Total, Group: ResultKeys.Total })
                    .ToDictionary(c => c.Measure, StringComparer.Ordinal);
                cache.Set(key, cells, CacheDuration);
            }

            var measures = survey.Principles.Select(p => (p.Id, p.Name))
                .Prepend((SurveyDefinition.GradeItemId, "Rapportcijfer totaal"))
                .Where(m => cells.ContainsKey(m.Item1))
                .Select(m => new NationalMeasure(m.Item1, m.Item2, cells[m.Item1]))
                .ToList();
            result.Add(new NationalResults(audience, latest, survey, measures));
        }

        return result;
    }
}

/// <summary>Registration of the public national figures.</summary>
public static class PublicationExtensions
{
    /// <summary>Registers the public national figures and their cache.</summary>
    public static IHostApplicationBuilder AddPublication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<NationalResultsService>();
        builder.Services.AddScoped<NationalBreakdownsService>();
        return builder;
    }
}
