using Klantmeting.Rounds;
using Klantmeting.Surveys;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Results;

/// <summary>One measure (overall grade or a principle) of a Werkplein beside the national figure.</summary>
public sealed record MeasureRow(string Id, string Name, ResultCell? Werkplein, ResultCell? National);

/// <summary>One group of a breakdown (e.g. vaste contactpersoon = ja): overall grade of the Werkplein and nationally.</summary>
public sealed record BreakdownRow(string Group, ResultCell? Werkplein, ResultCell? National)
{
    /// <summary>What the page shows for the group: its label in the questionnaire, else the group itself.</summary>
    public string Text { get; init; } = Group;
}

/// <summary>The breakdown by one attribute of the questionnaire.</summary>
public sealed record BreakdownTable(string AttributeId, string Label, IReadOnlyList<BreakdownRow> Rows);

/// <summary>Everything the dashboard and the printable report show for one Werkplein in one round.</summary>
public sealed record WerkpleinFigures(
    WerkpleinEntity Werkplein,
    Round Round,
    SurveyDefinition Survey,
    ResponseRateRow? Response,
    ResponseRateRow? NationalResponse,
    IReadOnlyList<MeasureRow> Measures,
    IReadOnlyList<BreakdownTable> Breakdowns);

/// <summary>
/// Builds the figures of one Werkplein from <see cref="ResultsService"/> (so every figure obeys the minimum cell
/// size). It never decides who may see what: callers pass a Werkplein they got from their access check.
/// </summary>
public sealed class WerkpleinReports(KlantmetingDbContext db, ResultsService results, ISurveyCatalog surveys)
{
    /// <summary>Rounds (open or closed, not drafts) with participants of <paramref name="werkplein"/>, newest first.</summary>
    public async Task<IReadOnlyList<Round>> RoundsOfAsync(WerkpleinEntity werkplein, CancellationToken ct) =>
        await db.Rounds.AsNoTracking()
            .Where(r => r.State != RoundState.Draft && db.Participants.Any(p => p.RoundId == r.Id && p.WerkpleinId == werkplein.Id))
            .OrderByDescending(r => r.FieldworkStart).ThenBy(r => r.Name)
            .ToListAsync(ct);

    /// <summary>
    /// The round named <paramref name="name"/> among <paramref name="rounds"/> (newest first); without a name the newest
    /// closed round, whose figures are final, or the newest round when none is closed yet; null = 404.
    /// </summary>
    public static Round? Choose(IReadOnlyList<Round> rounds, string? name) =>
        string.IsNullOrEmpty(name)
            ? rounds.FirstOrDefault(r => r.State == RoundState.Closed) ?? rounds.FirstOrDefault()
            : rounds.FirstOrDefault(r => r.Name == name);

    /// <summary>The figures of <paramref name="werkplein"/> in <paramref name="round"/>; null when its questionnaire is not installed.</summary>
    public Task<WerkpleinFigures?> BuildAsync(WerkpleinEntity werkplein, Round round, CancellationToken ct) => BuildAsync(werkplein, round, weighted: false, ct);

    /// <summary>As <see cref="BuildAsync(WerkpleinEntity, Round, CancellationToken)"/>; with <paramref name="weighted"/> the scores are post-stratified (<see cref="ResultsService.ComputeCellsAsync(string, bool, CancellationToken)"/>).</summary>
    public async Task<WerkpleinFigures?> BuildAsync(WerkpleinEntity werkplein, Round round, bool weighted, CancellationToken ct)
    {
        if (surveys.Find(round.QuestionnaireId) is not { } survey)
        {
            return null;
        }

        var cells = (await results.ComputeCellsAsync(round.Name, weighted, ct))
            .Where(c => c.Werkplein == werkplein.Code || c.Werkplein == ResultKeys.National).ToList();
        var rates = await results.ComputeResponseRatesAsync(round.Name, ct);
        ResultCell? Cell(string wp, string breakdown, string group, string measure) =>
            cells.FirstOrDefault(c => c.Werkplein == wp && c.Breakdown == breakdown && c.Group == group && c.Measure == measure);

        var measures = new[] { (Id: SurveyDefinition.GradeItemId, Name: "Rapportcijfer totaal") }
            .Concat(survey.Principles.Select(p => (p.Id, p.Name)))
            .Select(m => new MeasureRow(m.Id, m.Name,
                Cell(werkplein.Code, ResultKeys.Total, ResultKeys.Total, m.Id), Cell(ResultKeys.National, ResultKeys.Total, ResultKeys.Total, m.Id)))
            .ToList();

        var breakdowns = new List<BreakdownTable>();
        foreach (var attribute in survey.Attributes)
        {
            var groups = cells.Where(c => c.Werkplein == werkplein.Code && c.Breakdown == attribute.Id && c.Measure == SurveyDefinition.GradeItemId)
                .Select(c => c.Group).Distinct().ToList();
            var rows = groups.Select(g => new BreakdownRow(g,
                Cell(werkplein.Code, attribute.Id, g, SurveyDefinition.GradeItemId),
                Cell(ResultKeys.National, attribute.Id, g, SurveyDefinition.GradeItemId)) { Text = attribute.GroupText(g) }).ToList();
            breakdowns.Add(new BreakdownTable(attribute.Id, attribute.Label, rows));
        }

        return new WerkpleinFigures(werkplein, round, survey,
            rates.FirstOrDefault(r => r.Werkplein == werkplein.Code && r.Breakdown == ResultKeys.Total),
            rates.FirstOrDefault(r => r.Werkplein == ResultKeys.National && r.Breakdown == ResultKeys.Total),
            measures, breakdowns);
    }
}
