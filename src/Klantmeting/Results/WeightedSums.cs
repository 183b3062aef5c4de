using Klantmeting.Weighting;

namespace Klantmeting.Results;

/// <summary>
/// The sums the weighted estimates need, per cell of <see cref="CellAccumulator"/> and per stratum: respondents with
/// a value, the sum and sum of squares of the value (minus <see cref="Shift"/>, for precision) and the top-2 count.
/// A national cell keeps every stratum; a Werkplein's cell only the strata of that Werkplein (every stratum lies in
/// one Werkplein), so the memory is about twice that of the national cells.
/// </summary>
internal sealed class WeightedSums
{
    /// <summary>Subtracted from every value: the middle of the 1-10 scale.</summary>
    public const double Shift = 5.5;

    private const int Fields = 4;

    private readonly int _cellsPerWerkplein;
    private readonly int _strata;
    private readonly int[] _werkpleinOf;
    private readonly int[] _localOf;
    private readonly int[][] _strataOf;
    private readonly long[] _werkpleinBase;
    private readonly double[] _data;

    /// <param name="werkpleinOfStratum">The 1-based Werkplein index of each stratum.</param>
    /// <param name="werkpleinCount">Werkpleinen of the round (NL not counted).</param>
    /// <param name="cellsPerWerkplein">Slots × measures.</param>
    public WeightedSums(IReadOnlyList<int> werkpleinOfStratum, int werkpleinCount, int cellsPerWerkplein)
    {
        _cellsPerWerkplein = cellsPerWerkplein;
        _strata = werkpleinOfStratum.Count;
        _werkpleinOf = [.. werkpleinOfStratum];
        _strataOf = Enumerable.Range(0, werkpleinCount + 1)
            .Select(wp => Enumerable.Range(0, _strata).Where(s => wp == 0 || _werkpleinOf[s] == wp).ToArray()).ToArray();
        _localOf = new int[_strata];
        for (var wp = 1; wp <= werkpleinCount; wp++)
        {
            for (var l = 0; l < _strataOf[wp].Length; l++)
            {
                _localOf[_strataOf[wp][l]] = l;
            }
        }

        _werkpleinBase = new long[werkpleinCount + 2];
        for (var wp = 0; wp <= werkpleinCount; wp++)
        {
            _werkpleinBase[wp + 1] = _werkpleinBase[wp] + (long)cellsPerWerkplein * _strataOf[wp].Length * Fields;
        }

        _data = new double[_werkpleinBase[^1]];
    }

    /// <summary>Adds a respondent's value to a cell (<paramref name="cell"/> as <see cref="CellAccumulator"/> numbers them).</summary>
    public void Add(int cell, int werkplein, int stratum, double value, bool top)
    {
        var local = werkplein == 0 ? stratum : _localOf[stratum];
        var index = Offset(cell, werkplein) + local * Fields;
        var y = value - Shift;
        _data[index]++;
        _data[index + 1] += y;
        _data[index + 2] += y * y;
        _data[index + 3] += top ? 1 : 0;
    }

    /// <summary>The weighted mean and the weighted top-2 proportion of a cell, or null when nobody is in it.</summary>
    public (WeightedEstimate Mean, WeightedEstimate Top2)? Estimate(WeightedDesign design, int cell, int werkplein)
    {
        double[] count = new double[_strata], sum = new double[_strata], squares = new double[_strata], top = new double[_strata];
        var offset = Offset(cell, werkplein);
        var strata = _strataOf[werkplein];
        for (var l = 0; l < strata.Length; l++)
        {
            var index = offset + l * Fields;
            var s = strata[l];
            count[s] = _data[index];
            sum[s] = _data[index + 1];
            squares[s] = _data[index + 2];
            top[s] = _data[index + 3];
        }

        return design.Estimate(count, sum, squares, Shift) is { } mean && design.Estimate(count, top, top) is { } top2
            ? (mean, top2)
            : null;
    }

    private long Offset(int cell, int werkplein) =>
        _werkpleinBase[werkplein] + (long)(cell - werkplein * _cellsPerWerkplein) * _strataOf[werkplein].Length * Fields;
}
