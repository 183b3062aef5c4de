using System.Runtime.CompilerServices;
using Klantmeting.Weighting;

namespace Klantmeting.Results;

/// <summary>
/// The sums the weighted estimates need, per Werkplein cell of <see cref="CellAccumulator"/> and per stratum of that
/// Werkplein: respondents with a value, the sum and sum of squares of the value (minus <see cref="Shift"/>, for
/// precision) and the top-2 count. Every stratum lies in one Werkplein, so a national cell's sums per stratum are
/// those of the same cell of the stratum's Werkplein (the same respondents added in the same order): they are read
/// from there, not kept twice.
/// </summary>
/// <remarks>Not for use by two threads at once: <see cref="Estimate"/> gathers into scratch arrays of this object.</remarks>
internal sealed class WeightedSums
{
    /// <summary>Subtracted from every value: the middle of the 1-10 scale.</summary>
    public const double Shift = 5.5;

    private const int Fields = 4;

    private readonly int _cellsPerWerkplein;
    private readonly int[] _werkpleinOf;
    private readonly int[] _localOf;
    private readonly int[][] _strataOf;
    private readonly long[] _werkpleinBase;
    private readonly double[] _data;

    // Scratch of Estimate: the sums of one cell per stratum in the cell (all strata for a national cell).
    private readonly double[] _count;
    private readonly double[] _sum;
    private readonly double[] _squares;
    private readonly double[] _top;

    /// <param name="werkpleinOfStratum">The 1-based Werkplein index of each stratum.</param>
    /// <param name="werkpleinCount">Werkpleinen of the round (NL not counted).</param>
    /// <param name="cellsPerWerkplein">Slots × measures.</param>
    public WeightedSums(IReadOnlyList<int> werkpleinOfStratum, int werkpleinCount, int cellsPerWerkplein)
    {
        _cellsPerWerkplein = cellsPerWerkplein;
        var strata = werkpleinOfStratum.Count;
        _werkpleinOf = [.. werkpleinOfStratum];
        _strataOf = Enumerable.Range(0, werkpleinCount + 1)
            .Select(wp => Enumerable.Range(0, strata).Where(s => wp == 0 || _werkpleinOf[s] == wp).ToArray()).ToArray();
        _localOf = new int[strata];
        for (var wp = 1; wp <= werkpleinCount; wp++)
        {
            for (var l = 0; l < _strataOf[wp].Length; l++)
            {
                _localOf[_strataOf[wp][l]] = l;
            }
        }

        // Werkplein 0 (NL) keeps no sums of its own: its block is empty.
        _werkpleinBase = new long[werkpleinCount + 2];
        for (var wp = 1; wp <= werkpleinCount; wp++)
        {
            _werkpleinBase[wp + 1] = _werkpleinBase[wp] + (long)cellsPerWerkplein * _strataOf[wp].Length * Fields;
        }

        _data = new double[_werkpleinBase[^1]];
        (_count, _sum, _squares, _top) = (new double[strata], new double[strata], new double[strata], new double[strata]);
    }

    /// <summary>
    /// Adds a respondent's value to a Werkplein cell (<paramref name="cell"/> as <see cref="CellAccumulator"/> numbers
    /// them, <paramref name="werkplein"/> 1 or more); the national cell follows from it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int cell, int werkplein, int stratum, double value, bool top)
    {
        var index = Offset(cell, werkplein) + _localOf[stratum] * Fields;
        var y = value - Shift;
        _data[index]++;
        _data[index + 1] += y;
        _data[index + 2] += y * y;
        _data[index + 3] += top ? 1 : 0;
    }

    /// <summary>The weighted mean and the weighted top-2 proportion of a cell, or null when nobody is in it.</summary>
    public (WeightedEstimate Mean, WeightedEstimate Top2)? Estimate(WeightedDesign design, int cell, int werkplein)
    {
        var strata = _strataOf[werkplein];
        for (var l = 0; l < strata.Length; l++)
        {
            var s = strata[l];
            // A national cell reads the same cell of the stratum's Werkplein.
            var wp = werkplein == 0 ? _werkpleinOf[s] : werkplein;
            var index = Offset(cell + (wp - werkplein) * _cellsPerWerkplein, wp) + _localOf[s] * Fields;
            _count[l] = _data[index];
            _sum[l] = _data[index + 1];
            _squares[l] = _data[index + 2];
            _top[l] = _data[index + 3];
        }

        var n = strata.Length;
        return design.Estimate(strata, _count.AsSpan(0, n), _sum.AsSpan(0, n), _squares.AsSpan(0, n), Shift) is { } mean
            && design.Estimate(strata, _count.AsSpan(0, n), _top.AsSpan(0, n), _top.AsSpan(0, n)) is { } top2
            ? (mean, top2)
            : null;
    }

    private long Offset(int cell, int werkplein) =>
        _werkpleinBase[werkplein] + (long)(cell - werkplein * _cellsPerWerkplein) * _strataOf[werkplein].Length * Fields;
}
