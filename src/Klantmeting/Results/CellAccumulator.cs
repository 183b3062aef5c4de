using System.Runtime.CompilerServices;
using Klantmeting.Surveys;
using Klantmeting.Weighting;

namespace Klantmeting.Results;

/// <summary>
/// Scores respondents into every cell of a round, in memory: NL and each Werkplein × <c>totaal</c> and every
/// breakdown group × <c>totaaloordeel</c> and each principle. Break-offs are left out; a complete or partial
/// respondent adds its grade and each principle score it has (<see cref="Statistics.PrincipleScore"/>) to the cells
/// of its groups. <see cref="ToCells"/> gives the figures in export order, cells below the minimum size suppressed.
/// No database: fed by <see cref="RespondentReader"/> in production and by hand in tests.
/// </summary>
internal sealed class CellAccumulator
{
    private readonly BreakdownLayout _layout;
    private readonly IReadOnlyList<string> _measures;
    private readonly int _applicable;
    private readonly int _werkpleinCount;
    private readonly int _slotCount;

    // Cell index: ((werkplein * slots) + slot) * measures + measure, werkplein 0 = NL.
    private readonly MeanAccumulator[] _cells;
    private readonly int[] _top2;
    private readonly bool[] _slotUsed;

    // Scratch for one respondent (this class is not shared between threads).
    private readonly double[] _values;
    private readonly bool[] _hasValue;
    private readonly bool[] _isTop;
    private readonly int[] _slots;
    private int _slotsFilled;

    // Weighted estimates: the sums per stratum beside the unweighted figures, and the current respondent's stratum.
    private readonly WeightedSums? _weighted;
    private int _stratum = -1;

    /// <param name="werkpleinCount">Number of Werkpleinen of the round (NL not counted).</param>
    /// <param name="survey">The round's questionnaire: its principles and grade.</param>
    /// <param name="layout">The breakdowns and their values, one cell each.</param>
    /// <param name="werkpleinOfStratum">For weighted estimates: the 1-based Werkplein index of each stratum; null for none.</param>
    public CellAccumulator(SurveyDefinition survey, BreakdownLayout layout, int werkpleinCount, IReadOnlyList<int>? werkpleinOfStratum = null)
    {
        _layout = layout;
        _measures = survey.Principles.Select(p => p.Id).Prepend(SurveyDefinition.GradeItemId).ToList();
        _applicable = Dispositions.ApplicableItems(survey);
        _werkpleinCount = werkpleinCount + 1;
        _slotCount = layout.Slots.Count;
        _cells = new MeanAccumulator[_werkpleinCount * layout.Slots.Count * _measures.Count];
        _top2 = new int[_cells.Length];
        _slotUsed = new bool[layout.Slots.Count];
        _values = new double[_measures.Count];
        _hasValue = new bool[_measures.Count];
        _isTop = new bool[_measures.Count];
        _slots = new int[layout.Attributes.Count + 1 + (layout.HasModes ? 1 : 0)];
        _weighted = werkpleinOfStratum is null ? null : new WeightedSums(werkpleinOfStratum, werkpleinCount, _slotCount * _measures.Count);
    }

    /// <summary>Whether a row counts in the scores (complete or partial; a break-off does not), with <paramref name="applicable"/> items.</summary>
    public static bool IsRespondent(in RespondentRow row, int applicable) =>
        Dispositions.OfResponse(row.Answered + (row.Grade > 0 ? 1 : 0), applicable) != Disposition.BreakOff;

    /// <summary>Adds one respondent in stratum <paramref name="stratum"/> of the weighting (-1: unweighted only).</summary>
    public void Add(in RespondentRow row, int stratum)
    {
        _stratum = stratum;
        Add(row);
        _stratum = -1;
    }

    /// <summary>Adds one respondent (any completeness; a break-off is left out).</summary>
    /// <remarks>Optimized at its first call, like the reader's per-row methods (<see cref="RespondentRows"/>).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in RespondentRow row)
    {
        if (!IsRespondent(row, _applicable))
        {
            return;
        }

        _hasValue[0] = row.Grade > 0;
        _values[0] = row.Grade;
        _isTop[0] = Statistics.IsTopBoxGrade(row.Grade);
        for (var p = 0; p < _measures.Count - 1; p++)
        {
            var count = row.Counts[p];
            _hasValue[p + 1] = count > 0;
            _values[p + 1] = count > 0 ? Statistics.PrincipleScore(row.Sums[p], count) : 0;
            _isTop[p + 1] = count > 0 && Statistics.IsTopBoxScore(_values[p + 1]);
        }

        _slots[0] = 0;
        var attributes = _layout.Attributes.Count;
        for (var k = 0; k < attributes; k++)
        {
            _slots[k + 1] = row.Slots[k];
            _slotUsed[_slots[k + 1]] = true;
        }

        _slotsFilled = attributes + 1;
        if (_layout.HasModes && row.ModeSlot >= 0)
        {
            // The mode breakdown (non-web rounds): one more group per respondent.
            _slots[_slotsFilled++] = row.ModeSlot;
            _slotUsed[row.ModeSlot] = true;
        }

        AddToSlots(0);
        if (row.Werkplein > 0)
        {
            // A Werkplein outside the round's list (index 0) cannot happen; it is counted nationally only.
            AddToSlots(row.Werkplein);
        }
    }

    /// <summary>
    /// Every cell in export order: NL and then each Werkplein (in the order of <paramref name="werkpleinCodes"/>),
    /// each with its slots in layout order (an <c>onbekend</c> of a required attribute only when somebody is in it),
    /// each with <c>totaaloordeel</c> and the principles. A cell with fewer than <paramref name="minimumCellSize"/>
    /// respondents is suppressed and carries no figures.
    /// </summary>
    public List<ResultCell> ToCells(string round, IReadOnlyList<string> werkpleinCodes, int minimumCellSize)
    {
        var t975 = CachedT975();
        var result = new List<ResultCell>(_cells.Length);
        foreach (var (index, _, code, s, m) in CellsInOrder(werkpleinCodes))
        {
            var n = _cells[index].N;
            if (n < minimumCellSize)
            {
                result.Add(Suppressed(round, code, s, m));
                continue;
            }

            var summary = _cells[index].ToSummary(t975);
            var wilson = Statistics.Wilson(_top2[index], n)!.Value;
            result.Add(new ResultCell(round, code, s.Breakdown, s.Group, _measures[m],
                (int)n, summary.Mean, summary.Sd, summary.CiLow, summary.CiHigh,
                (double)_top2[index] / n, wilson.Low, wilson.High, Suppressed: false));
        }

        return result;
    }

    /// <summary>
    /// The weighted cells, in the order and with the suppression of <see cref="ToCells"/> (on the unweighted n, which
    /// each cell keeps as its N): weighted mean, standard deviation and top-2 proportion, the interval mean ± t(0.975,
    /// n - 1) × SE (the quantile of the unweighted cells; for top-2 clamped to 0-1), SE, n_eff and deff.
    /// </summary>
    /// <exception cref="InvalidOperationException">Built without strata.</exception>
    public List<WeightedCell> ToWeightedCells(string round, IReadOnlyList<string> werkpleinCodes, int minimumCellSize, WeightedDesign design)
    {
        var weighted = _weighted ?? throw new InvalidOperationException("Built without strata.");
        var t975 = CachedT975();
        var result = new List<WeightedCell>(_cells.Length);
        foreach (var (index, wp, code, s, m) in CellsInOrder(werkpleinCodes))
        {
            var n = _cells[index].N;
            if (n < minimumCellSize || weighted.Estimate(design, index, wp) is not { } estimate)
            {
                result.Add(new WeightedCell(Suppressed(round, code, s, m), null, null, null));
                continue;
            }

            var (mean, top2) = estimate;
            double? half = n >= 2 ? t975((int)(n - 1)) * mean.Se : null;
            double? topHalf = n >= 2 ? t975((int)(n - 1)) * top2.Se : null;
            var cell = new ResultCell(round, code, s.Breakdown, s.Group, _measures[m], (int)n,
                mean.Mean, n >= 2 ? mean.Sd : null, mean.Mean - half, mean.Mean + half,
                top2.Mean, topHalf is { } tl ? Math.Clamp(top2.Mean - tl, 0, 1) : null, topHalf is { } th ? Math.Clamp(top2.Mean + th, 0, 1) : null,
                Suppressed: false);
            result.Add(new WeightedCell(cell, mean.Se, mean.NEff, double.IsFinite(mean.Deff) ? mean.Deff : null));
        }

        return result;
    }

    private ResultCell Suppressed(string round, string code, BreakdownSlot s, int m) =>
        new(round, code, s.Breakdown, s.Group, _measures[m], null, null, null, null, null, null, null, null, Suppressed: true);

    private static Func<int, double> CachedT975()
    {
        var cache = new Dictionary<int, double>();
        return df =>
        {
            if (!cache.TryGetValue(df, out var t))
            {
                cache[df] = t = Statistics.T975(df);
            }

            return t;
        };
    }

    /// <summary>
    /// Every cell in export order: NL and then each Werkplein, each with its slots in layout order (an
    /// <c>onbekend</c> of a required attribute only when somebody is in it), each with every measure.
    /// </summary>
    private IEnumerable<(int Index, int Werkplein, string Code, BreakdownSlot Slot, int Measure)> CellsInOrder(IReadOnlyList<string> werkpleinCodes)
    {
        for (var wp = 0; wp < _werkpleinCount; wp++)
        {
            var code = wp == 0 ? ResultsService.National : werkpleinCodes[wp - 1];
            for (var slot = 0; slot < _slotCount; slot++)
            {
                var s = _layout.Slots[slot];
                if (s.ShowOnlyWhenUsed && !_slotUsed[slot])
                {
                    continue;
                }

                for (var m = 0; m < _measures.Count; m++)
                {
                    yield return ((wp * _slotCount + slot) * _measures.Count + m, wp, code, s, m);
                }
            }
        }
    }

    /// <summary>The one place a respondent's values reach cells (where a weight would apply).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddToSlots(int werkplein)
    {
        var measureCount = _measures.Count;
        foreach (var slot in _slots.AsSpan(0, _slotsFilled))
        {
            var baseIndex = (werkplein * _slotCount + slot) * measureCount;
            for (var m = 0; m < measureCount; m++)
            {
                if (_hasValue[m])
                {
                    _cells[baseIndex + m].Add(_values[m]);
                    if (_isTop[m])
                    {
                        _top2[baseIndex + m]++;
                    }

                    if (_stratum >= 0 && werkplein > 0)
                    {
                        // Only the Werkplein's cell: the national cell's weighted sums are read from it (WeightedSums).
                        _weighted!.Add(baseIndex + m, werkplein, _stratum, _values[m], _isTop[m]);
                    }
                }
            }
        }
    }
}
