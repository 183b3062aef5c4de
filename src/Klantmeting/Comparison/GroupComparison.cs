using Klantmeting.Infrastructure.Exports;
using Klantmeting.Results;
using Klantmeting.Surveys;

namespace Klantmeting.Comparison;

/// <summary>One breakdown group and one measure, nationally: its cell in each round (null when absent) and the change between consecutive rounds.</summary>
public sealed record GroupComparisonRow(BreakdownGroup Group, MatchedMeasure Measure, IReadOnlyList<ResultCell?> Cells, IReadOnlyList<Change> Changes);

/// <summary>
/// A group that is not defined in every chosen round (for example a band that only the newer questionnaire has):
/// its own national figures in the rounds that have it, never compared.
/// </summary>
public sealed record UncomparedGroup(BreakdownGroup Group, IReadOnlyList<ResultCell> Cells);

/// <summary>
/// The national breakdown groups of a <see cref="RoundComparison"/>: every group defined alike in every chosen round,
/// for every matched measure, with Welch's t-test between consecutive rounds.
/// </summary>
/// <remarks>
/// The Holm family is one pair of consecutive rounds: every group test between those two rounds (each group of each
/// breakdown, for each measure) is adjusted together, so the chance of one false "significant" among all group
/// figures of that step stays at 5%. Suppressed and untested cells are no member of the family.
/// </remarks>
/// <param name="Rounds">The rounds, oldest first (the same as the comparison's).</param>
/// <param name="Rows">Group by group in questionnaire order (of the latest round), each with the measures in comparison order.</param>
/// <param name="Apart">Groups not defined alike in every round, listed apart.</param>
/// <param name="FamilySizes">Per pair of consecutive rounds, the number of tests in its Holm family.</param>
/// <param name="Weighted">The cells are post-stratified and the tests use their standard errors.</param>
public sealed record GroupComparison(
    IReadOnlyList<ComparedRound> Rounds,
    IReadOnlyList<GroupComparisonRow> Rows,
    IReadOnlyList<UncomparedGroup> Apart,
    IReadOnlyList<int> FamilySizes,
    bool Weighted = false)
{
    /// <summary>Header of <see cref="WriteCsvAsync"/>.</summary>
    public const string CsvHeader =
        "measure,breakdown,group,from_round,to_round,from_measure,to_measure,from_n,from_mean,from_ci_low,from_ci_high," +
        "to_n,to_mean,to_ci_low,to_ci_high,difference,t,df,p,p_holm,significant,status";

    /// <summary>Status word in the CSV of a group that is not in every round.</summary>
    public const string NotInEveryRound = "groep_niet_in_elke_ronde";

    private static readonly CultureInfo _dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>The groups compared, in order.</summary>
    public IReadOnlyList<BreakdownGroup> Groups => Rows.Select(r => r.Group).Distinct().ToList();

    /// <summary>
    /// The published way of writing a group's figure (AKO, T3 2009): the latest round with the round before it in
    /// brackets, one decimal: "Met een vaste contactpersoon: 7,0 (T2: 6,9)". A cell without figures reads
    /// "geen cijfer".
    /// </summary>
    public string Sentence(GroupComparisonRow row)
    {
        var latest = Figure(row.Cells[^1]);
        return Rounds.Count < 2
            ? $"{row.Group.Text}: {latest}"
            : $"{row.Group.Text}: {latest} ({Rounds[^2].Name}: {Figure(row.Cells[^2])})";
    }

    /// <summary>A mean with one decimal, Dutch, rounded half up as people do (6,85 is 6,9), or "geen cijfer".</summary>
    public static string Figure(ResultCell? cell) => cell is { Suppressed: false, Mean: { } mean }
        // First to 6 decimals, so that 6.8499999999 from summing counts as 6.85.
        ? Math.Round(Math.Round(mean, 6), 1, MidpointRounding.AwayFromZero).ToString("0.0", _dutch)
        : "geen cijfer";

    /// <summary>
    /// Writes the group comparison as CSV (UTF-8, comma, CRLF, invariant numbers with four decimals; the same columns
    /// as <see cref="ComparisonService.CsvHeader"/> with <c>breakdown,group</c> in place of <c>werkplein</c>): one row
    /// per measure, group and pair of consecutive rounds; then each group that is not in every round, per round and
    /// measure, with status <c>groep_niet_in_elke_ronde</c> and only its own figures. <paramref name="output"/> is left open.
    /// </summary>
    public Task WriteCsvAsync(Stream output, CancellationToken ct = default) => WriteAsync(output, TableFormat.Csv, ct);

    /// <summary>As <see cref="WriteCsvAsync"/>, in <paramref name="format"/>.</summary>
    public async Task WriteAsync(Stream output, TableFormat format, CancellationToken ct = default)
    {
        await using var writer = ResultsCsv.CreateWriter(output, format, "Groepen");
        await writer.HeaderAsync(CsvHeader.Split(','), ct);
        foreach (var row in Rows)
        {
            for (var i = 0; i < row.Changes.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var change = row.Changes[i];
                var test = change.Test;
                ComparisonService.Texts(writer, row.Measure.Id, row.Group.Breakdown, row.Group.Group, change.FromRound, change.ToRound,
                    row.Measure.IdPerRound[i], row.Measure.IdPerRound[i + 1]);
                ComparisonService.Figures(writer, row.Cells[i]);
                ComparisonService.Figures(writer, row.Cells[i + 1]);
                ComparisonService.Numbers(writer, test?.Difference, test?.T, test?.Df, test?.P, change.HolmP);
                writer.Text(change.Status == ChangeStatus.Tested ? (change.Significant ? "true" : "false") : "");
                writer.Text(ComparisonService.StatusCode(change.Status));
                await writer.EndRowAsync(ct);
            }
        }

        foreach (var cell in Apart.SelectMany(g => g.Cells))
        {
            ComparisonService.Texts(writer, cell.Measure, cell.Breakdown, cell.Group, cell.Round, "", cell.Measure, "");
            ComparisonService.Figures(writer, cell);
            ComparisonService.Figures(writer, null);
            ComparisonService.Numbers(writer, null, null, null, null, null);
            ComparisonService.Texts(writer, "", NotInEveryRound);
            await writer.EndRowAsync(ct);
        }
    }
}

/// <summary>
/// Compares the national breakdown groups (vaste contactpersoon, uitkeringssoort, first-payment bands: whatever the
/// questionnaires break down) between the rounds of a <see cref="RoundComparison"/>. The cells come from
/// <see cref="ResultsService.ComputeCellsAsync(string, CancellationToken)"/>, so the minimum cell size holds: a
/// suppressed cell has no figure and no test. A weighted comparison compares the post-stratified cells (suppressed on
/// the unweighted n) with Welch's test from their standard errors, as the totals.
/// </summary>
/// <remarks>Kept apart from <see cref="ComparisonService"/>, which compares the totals; it reuses its test of one pair of cells.</remarks>
public sealed class GroupComparisonService(ResultsService results, ISurveyCatalog surveys)
{
    /// <summary>The group comparison of the rounds of <paramref name="comparison"/> (nationally, whatever its scope).</summary>
    /// <exception cref="ComparisonException">A round's questionnaire is no longer installed.</exception>
    public async Task<GroupComparison> CompareAsync(RoundComparison comparison, CancellationToken ct = default)
    {
        var rounds = comparison.Rounds;
        var groupsPerRound = rounds.Select(r => BreakdownGroups.Of(surveys.Find(r.QuestionnaireId)
            ?? throw new ComparisonException($"De vragenlijst '{r.QuestionnaireId}' van ronde '{r.Name}' is niet geïnstalleerd."))).ToList();
        var keysPerRound = groupsPerRound.Select(round => round.Select(g => g.Key).ToHashSet()).ToList();
        bool InEveryRound(BreakdownGroup g) => keysPerRound.All(keys => keys.Contains(g.Key));

        // National breakdown cells: index (round, breakdown, group, measure id in that round).
        var cells = new Dictionary<(int Round, string Breakdown, string Group, string Measure), ResultCell>();
        // Weighted (the comparison's choice): post-stratified cells, tested from their standard errors.
        var standardErrors = new Dictionary<ResultCell, double?>();
        for (var r = 0; r < rounds.Count; r++)
        {
            foreach (var weighted in await CellsAsync(rounds[r].Name, comparison.Weighted, ct))
            {
                var cell = weighted.Cell;
                if (cell.Werkplein == ResultsService.National && cell.Breakdown != ResultKeys.Total)
                {
                    cells[(r, cell.Breakdown, cell.Group, cell.Measure)] = cell;
                    standardErrors[cell] = weighted.Se;
                }
            }
        }

        var rows = new List<GroupComparisonRow>();
        foreach (var group in groupsPerRound[^1].Where(InEveryRound))
        {
            foreach (var measure in comparison.Measures)
            {
                var perRound = Enumerable.Range(0, rounds.Count)
                    .Select(r => cells.GetValueOrDefault((r, group.Breakdown, group.Group, measure.IdPerRound[r]))).ToList();
                var total = comparison.National.FirstOrDefault(n => n.Measure.Id == measure.Id);
                var changes = Enumerable.Range(1, rounds.Count - 1)
                    .Select(r => TestPair(rounds[r - 1].Name, rounds[r].Name, perRound[r - 1], perRound[r], total?.Changes[r - 1],
                        comparison.Weighted ? standardErrors : null))
                    .ToList();
                rows.Add(new GroupComparisonRow(group, measure, perRound, changes));
            }
        }

        var (adjusted, familySizes) = AdjustPerPair(rows, rounds.Count - 1);
        // Newest questionnaire first, so a group keeps the wording of the latest round that has it.
        var apart = groupsPerRound.AsEnumerable().Reverse().SelectMany(g => g).DistinctBy(g => g.Key)
            .Where(g => !InEveryRound(g))
            .Select(g => new UncomparedGroup(g, Enumerable.Range(0, rounds.Count)
                .Where(r => keysPerRound[r].Contains(g.Key))
                .SelectMany(r => comparison.Measures
                    .Select(m => cells.GetValueOrDefault((r, g.Breakdown, g.Group, m.IdPerRound[r])))
                    .OfType<ResultCell>())
                .ToList()))
            .ToList();
        return new GroupComparison(rounds, adjusted, apart, familySizes, comparison.Weighted);
    }

    /// <summary>
    /// The change of one group between two rounds. When the totals of the measure are not tested across this pair
    /// for a reason that is not in the figures (a status other than the data-driven ones, such as a redefined
    /// principle), the group is not tested either and takes that status.
    /// </summary>
    private static Change TestPair(string fromRound, string toRound, ResultCell? from, ResultCell? to, Change? total,
        IReadOnlyDictionary<ResultCell, double?>? standardErrors) =>
        total is { Status: not (ChangeStatus.Tested or ChangeStatus.Suppressed or ChangeStatus.Missing or ChangeStatus.NotDefined) }
            ? total with { Test = null, HolmP = null }
            : standardErrors is null
                ? ComparisonService.Test(fromRound, toRound, from, to)
                : ComparisonService.TestWeighted(fromRound, toRound, from, to, standardErrors);

    /// <summary>Every cell of a round: unweighted (no SE), or post-stratified with its SE.</summary>
    private async Task<IEnumerable<WeightedCell>> CellsAsync(string round, bool weighted, CancellationToken ct) =>
        weighted
            ? (await results.ComputeWeightedCellsAsync(round, new WeightingRequest(Weighting.WeightingMethod.PostStratification), ct)).Cells
            : (await results.ComputeCellsAsync(round, ct)).Select(c => new WeightedCell(c, null, null, null));

    /// <summary>Holm's adjustment per pair of consecutive rounds over every group test of that pair (see <see cref="GroupComparison"/>).</summary>
    private static (List<GroupComparisonRow> Rows, List<int> FamilySizes) AdjustPerPair(List<GroupComparisonRow> rows, int pairs)
    {
        var changes = rows.Select(r => r.Changes.ToArray()).ToList();
        var sizes = new List<int>();
        for (var pair = 0; pair < pairs; pair++)
        {
            var tested = Enumerable.Range(0, rows.Count).Where(i => changes[i][pair].Status == ChangeStatus.Tested).ToList();
            var adjusted = Statistics.Holm(tested.Select(i => changes[i][pair].Test!.Value.P).ToList());
            for (var k = 0; k < tested.Count; k++)
            {
                changes[tested[k]][pair] = changes[tested[k]][pair] with { HolmP = adjusted[k] };
            }

            sizes.Add(tested.Count);
        }

        return (rows.Select((r, i) => r with { Changes = changes[i] }).ToList(), sizes);
    }
}
