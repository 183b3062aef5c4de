using Klantmeting.Surveys;

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

    /// <param name="werkpleinCount">Number of Werkpleinen of the round (NL not counted).</param>
    /// <param name="survey">The round's questionnaire: its principles and grade.</param>
    /// <param name="layout">The breakdowns and their values, one cell each.</param>
    public CellAccumulator(SurveyDefinition survey, BreakdownLayout layout, int werkpleinCount)
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
        _slots = new int[layout.Attributes.Count + 1];
    }

    /// <summary>Adds one respondent (any completeness; a break-off is left out).</summary>
    public void Add(in RespondentRow row)
    {
        var itemsAnswered = row.Answered + (row.Grade > 0 ? 1 : 0);
        if (Dispositions.OfResponse(itemsAnswered, _applicable) == Disposition.BreakOff)
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
        for (var k = 0; k < _slots.Length - 1; k++)
        {
            _slots[k + 1] = row.Slots[k];
            _slotUsed[_slots[k + 1]] = true;
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
        var tCache = new Dictionary<int, double>();
        double T975(int df)
        {
            if (!tCache.TryGetValue(df, out var t))
            {
                tCache[df] = t = Statistics.T975(df);
            }

            return t;
        }

        var slotCount = _slotCount;
        var result = new List<ResultCell>(_cells.Length);
        for (var wp = 0; wp < _werkpleinCount; wp++)
        {
            var code = wp == 0 ? ResultsService.National : werkpleinCodes[wp - 1];
            for (var slot = 0; slot < slotCount; slot++)
            {
                var s = _layout.Slots[slot];
                if (s.ShowOnlyWhenUsed && !_slotUsed[slot])
                {
                    continue;
                }

                for (var m = 0; m < _measures.Count; m++)
                {
                    var index = (wp * slotCount + slot) * _measures.Count + m;
                    var n = _cells[index].N;
                    if (n < minimumCellSize)
                    {
                        result.Add(new ResultCell(round, code, s.Breakdown, s.Group, _measures[m],
                            null, null, null, null, null, null, null, null, Suppressed: true));
                        continue;
                    }

                    var summary = _cells[index].ToSummary(T975);
                    var wilson = Statistics.Wilson(_top2[index], n)!.Value;
                    result.Add(new ResultCell(round, code, s.Breakdown, s.Group, _measures[m],
                        (int)n, summary.Mean, summary.Sd, summary.CiLow, summary.CiHigh,
                        (double)_top2[index] / n, wilson.Low, wilson.High, Suppressed: false));
                }
            }
        }

        return result;
    }

    /// <summary>The one place a respondent's values reach cells (where a weight would apply).</summary>
    private void AddToSlots(int werkplein)
    {
        var measureCount = _measures.Count;
        foreach (var slot in _slots)
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
                }
            }
        }
    }
}
