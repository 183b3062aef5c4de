using Klantmeting.Infrastructure.Exports;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Weighting;

namespace Klantmeting.Results;

/// <summary>How to weight: the method, for raking the margins file and optional trimming bounds.</summary>
/// <param name="Method">Post-stratification to the frame or raking to margins.</param>
/// <param name="MarginsPath">The CSV of population margins (<see cref="MarginsFile"/>); raking only.</param>
/// <param name="Trim">Optional trimming bounds for raking.</param>
public sealed record WeightingRequest(WeightingMethod Method, string? MarginsPath = null, TrimBounds? Trim = null);

/// <summary>What the weighting did: method, number of strata, the merged Werkpleinen (post-stratification), raking passes and trimmed cells.</summary>
public sealed record WeightingReport(WeightingMethod Method, int Strata, IReadOnlyList<string> CollapsedWerkpleinen, int? Iterations, int TrimmedCells);

/// <summary>The weighted cells of a round (in the order of the unweighted ones) and the weighting report.</summary>
public sealed record WeightedResults(IReadOnlyList<WeightedCell> Cells, WeightingReport Report);

/// <summary>The margins file has errors (each with line and field, as an import's); nothing was computed.</summary>
public sealed class MarginsFileException(string path, IReadOnlyList<ImportError> errors)
    : Exception($"{errors.Count} fout(en) in het margebestand {path}.")
{
    /// <summary>The file.</summary>
    public string Path => path;

    /// <summary>Every error, in file order.</summary>
    public IReadOnlyList<ImportError> Errors => errors;
}

/// <summary>The post-stratification weight of a respondent by Werkplein code and raw benefit value (for the respondent data).</summary>
public sealed class PostStratificationWeights
{
    private readonly PostStratification _strata;
    private readonly BrokenDownAttribute? _benefit;
    private readonly BreakdownLayout _layout;

    internal PostStratificationWeights(PostStratification strata, BreakdownLayout layout, BrokenDownAttribute? benefit)
    {
        _strata = strata;
        _layout = layout;
        _benefit = benefit;
    }

    /// <summary>The strata and the merged Werkpleinen.</summary>
    public PostStratification Strata => _strata;

    /// <summary>The weight of a respondent of <paramref name="werkplein"/> with benefit value <paramref name="benefit"/>; null when outside the frame.</summary>
    public double? WeightOf(string werkplein, string? benefit) =>
        _strata.WeightOf(werkplein, _benefit is null ? BreakdownLayout.Total : _layout.Slots[_benefit.SlotOf(benefit)].Group);
}

public sealed partial class ResultsService
{
    /// <summary>Id of the questionnaire attribute whose values are the post-strata within a Werkplein.</summary>
    public const string BenefitAttribute = "uitkering";

    /// <summary>
    /// Every cell of the round weighted (<see cref="CellAccumulator.ToWeightedCells"/>). Post-stratified cells of a
    /// closed round come from its snapshot (frozen with the unweighted cells, so a later change of
    /// <c>Weighting:MinRespondents</c> does not change them either); a snapshot from before weighted figures were frozen,
    /// and raking (which depends on a margins file), are computed from the respondents.
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    /// <exception cref="MarginsFileException">The margins file has errors.</exception>
    /// <exception cref="WeightingException">The margins do not fit the respondents, or raking does not converge.</exception>
    /// <exception cref="ImportException">The margins file cannot be read.</exception>
    public async Task<WeightedResults> ComputeWeightedCellsAsync(string roundName, WeightingRequest request, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        if (request.Method == WeightingMethod.PostStratification && await FrozenAsync(context, ct) is { Weighted: { } frozen })
        {
            return frozen;
        }

        // Raking reads a margins file anew on every call (it may have changed on disk): only post-stratified figures,
        // computed from the round's own data, are kept in memory.
        return request is { Method: WeightingMethod.PostStratification, MarginsPath: null }
            ? await LiveAsync(context, $"weighted:{request.Method}:{request.Trim}", () => WeightAsync(context, request, ct), ct)
            : await WeightAsync(context, request, ct);
    }

    private async Task<WeightedResults> WeightAsync(RoundContext context, WeightingRequest request, CancellationToken ct)
    {
        var codes = context.Werkpleinen.Select(w => w.Code).ToList();
        var werkpleinIndex = context.Werkpleinen.Select((w, i) => (w.Id, i)).ToDictionary(x => x.Id, x => x.i + 1);
        var rows = await new RespondentReader(db, context.Round.Id, context.Survey, context.Layout, werkpleinIndex).ReadAsync(ct);
        var strata = request.Method == WeightingMethod.PostStratification
            ? RowStrata.ForPostStratification(context.Layout, codes, await FrameCellsAsync(context, rows, ct), weighting.Value.MinRespondents)
            : await RowStrata.ForRakingAsync(context.Layout, codes, rows, Dispositions.ApplicableItems(context.Survey), request, weighting.Value, ct);
        var cells = new CellAccumulator(context.Survey, context.Layout, codes.Count, strata.WerkpleinOfStratum);
        foreach (var row in rows)
        {
            cells.Add(row, strata.StratumOf(row));
        }

        return new WeightedResults(cells.ToWeightedCells(context.Round.Name, codes, options.Value.MinimumCellSize, strata.Design), strata.Report);
    }

    /// <summary>
    /// Every cell of the round as the pages show it: unweighted (<see cref="ComputeCellsAsync(string, CancellationToken)"/>)
    /// or, with <paramref name="weighted"/>, post-stratified (the cells of <see cref="ComputeWeightedCellsAsync"/>, with
    /// the unweighted n on which they are suppressed).
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task<IReadOnlyList<ResultCell>> ComputeCellsAsync(string roundName, bool weighted, CancellationToken ct = default) =>
        weighted
            ? [.. (await ComputeWeightedCellsAsync(roundName, new WeightingRequest(WeightingMethod.PostStratification), ct)).Cells.Select(c => c.Cell)]
            : await ComputeCellsAsync(roundName, ct);

    /// <summary>
    /// Writes every cell weighted as CSV (<see cref="ResultsCsv.WeightedCellsHeader"/>) to <paramref name="output"/>,
    /// which is left open, and returns what the weighting did.
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    /// <exception cref="MarginsFileException">The margins file has errors; nothing has been written.</exception>
    /// <exception cref="WeightingException">Weighting is not possible; nothing has been written.</exception>
    public Task<WeightingReport> WriteWeightedCellsCsvAsync(string roundName, WeightingRequest request, Stream output, CancellationToken ct = default) =>
        WriteWeightedCellsAsync(roundName, request, output, TableFormat.Csv, ct);

    /// <summary>As <see cref="WriteWeightedCellsCsvAsync"/>, in <paramref name="format"/>.</summary>
    /// <param name="roundName">The round.</param>
    /// <param name="request">Method, margins file and trimming.</param>
    /// <param name="output">Where the table goes; left open.</param>
    /// <param name="format">Machine CSV, Dutch Excel CSV or XLSX.</param>
    /// <param name="ct">Cancels the computation.</param>
    public async Task<WeightingReport> WriteWeightedCellsAsync(string roundName, WeightingRequest request, Stream output, TableFormat format,
        CancellationToken ct = default)
    {
        var weighted = await ComputeWeightedCellsAsync(roundName, request, ct);
        await using (var writer = ResultsCsv.CreateWriter(output, format, "Resultaten gewogen"))
        {
            await ResultsCsv.WriteWeightedCellsAsync(writer, weighted.Cells, ct);
        }

        var method = request.Method == WeightingMethod.PostStratification ? "poststratificatie" : "marges";
        await audit.RecordExportAsync("resultaten-gewogen", roundName, $"alle cellen, gewogen ({method})", ct);
        return weighted.Report;
    }

    /// <summary>
    /// The weighted download of the pages (<c>gewogen=ja</c>): the post-stratified cells with <c>se</c>, <c>n_eff</c> and
    /// <c>deff</c>, as <c>results export --weights poststrat</c> writes them; with <paramref name="werkpleinCode"/> only
    /// that Werkplein's and the national cells (as the unweighted Werkplein download).
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    public async Task WriteWeightedDownloadAsync(string roundName, string? werkpleinCode, Stream output, TableFormat format, CancellationToken ct = default)
    {
        if (werkpleinCode is null)
        {
            await WriteWeightedCellsAsync(roundName, new WeightingRequest(WeightingMethod.PostStratification), output, format, ct);
            return;
        }

        var weighted = await ComputeWeightedCellsAsync(roundName, new WeightingRequest(WeightingMethod.PostStratification), ct);
        await using (var writer = ResultsCsv.CreateWriter(output, format, "Resultaten gewogen"))
        {
            await ResultsCsv.WriteWeightedCellsAsync(writer, weighted.Cells.Where(c => c.Cell.Werkplein == werkpleinCode || c.Cell.Werkplein == National), ct);
        }

        await audit.RecordExportAsync("resultaten-werkplein-gewogen", roundName, $"Werkplein {werkpleinCode}, gewogen (poststratificatie)", ct);
    }

    /// <summary>The post-stratification of round <paramref name="roundName"/>: the weight of each respondent's stratum.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task<PostStratificationWeights> PostStratifyAsync(string roundName, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        var werkpleinIndex = context.Werkpleinen.Select((w, i) => (w.Id, i)).ToDictionary(x => x.Id, x => x.i + 1);
        var rows = await new RespondentReader(db, context.Round.Id, context.Survey, context.Layout, werkpleinIndex).ReadAsync(ct);
        var strata = PostStratification.Compute(await FrameCellsAsync(context, rows, ct), weighting.Value.MinRespondents);
        return new PostStratificationWeights(strata, context.Layout, RowStrata.BenefitOf(context.Layout));
    }

    /// <summary>
    /// The frame cells, by Werkplein in the round's order and then by benefit group in layout order: invited
    /// participants per Werkplein × benefit group (<see cref="InvitedPerCellAsync"/>, the response rates' count),
    /// respondents counted from the rows with the rule of the scores. Cells without invited participants are left out.
    /// </summary>
    private async Task<List<FrameCell>> FrameCellsAsync(RoundContext context, RespondentRows rows, CancellationToken ct)
    {
        var layout = context.Layout;
        var benefit = RowStrata.BenefitOf(layout);
        var k = benefit is null ? -1 : layout.Attributes.ToList().IndexOf(benefit);
        var slotCount = layout.Slots.Count;
        var applicable = Dispositions.ApplicableItems(context.Survey);
        var respondents = new int[(context.Werkpleinen.Count + 1) * slotCount];
        foreach (var row in rows)
        {
            if (row.Werkplein > 0 && CellAccumulator.IsRespondent(row, applicable))
            {
                respondents[row.Werkplein * slotCount + (k < 0 ? 0 : row.Slots[k])]++;
            }
        }

        var invited = await InvitedPerCellAsync(context, benefit, ct);
        var slots = benefit is null ? [0] : Enumerable.Range(0, slotCount).Where(s => layout.Slots[s].Breakdown == benefit.Definition.Id).ToList();
        var cells = new List<FrameCell>();
        for (var wp = 1; wp <= context.Werkpleinen.Count; wp++)
        {
            foreach (var slot in slots)
            {
                var i = wp * slotCount + slot;
                if (invited[i] > 0)
                {
                    cells.Add(new FrameCell(context.Werkpleinen[wp - 1].Code, layout.Slots[slot].Group, invited[i], respondents[i]));
                }
            }
        }

        return cells;
    }

    /// <summary>
    /// Invitations of the round per Werkplein (1-based index) × slot of the benefit attribute (slot 0 without one),
    /// indexed werkplein × slots + slot: the counts behind the response rates' <see cref="ResponseRateRow.Invited"/>,
    /// from one GROUP BY over the invitations and that single attribute.
    /// </summary>
    private async Task<int[]> InvitedPerCellAsync(RoundContext context, BrokenDownAttribute? benefit, CancellationToken ct)
    {
        var roundId = context.Round.Id;
        var invitations =
            from i in db.Invitations
            where i.RoundId == roundId
            join p in db.Participants on i.ParticipantId equals p.Id
            select new { i, p };

        // Without a benefit attribute (the employer questionnaires) no attribute is joined at all: a join on a null name
        // cannot use the attribute index, and was a scan of every attribute of every round for each invitation.
        List<FrameGroup> groups;
        if (benefit?.Definition.Id is { } name)
        {
            groups = await (
                from x in invitations
                from a in db.ParticipantAttributes.Where(a => a.ParticipantId == x.p.Id && a.Name == name).DefaultIfEmpty()
                group x by new { x.p.WerkpleinId, Value = a == null ? null : a.Value } into g
                select new FrameGroup(g.Key.WerkpleinId, g.Key.Value, g.Count()))
                .ToListAsync(ct);
        }
        else
        {
            groups = await (
                from x in invitations
                group x by x.p.WerkpleinId into g
                select new FrameGroup(g.Key, null, g.Count()))
                .ToListAsync(ct);
        }

        var werkpleinIndex = context.Werkpleinen.Select((w, i) => (w.Id, i)).ToDictionary(x => x.Id, x => x.i + 1);
        var slotCount = context.Layout.Slots.Count;
        var invited = new int[(context.Werkpleinen.Count + 1) * slotCount];
        foreach (var g in groups)
        {
            // Distinct raw values can fall in one slot (spacing, case, unknown values): their counts add up.
            invited[werkpleinIndex.GetValueOrDefault(g.WerkpleinId) * slotCount + (benefit?.SlotOf(g.Value) ?? 0)] += g.Count;
        }

        return invited;
    }

    /// <summary>Invitations of one Werkplein with one raw benefit value (null: none, or no benefit attribute).</summary>
    private sealed record FrameGroup(int WerkpleinId, string? Value, int Count);
}
