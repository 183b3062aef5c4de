namespace Klantmeting.Weighting;

/// <summary>
/// The respondents of a round grouped in strata (post-strata, or the cells of the raking cross table) with one weight
/// per stratum, and what the variance of a weighted mean needs: the respondents per stratum and, for raking, each
/// margin's group and intermediate weight per stratum. Equal to R <c>survey</c>'s design after
/// <c>postStratify</c> or <c>rake</c> on <c>svydesign(ids = ~1)</c>: one stage, no fpc, every respondent its own PSU.
/// </summary>
public sealed class WeightedDesign
{
    /// <summary>How often R's <c>svyrecvar</c> sweeps the raking margins when it centres the influence values.</summary>
    public const int RakingVarianceSweeps = 10;

    private readonly double[] _weights;
    private readonly int[] _respondents;
    private readonly RakingMargin[]? _margins;
    private readonly int[] _allStrata;

    /// <param name="weights">Weight of a respondent of each stratum.</param>
    /// <param name="respondents">Respondents of each stratum (the unweighted count, every measure).</param>
    /// <param name="margins">For raking: the margins in the order they were fitted; null for post-stratification.</param>
    public WeightedDesign(IReadOnlyList<double> weights, IReadOnlyList<int> respondents, IReadOnlyList<RakingMargin>? margins = null)
    {
        if (weights.Count != respondents.Count)
        {
            throw new ArgumentException("One weight and one count per stratum.", nameof(weights));
        }

        _weights = [.. weights];
        _respondents = [.. respondents];
        _margins = margins is null ? null : [.. margins];
        TotalRespondents = _respondents.Sum();
        _allStrata = [.. Enumerable.Range(0, _weights.Length)];
    }

    /// <summary>Number of strata.</summary>
    public int StratumCount => _weights.Length;

    /// <summary>Weight of a respondent of each stratum.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Respondents of each stratum.</summary>
    public IReadOnlyList<int> Respondents => _respondents;

    /// <summary>All respondents: the n of the variance formula (R keeps the rows outside a domain with weight 0).</summary>
    public int TotalRespondents { get; }

    /// <summary>
    /// The weighted estimate of a domain from its sums per stratum: <paramref name="count"/> respondents of the domain
    /// with a value, <paramref name="sum"/> and <paramref name="sumOfSquares"/> of their values. Null for an empty domain.
    /// </summary>
    /// <param name="shift">Subtracted from every value before it was summed (numerical stability); added back here.</param>
    /// <param name="count">Per stratum.</param>
    /// <param name="sum">Per stratum.</param>
    /// <param name="sumOfSquares">Per stratum.</param>
    public WeightedEstimate? Estimate(ReadOnlySpan<double> count, ReadOnlySpan<double> sum, ReadOnlySpan<double> sumOfSquares, double shift = 0) =>
        Estimate(_allStrata, count, sum, sumOfSquares, shift);

    /// <summary>
    /// As <see cref="Estimate(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/> for a
    /// domain that lies in a few strata: element i of the sums belongs to stratum <paramref name="strata"/>[i]
    /// (ascending); every stratum not listed has no respondent of the domain. The figures are exactly those of the
    /// full form: a stratum without domain members adds exact zeros to every sum, so leaving it out changes no bit.
    /// </summary>
    /// <param name="strata">The strata the sums belong to, ascending.</param>
    /// <param name="count">Per listed stratum.</param>
    /// <param name="sum">Per listed stratum.</param>
    /// <param name="sumOfSquares">Per listed stratum.</param>
    /// <param name="shift">As in the full form.</param>
    public WeightedEstimate? Estimate(ReadOnlySpan<int> strata, ReadOnlySpan<double> count, ReadOnlySpan<double> sum, ReadOnlySpan<double> sumOfSquares,
        double shift = 0)
    {
        double total = 0, weightedSum = 0, squaredWeights = 0, n = 0;
        for (var i = 0; i < strata.Length; i++)
        {
            var w = _weights[strata[i]];
            total += w * count[i];
            weightedSum += w * sum[i];
            squaredWeights += w * w * count[i];
            n += count[i];
        }

        if (n == 0 || total <= 0)
        {
            return null;
        }

        var mean = weightedSum / total;
        var (deviations, residual) = _margins is null
            ? PostStratifiedDeviations(strata, count, sum, sumOfSquares, mean, total)
            : RakedDeviations(strata, count, sum, sumOfSquares, mean, total);
        var all = TotalRespondents;
        var variance = all > 1 ? all / (all - 1.0) * residual : double.NaN;
        // svyvar: n/(n-1) times the weighted mean of the squared deviations, n the respondents of the domain.
        var populationVariance = n > 1 ? n / (n - 1) * deviations / total : double.NaN;
        var se = Math.Sqrt(Math.Max(0, variance));
        var deff = populationVariance > 0 ? variance / (populationVariance / n) : double.NaN;
        return new WeightedEstimate(mean + shift, se, Math.Sqrt(Math.Max(0, populationVariance)), total * total / squaredWeights, deff, total, (long)n);
    }

    /// <summary>
    /// The weighted sum of squared deviations from the mean, and <see cref="ResidualSumOfSquares"/> for
    /// post-stratification in one pass without arrays (each stratum's centring needs only that stratum).
    /// </summary>
    private (double Deviations, double Residual) PostStratifiedDeviations(ReadOnlySpan<int> strata, ReadOnlySpan<double> count, ReadOnlySpan<double> sum,
        ReadOnlySpan<double> sumOfSquares, double mean, double total)
    {
        double deviations = 0, residualSquares = 0, residualSum = 0;
        for (var i = 0; i < strata.Length; i++)
        {
            var s = strata[i];
            // Sum over the stratum's domain members of (y - mean)^2, and the influence values w (y - mean) / W.
            var squares = sumOfSquares[i] - 2 * mean * sum[i] + mean * mean * count[i];
            deviations += _weights[s] * squares;
            var scale = _weights[s] / total;
            var z = scale * (sum[i] - count[i] * mean);
            var zz = scale * scale * squares;
            var u = _respondents[s] > 0 ? z / _respondents[s] : 0;
            residualSquares += zz - 2 * u * z + _respondents[s] * u * u;
            residualSum += z - _respondents[s] * u;
        }

        return (deviations, residualSquares - residualSum * residualSum / TotalRespondents);
    }

    /// <summary>As <see cref="PostStratifiedDeviations"/> for raking, whose centring sweeps every stratum.</summary>
    private (double Deviations, double Residual) RakedDeviations(ReadOnlySpan<int> strata, ReadOnlySpan<double> count, ReadOnlySpan<double> sum,
        ReadOnlySpan<double> sumOfSquares, double mean, double total)
    {
        var z = new double[_weights.Length];
        var zz = new double[_weights.Length];
        double deviations = 0;
        for (var i = 0; i < strata.Length; i++)
        {
            var s = strata[i];
            var squares = sumOfSquares[i] - 2 * mean * sum[i] + mean * mean * count[i];
            deviations += _weights[s] * squares;
            var scale = _weights[s] / total;
            z[s] = scale * (sum[i] - count[i] * mean);
            zz[s] = scale * scale * squares;
        }

        return (deviations, ResidualSumOfSquares(z, zz));
    }

    /// <summary>
    /// The sum of squares of the influence values after R's calibration step, centred (R's <c>onestage</c>):
    /// <paramref name="z"/> is their sum and <paramref name="zz"/> the sum of their squares per stratum. Every respondent
    /// of a stratum outside the domain has influence 0 but still takes part in the centring.
    /// </summary>
    internal double ResidualSumOfSquares(double[] z, double[] zz)
    {
        var strata = _weights.Length;
        // Each respondent's residual is z_i - u_s: u is constant within a stratum because the weights are.
        var u = new double[strata];
        if (_margins is null)
        {
            for (var s = 0; s < strata; s++)
            {
                u[s] = _respondents[s] > 0 ? z[s] / _respondents[s] : 0;
            }
        }
        else
        {
            SweepMargins(z, u);
        }

        double squares = 0, sum = 0;
        for (var s = 0; s < strata; s++)
        {
            squares += zz[s] - 2 * u[s] * z[s] + _respondents[s] * u[s] * u[s];
            sum += z[s] - _respondents[s] * u[s];
        }

        return squares - sum * sum / TotalRespondents;
    }

    /// <summary>R's raking branch of <c>svyrecvar</c>: x &lt;- x - psw * ave(x / psw, margin), ten sweeps over the margins.</summary>
    private void SweepMargins(double[] z, double[] u)
    {
        var strata = _weights.Length;
        foreach (var _ in Enumerable.Range(0, RakingVarianceSweeps))
        {
            foreach (var margin in _margins!)
            {
                var groupSum = new double[margin.GroupCount];
                var groupCount = new double[margin.GroupCount];
                for (var s = 0; s < strata; s++)
                {
                    groupSum[margin.GroupOf[s]] += (z[s] - _respondents[s] * u[s]) / margin.Weights[s];
                    groupCount[margin.GroupOf[s]] += _respondents[s];
                }

                for (var s = 0; s < strata; s++)
                {
                    var g = margin.GroupOf[s];
                    if (groupCount[g] > 0)
                    {
                        u[s] += margin.Weights[s] * groupSum[g] / groupCount[g];
                    }
                }
            }
        }
    }

    /// <summary>
    /// The estimate from respondent-level values (tests, small data): stratum and value of each respondent, null when
    /// the respondent is outside the domain or has no value.
    /// </summary>
    public WeightedEstimate? EstimateUnits(IReadOnlyList<int> stratumOf, IReadOnlyList<double?> values)
    {
        var count = new double[StratumCount];
        var sum = new double[StratumCount];
        var squares = new double[StratumCount];
        for (var i = 0; i < stratumOf.Count; i++)
        {
            if (values[i] is { } y)
            {
                count[stratumOf[i]]++;
                sum[stratumOf[i]] += y;
                squares[stratumOf[i]] += y * y;
            }
        }

        return Estimate(count, sum, squares);
    }
}

/// <summary>One raking margin as the variance needs it: the group of each stratum and the weight after fitting this margin in the last pass.</summary>
public sealed record RakingMargin(int GroupCount, IReadOnlyList<int> GroupOf, IReadOnlyList<double> Weights);

/// <summary>
/// A weighted mean (or proportion) of a domain with its Taylor-linearised standard error, the weighted standard
/// deviation (R <c>svyvar</c>), Kish's effective sample size (sum w)^2 / sum w^2, the design effect against simple
/// random sampling with replacement (R <c>deff = "replace"</c>), the sum of the weights and the respondents.
/// </summary>
public readonly record struct WeightedEstimate(double Mean, double Se, double Sd, double NEff, double Deff, double WeightSum, long N);
