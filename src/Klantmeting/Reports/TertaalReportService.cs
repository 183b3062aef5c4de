using Klantmeting.Comparison;
using Klantmeting.Landkaart;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;

namespace Klantmeting.Reports;

/// <summary>
/// Builds the AKO's tertaal report from the existing figures: the cells of <see cref="ResultsService"/> (so the
/// minimum cell size holds everywhere), the change and its test from <see cref="ComparisonService"/> (Welch, Holm
/// across the Werkpleinen, exactly as the comparison page), and the Landkaart results of <see cref="LandkaartResults"/>.
/// It never decides who may see what: pages pass the report through <see cref="TertaalReport.ForWerkplein"/>.
/// </summary>
public sealed class TertaalReportService(KlantmetingDbContext db, ResultsService results, ComparisonService comparison,
    LandkaartResults landkaart, ISurveyCatalog surveys, IOptions<ResultsOptions> options)
{
    /// <summary>The breakdowns the report shows: contact person and benefit (where the questionnaire has them).</summary>
    public static readonly string[] Breakdowns = ["vaste_contactpersoon", "uitkering"];

    /// <summary>Every tertaal with a closed round or an accepted Landkaart, newest first.</summary>
    public async Task<IReadOnlyList<Tertaal>> ListAsync(CancellationToken ct = default)
    {
        var ends = await db.Rounds.Where(r => r.State == RoundState.Closed).Select(r => r.FieldworkEnd).ToListAsync(ct);
        var landkaarten = await db.LandkaartSubmissions.Where(s => s.State == SubmissionState.Accepted)
            .Select(s => new { s.Year, s.TertaalNumber }).Distinct().ToListAsync(ct);
        return [.. ends.Select(Tertaal.Of).Concat(landkaarten.Select(l => new Tertaal(l.Year, l.TertaalNumber))).Distinct().OrderDescending()];
    }

    /// <summary>The whole report of <paramref name="tertaal"/> (every Werkplein).</summary>
    public async Task<TertaalReport> BuildAsync(Tertaal tertaal, CancellationToken ct = default)
    {
        var closed = (await db.Rounds.AsNoTracking().Where(r => r.State == RoundState.Closed).ToListAsync(ct))
            .Where(r => surveys.Find(r.QuestionnaireId) is not null).ToList();
        var rounds = new List<ReportRound>();
        var perAudience = new List<(string Audience, Dictionary<string, AudienceFigures> Areas)>();
        foreach (var audience in closed.Select(r => surveys.Get(r.QuestionnaireId).Audience).Distinct().Order(StringComparer.Ordinal))
        {
            var current = Latest(closed, audience, tertaal);
            if (current is null)
                continue;
            var previous = Latest(closed, audience, tertaal.Previous);
            rounds.Add(new ReportRound(audience, current.Name, previous?.Name));
            perAudience.Add((audience, await AudienceAsync(audience, current, previous, ct)));
        }

        var now = await landkaart.ForTertaalAsync(tertaal, ct);
        var before = await landkaart.ForTertaalAsync(tertaal.Previous, ct);
        var codes = perAudience.SelectMany(a => a.Areas.Keys).Concat(now.Werkpleinen.Select(w => w.Code))
            .Where(c => c != ResultsService.National).Distinct().Order(StringComparer.Ordinal).ToList();
        var names = await db.Werkpleinen.AsNoTracking().Where(w => codes.Contains(w.Code)).ToDictionaryAsync(w => w.Code, w => w.Name, ct);

        ReportArea Area(string code, string name, double? percent, double? previousPercent)
        {
            var audiences = perAudience.Where(a => a.Areas.ContainsKey(code)).Select(a => a.Areas[code]).ToList();
            return new ReportArea(code, name, audiences, percent, previousPercent, TertaalSummary.Write(tertaal, audiences, percent, previousPercent));
        }

        var national = Area(ResultsService.National, "Nederland", now.NationalPercent, before.NationalPercent);
        var werkpleinen = codes.Select(c => Area(c, names.GetValueOrDefault(c, c),
            now.Werkpleinen.FirstOrDefault(w => w.Code == c)?.Percent, before.Werkpleinen.FirstOrDefault(w => w.Code == c)?.Percent)).ToList();
        return new TertaalReport(tertaal, rounds, national, werkpleinen, now, options.Value.MinimumCellSize);
    }

    /// <summary>The latest closed round of <paramref name="audience"/> whose fieldwork ended in <paramref name="tertaal"/>.</summary>
    private Round? Latest(List<Round> closed, string audience, Tertaal tertaal) =>
        closed.Where(r => surveys.Get(r.QuestionnaireId).Audience == audience && Tertaal.Of(r.FieldworkEnd) == tertaal)
            .OrderByDescending(r => r.FieldworkEnd).ThenByDescending(r => r.Name, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The figures of one audience for NL and every Werkplein in its round, by code.</summary>
    private async Task<Dictionary<string, AudienceFigures>> AudienceAsync(string audience, Round current, Round? previous, CancellationToken ct)
    {
        var survey = surveys.Get(current.QuestionnaireId);
        var cells = await results.ComputeCellsAsync(current.Name, ct);
        var previousCells = previous is null ? [] : await results.ComputeCellsAsync(previous.Name, ct);
        var rates = await results.ComputeResponseRatesAsync(current.Name, ct);
        // With a previous round the comparison gives the matched measures, both cells and the tested change.
        var compared = previous is null ? null : await comparison.CompareAsync([previous.Name, current.Name], ComparisonScope.Werkpleinen, ct);
        var groups = BreakdownGroups.Of(survey).Where(g => Breakdowns.Contains(g.Breakdown)).ToList();

        var figures = new Dictionary<string, AudienceFigures>(StringComparer.Ordinal);
        foreach (var code in cells.Select(c => c.Werkplein).Distinct())
        {
            var measures = compared is null
                ? [.. new[] { (SurveyDefinition.GradeItemId, "Rapportcijfer totaal") }.Concat(survey.Principles.Select(p => (p.Id, p.Name)))
                    .Select(m => new ReportFigure(m.Item2, Total(cells, code, m.Item1), null, null))]
                : compared.Rows.Where(r => r.Werkplein == code).Select(r => new ReportFigure(r.Measure.Name, r.Cells[1], r.Cells[0], r.Changes[0])).ToList();
            var breakdowns = groups.Select(g => new ReportFigure(g.Text, Group(cells, code, g), Group(previousCells, code, g), null)).ToList();
            var rate = rates.FirstOrDefault(r => r.Werkplein == code && r.Breakdown == ResultKeys.Total && r.Group == ResultKeys.Total);
            figures[code] = new AudienceFigures(audience, measures, breakdowns, rate);
        }

        return figures;
    }

    private static ResultCell? Total(IReadOnlyList<ResultCell> cells, string code, string measure) =>
        cells.FirstOrDefault(c => c.Werkplein == code && c.Breakdown == ResultKeys.Total && c.Group == ResultKeys.Total && c.Measure == measure);

    private static ResultCell? Group(IReadOnlyList<ResultCell> cells, string code, BreakdownGroup group) =>
        cells.FirstOrDefault(c => c.Werkplein == code && c.Breakdown == group.Breakdown && c.Group == group.Group && c.Measure == SurveyDefinition.GradeItemId);
}

/// <summary>Registration of the tertaal report.</summary>
public static class ReportsExtensions
{
    /// <summary>Registers the tertaal report.</summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TertaalReportService>();
        return builder;
    }
}
