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
    /// Every cell of the round weighted (<see cref="CellAccumulator.ToWeightedCells"/>), always computed from the
    /// respondents (also for a closed round: the weights come from its frame and respondents, which closing froze).
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    /// <exception cref="MarginsFileException">The margins file has errors.</exception>
    /// <exception cref="WeightingException">The margins do not fit the respondents, or raking does not converge.</exception>
    /// <exception cref="ImportException">The margins file cannot be read.</exception>
    public async Task<WeightedResults> ComputeWeightedCellsAsync(string roundName, WeightingRequest request, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
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
    /// The frame cells: invited participants per Werkplein × benefit group (the response-rate counts), respondents
    /// counted from the rows with the rule of the scores.
    /// </summary>
    private async Task<List<FrameCell>> FrameCellsAsync(RoundContext context, RespondentRows rows, CancellationToken ct)
    {
        var layout = context.Layout;
        var benefit = RowStrata.BenefitOf(layout);
        var k = benefit is null ? -1 : layout.Attributes.ToList().IndexOf(benefit);
        var applicable = Dispositions.ApplicableItems(context.Survey);
        var respondents = new Dictionary<(string, string), int>();
        foreach (var row in rows)
        {
            if (row.Werkplein > 0 && CellAccumulator.IsRespondent(row, applicable))
            {
                var key = (context.Werkpleinen[row.Werkplein - 1].Code, k < 0 ? BreakdownLayout.Total : layout.Slots[row.Slots[k]].Group);
                respondents[key] = respondents.GetValueOrDefault(key) + 1;
            }
        }

        var breakdown = benefit?.Definition.Id ?? BreakdownLayout.Total;
        var rates = await ComputeResponseRatesAsync(context, includeBreakdowns: benefit is not null, ct);
        return rates.Where(r => r.Werkplein != National && r.Breakdown == breakdown && r.Invited > 0)
            .Select(r => new FrameCell(r.Werkplein, r.Group, r.Invited, respondents.GetValueOrDefault((r.Werkplein, r.Group))))
            .ToList();
    }
}
