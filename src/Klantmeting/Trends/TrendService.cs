using Klantmeting.Comparison;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Werkpleinen;
using Microsoft.Extensions.Caching.Memory;

namespace Klantmeting.Trends;

/// <summary>
/// Trends over the rounds for one Werkplein or NL, per audience: the overall grade, each principle (matched across
/// questionnaire versions through <c>comparable_to</c>, with a break at a <c>changed</c> link) and the overall grade
/// per breakdown group. Every figure is a cell of <see cref="ResultsService"/>, so the minimum cell size holds.
/// </summary>
/// <remarks>
/// A closed round's cells are frozen; they are kept in memory (keyed by round and snapshot time, so a refreshed
/// snapshot is read anew) and shared by every Werkplein, so a dashboard with ten closed rounds reads no snapshot
/// twice. Open rounds are computed live, as on the rest of the dashboard. The caller decides who may see which
/// Werkplein: this service never checks access.
/// </remarks>
public sealed class TrendService(KlantmetingDbContext db, ResultsService results, ISurveyCatalog surveys, IMemoryCache cache)
{
    /// <summary>How long the cells of a closed round are reused.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(30);

    /// <summary>Name of the overall grade in trends.</summary>
    public const string GradeName = "Rapportcijfer totaal";

    /// <summary>Break note where a principle starts: it was not measured in this form in the rounds before.</summary>
    public const string NewMeasureNote = "Dit onderdeel is in de rondes hiervoor niet op deze manier gemeten.";

    /// <summary>
    /// The trends of <paramref name="werkplein"/> per audience, over the rounds (open or closed, not drafts) in
    /// which it has participants, with the national cells beside them; breakdown groups included.
    /// </summary>
    public async Task<IReadOnlyList<AudienceTrend>> ForWerkpleinAsync(Werkplein werkplein, CancellationToken ct = default)
    {
        var rounds = await db.Rounds.AsNoTracking()
            .Where(r => r.State != RoundState.Draft && db.Participants.Any(p => p.RoundId == r.Id && p.WerkpleinId == werkplein.Id))
            .ToListAsync(ct);
        return await BuildAsync(werkplein.Code, rounds, includeGroups: true, ct);
    }

    /// <summary>Every Werkplein, by name: the choice on the administrator page (one without rounds shows that it has none).</summary>
    public async Task<IReadOnlyList<Werkplein>> WerkpleinenAsync(CancellationToken ct = default) =>
        await db.Werkpleinen.AsNoTracking().OrderBy(w => w.Name).ThenBy(w => w.Code).ToListAsync(ct);

    /// <summary>The national (NL) trends per audience over every round (only the closed ones when <paramref name="closedOnly"/>).</summary>
    /// <param name="closedOnly">Only closed rounds (final figures), as on the public page.</param>
    /// <param name="includeGroups">Also the overall grade per breakdown group.</param>
    /// <param name="ct">Cancels the work.</param>
    public async Task<IReadOnlyList<AudienceTrend>> NationalAsync(bool closedOnly, bool includeGroups, CancellationToken ct = default)
    {
        var rounds = await db.Rounds.AsNoTracking()
            .Where(r => closedOnly ? r.State == RoundState.Closed : r.State != RoundState.Draft)
            .ToListAsync(ct);
        return await BuildAsync(ResultKeys.National, rounds, includeGroups, ct);
    }

    /// <summary>The audiences in display order: werkzoekenden, werkgevers, then any other in alphabetical order.</summary>
    public static IEnumerable<string> InDisplayOrder(IEnumerable<string> audiences) => audiences.Distinct(StringComparer.Ordinal)
        .OrderBy(a => a switch { "werkzoekenden" => 0, "werkgevers" => 1, _ => 2 }).ThenBy(a => a, StringComparer.Ordinal);

    private async Task<IReadOnlyList<AudienceTrend>> BuildAsync(string unit, List<Round> rounds, bool includeGroups, CancellationToken ct)
    {
        var installed = rounds.Where(r => surveys.Find(r.QuestionnaireId) is not null)
            .OrderBy(r => r.FieldworkStart).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var ids = installed.Select(r => r.Id).ToList();
        var frozenAt = await db.RoundResultSnapshots.AsNoTracking().Where(s => ids.Contains(s.RoundId))
            .Select(s => new { s.RoundId, s.CreatedAt }).ToDictionaryAsync(s => s.RoundId, s => s.CreatedAt, ct);
        var byAudience = installed.GroupBy(r => surveys.Get(r.QuestionnaireId).Audience, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var trends = new List<AudienceTrend>();
        foreach (var audience in InDisplayOrder(byAudience.Keys))
        {
            var audienceRounds = byAudience[audience];
            var cells = new List<Dictionary<(string Werkplein, string Breakdown, string Group, string Measure), ResultCell>>();
            var response = new List<TrendResponse>();
            foreach (var round in audienceRounds)
            {
                var figures = await FiguresAsync(round, frozenAt, ct);
                cells.Add(figures.Cells[unit].Concat(unit == ResultKeys.National ? [] : figures.Cells[ResultKeys.National])
                    .ToDictionary(c => (c.Werkplein, c.Breakdown, c.Group, c.Measure)));
                response.Add(new TrendResponse(figures.Rr1.GetValueOrDefault(unit),
                    unit == ResultKeys.National ? null : figures.Rr1.GetValueOrDefault(ResultKeys.National)));
            }

            var definitions = audienceRounds.Select(r => (r.Name, surveys.Get(r.QuestionnaireId))).ToList();
            trends.Add(new AudienceTrend(audience, unit,
                audienceRounds.Select(r => new TrendRound(r.Name, r.QuestionnaireId, r.FieldworkStart, r.FieldworkEnd, r.State)).ToList(),
                MeasureLines(unit, definitions, cells),
                includeGroups ? GroupLines(unit, definitions[^1].Item2, cells) : [], response));
        }

        return trends;
    }

    /// <summary>
    /// The overall grade and each principle of the latest round, each followed back as far as it matches every later
    /// round: a principle that did not exist in this form before round k has no figures before k and a break at k.
    /// </summary>
    private static List<TrendLine> MeasureLines(string unit, List<(string Name, SurveyDefinition Survey)> definitions,
        List<Dictionary<(string Werkplein, string Breakdown, string Group, string Measure), ResultCell>> cells)
    {
        var found = new List<(MatchedMeasure Measure, int From)>();
        for (var from = 0; from < definitions.Count; from++)
        {
            foreach (var measure in PrincipleMatching.Match(definitions[from..]).Matched.Where(m => found.All(f => f.Measure.Id != m.Id)))
            {
                found.Add((measure, from));
            }
        }

        var order = definitions[^1].Survey.Principles.Select(p => p.Id).Prepend(SurveyDefinition.GradeItemId).ToList();
        return found.OrderBy(f => order.IndexOf(f.Measure.Id)).Select(f =>
        {
            var points = Enumerable.Range(0, definitions.Count).Select(i =>
            {
                if (i < f.From)
                {
                    return new TrendPoint(null, null, false, null);
                }

                var id = f.Measure.IdPerRound[i - f.From];
                var isNew = i == f.From && f.From > 0;
                return new TrendPoint(Cell(cells[i], unit, ResultKeys.Total, ResultKeys.Total, id), National(cells[i], unit, ResultKeys.Total, ResultKeys.Total, id),
                    isNew || f.Measure.IsChangedBefore(i - f.From), isNew ? NewMeasureNote : f.Measure.ChangeNoteBefore(i - f.From));
            }).ToList();
            var kind = f.Measure.Id == SurveyDefinition.GradeItemId ? TrendLineKind.Grade : TrendLineKind.Principle;
            var name = kind == TrendLineKind.Grade ? GradeName : f.Measure.Name;
            return new TrendLine(f.Measure.Id, name, kind, ResultKeys.Total, "", ResultKeys.Total, points);
        }).ToList();
    }

    /// <summary>
    /// The overall grade per breakdown group of the latest questionnaire (choice values and first-payment bands, then
    /// <c>onbekend</c> when anybody is in it), in every round that has the group. The grade is the same question in
    /// every version, so a group line has no break.
    /// </summary>
    private static List<TrendLine> GroupLines(string unit, SurveyDefinition latest,
        List<Dictionary<(string Werkplein, string Breakdown, string Group, string Measure), ResultCell>> cells)
    {
        var lines = new List<TrendLine>();
        foreach (var attribute in latest.Attributes)
        {
            List<string> groups = attribute.Type switch
            {
                AttributeType.Choice => [.. attribute.Values],
                AttributeType.Integer => [.. attribute.Bands.Select(b => b.Label)],
                _ => [],
            };
            if (groups.Count == 0)
            {
                continue;
            }

            const string unknown = "onbekend";
            if (cells.Any(c => Cell(c, unit, attribute.Id, unknown, SurveyDefinition.GradeItemId) is { Suppressed: false }))
            {
                groups.Add(unknown);
            }

            foreach (var group in groups)
            {
                var points = cells.Select(c => new TrendPoint(Cell(c, unit, attribute.Id, group, SurveyDefinition.GradeItemId),
                    National(c, unit, attribute.Id, group, SurveyDefinition.GradeItemId), false, null)).ToList();
                lines.Add(new TrendLine($"{attribute.Id}={group}", $"{attribute.Label}: {group}", TrendLineKind.Group, attribute.Id, attribute.Label, group, points));
            }
        }

        return lines;
    }

    private static ResultCell? Cell(Dictionary<(string, string, string, string), ResultCell> cells, string unit, string breakdown, string group, string measure) =>
        cells.GetValueOrDefault((unit, breakdown, group, measure));

    private static ResultCell? National(Dictionary<(string, string, string, string), ResultCell> cells, string unit, string breakdown, string group, string measure) =>
        unit == ResultKeys.National ? null : cells.GetValueOrDefault((ResultKeys.National, breakdown, group, measure));

    /// <summary>Every cell of the round by Werkplein code (and NL) and the overall response rates; a frozen round's from the cache.</summary>
    private async Task<RoundFigures> FiguresAsync(Round round, Dictionary<int, DateTime> frozenAt, CancellationToken ct)
    {
        if (round.State != RoundState.Closed || !frozenAt.TryGetValue(round.Id, out var at))
        {
            return await ComputeAsync(round, ct);
        }

        var key = ("trend-figures", round.Id, at);
        if (!cache.TryGetValue(key, out RoundFigures? figures) || figures is null)
        {
            figures = await ComputeAsync(round, ct);
            cache.Set(key, figures, CacheDuration);
        }

        return figures;
    }

    private async Task<RoundFigures> ComputeAsync(Round round, CancellationToken ct)
    {
        var cells = (await results.ComputeCellsAsync(round.Name, ct)).ToLookup(c => c.Werkplein, StringComparer.Ordinal);
        var rr1 = (await results.ComputeResponseRatesAsync(round.Name, ct)).Where(r => r.Breakdown == ResultKeys.Total)
            .ToDictionary(r => r.Werkplein, r => r.Rr1, StringComparer.Ordinal);
        return new RoundFigures(cells, rr1);
    }

    /// <summary>What a trend reads of one round.</summary>
    private sealed record RoundFigures(ILookup<string, ResultCell> Cells, Dictionary<string, double?> Rr1);
}

/// <summary>Registration of the trends.</summary>
public static class TrendsExtensions
{
    /// <summary>Registers the trend service and the memory cache it keeps closed rounds in.</summary>
    public static IHostApplicationBuilder AddTrends(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<TrendService>();
        return builder;
    }
}
