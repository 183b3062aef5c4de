using System.Runtime.CompilerServices;
using Klantmeting.Surveys;
using Klantmeting.Weighting;

namespace Klantmeting.Results;

/// <summary>
/// The stratum of each respondent row for the weighted cells: an array by (Werkplein index, key of the row's
/// groups), built once, so the pass over the respondents costs one lookup per row.
/// </summary>
internal sealed class RowStrata
{
    private readonly int[] _attributes;
    private readonly int _slotCount;
    private readonly Dictionary<long, int> _stratumOf;

    private RowStrata(int[] attributes, int slotCount, Dictionary<long, int> stratumOf, IReadOnlyList<int> werkpleinOfStratum,
        WeightedDesign design, WeightingReport report)
    {
        _attributes = attributes;
        _slotCount = slotCount;
        _stratumOf = stratumOf;
        WerkpleinOfStratum = werkpleinOfStratum;
        Design = design;
        Report = report;
    }

    /// <summary>The 1-based Werkplein index of each stratum.</summary>
    public IReadOnlyList<int> WerkpleinOfStratum { get; }

    public WeightedDesign Design { get; }

    public WeightingReport Report { get; }

    /// <summary>The benefit attribute (<see cref="ResultsService.BenefitAttribute"/>) when the questionnaire breaks it down; else null (employer rounds: Werkplein alone).</summary>
    public static BrokenDownAttribute? BenefitOf(BreakdownLayout layout) =>
        layout.Attributes.FirstOrDefault(a => a.Definition.Id == ResultsService.BenefitAttribute && a.Definition.Type == AttributeType.Choice);

    /// <summary>The stratum of a row, or -1 (outside the round's Werkpleinen: unweighted only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int StratumOf(in RespondentRow row) => row.Werkplein > 0 && _stratumOf.TryGetValue(Key(row), out var s) ? s : -1;

    private long Key(in RespondentRow row)
    {
        long key = row.Werkplein;
        foreach (var k in _attributes)
        {
            key = key * _slotCount + row.Slots[k];
        }

        return key;
    }

    public static RowStrata ForPostStratification(BreakdownLayout layout, IReadOnlyList<string> codes, List<FrameCell> frame, int minRespondents)
    {
        var strata = PostStratification.Compute(frame, minRespondents);
        var benefit = BenefitOf(layout);
        var attributes = benefit is null ? Array.Empty<int>() : [layout.Attributes.ToList().IndexOf(benefit)];
        var stratumOf = new Dictionary<long, int>();
        for (var wp = 1; wp <= codes.Count; wp++)
        {
            var slots = benefit is null ? [0] : Enumerable.Range(0, layout.Slots.Count).Where(s => layout.Slots[s].Breakdown == benefit.Definition.Id);
            foreach (var slot in slots)
            {
                var s = strata.StratumOf(codes[wp - 1], benefit is null ? BreakdownLayout.Total : layout.Slots[slot].Group);
                if (s >= 0)
                {
                    stratumOf[benefit is null ? wp : (long)wp * layout.Slots.Count + slot] = s;
                }
            }
        }

        var index = codes.Select((c, i) => (c, i + 1)).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal);
        var report = new WeightingReport(WeightingMethod.PostStratification, strata.Strata.Count, strata.CollapsedWerkpleinen, null, 0);
        return new RowStrata(attributes, layout.Slots.Count, stratumOf, strata.Strata.Select(s => index[s.Werkplein]).ToList(), strata.Design, report);
    }

    /// <summary>
    /// Raking to the margins of <see cref="WeightingRequest.MarginsPath"/>: the strata are the cells of Werkplein ×
    /// every margin attribute that have respondents.
    /// </summary>
    public static async Task<RowStrata> ForRakingAsync(BreakdownLayout layout, IReadOnlyList<string> codes, RespondentRows rows, int applicable,
        WeightingRequest request, WeightingOptions options, CancellationToken ct)
    {
        var path = request.MarginsPath ?? throw new WeightingException("Geef bij weging op marges het margebestand op (--margins).");
        var allowed = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal) { ["werkplein"] = codes.ToHashSet(StringComparer.Ordinal) };
        foreach (var a in layout.Attributes.Where(a => a.Definition.Type == AttributeType.Choice))
        {
            allowed[a.Definition.Id] = a.Definition.Values.Append(BreakdownLayout.Unknown).ToHashSet(StringComparer.Ordinal);
        }

        var (margins, errors) = await MarginsFile.ReadAsync(path, allowed, ct);
        if (errors.Count > 0)
        {
            throw new MarginsFileException(path, errors);
        }

        var attributes = margins.Where(m => m.Variable != "werkplein")
            .Select(m => layout.Attributes.ToList().FindIndex(a => a.Definition.Id == m.Variable)).ToArray();
        var strata = new RowStrata(attributes, layout.Slots.Count, [], [], new WeightedDesign([], []), null!);
        var cellOf = new Dictionary<long, int>();
        var werkpleinOf = new List<int>();
        var categories = new List<IReadOnlyList<string>>();
        var respondents = new List<int>();
        foreach (var row in rows)
        {
            if (row.Werkplein == 0 || !CellAccumulator.IsRespondent(row, applicable))
            {
                continue;
            }

            var key = strata.Key(row);
            if (!cellOf.TryGetValue(key, out var cell))
            {
                cellOf[key] = cell = respondents.Count;
                respondents.Add(0);
                werkpleinOf.Add(row.Werkplein);
                var names = new List<string>(margins.Count);
                var a = 0;
                foreach (var m in margins)
                {
                    names.Add(m.Variable == "werkplein" ? codes[row.Werkplein - 1] : layout.Slots[row.Slots[attributes[a++]]].Group);
                }

                categories.Add(names);
            }

            respondents[cell]++;
        }

        var raked = Raking.Rake(categories, respondents, margins, options.RakingTolerance, options.RakingMaxIterations, request.Trim);
        var report = new WeightingReport(WeightingMethod.Raking, respondents.Count, [], raked.Iterations, raked.TrimmedCells);
        return new RowStrata(attributes, layout.Slots.Count, cellOf, werkpleinOf, raked.Design, report);
    }
}
