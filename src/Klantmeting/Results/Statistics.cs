using MathNet.Numerics.Distributions;

namespace Klantmeting.Results;

/// <summary>The statistics of the reports: converted grades, mean, standard deviation, t-interval and Wilson interval.</summary>
public static class Statistics
{
    /// <summary>z for a two-sided 95% interval (the 0.975 quantile of the standard normal distribution).</summary>
    public const double Z95 = 1.959964;

    /// <summary>A principle score at or above this converted grade counts as top-2-box (agree or fully agree).</summary>
    public const double TopBoxPrincipleScore = 7.75;

    /// <summary>A <c>totaaloordeel</c> at or above this grade counts as top-2-box.</summary>
    public const int TopBoxGrade = 8;

    /// <summary>The converted grade 1-10 of a statement answered <paramref name="answer"/> on 1-5: 1, 3.25, 5.5, 7.75, 10.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The answer is not 1-5 ("weet niet" has no grade).</exception>
    public static double ConvertedGrade(int answer) => answer is >= 1 and <= 5
        ? ConvertedGrade((double)answer)
        : throw new ArgumentOutOfRangeException(nameof(answer), answer, "A statement answer is 1-5.");

    /// <summary>The converted grade 1-10 of a mean answer on the 1-5 scale (the same linear conversion).</summary>
    public static double ConvertedGrade(double meanAnswer) => 1 + (meanAnswer - 1) * 9.0 / 4;

    /// <summary>
    /// A respondent's score on a principle: the converted grade of the mean of its <paramref name="count"/> 1-5
    /// answers, which sum to <paramref name="sum"/>. The conversion is linear, so this equals the mean of the
    /// answers' converted grades.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 (only "weet niet" or nothing: no score).</exception>
    public static double PrincipleScore(int sum, int count) => count >= 1
        ? ConvertedGrade((double)sum / count)
        : throw new ArgumentOutOfRangeException(nameof(count), count, "At least one 1-5 answer.");

    /// <summary>
    /// Whether a principle score counts as top-2-box: at least <see cref="TopBoxPrincipleScore"/>, i.e. a mean answer
    /// of at least 4 (agree or fully agree). Exact in floating point: a mean of exactly 4 converts to exactly 7.75.
    /// </summary>
    public static bool IsTopBoxScore(double principleScore) => principleScore >= TopBoxPrincipleScore;

    /// <summary>Whether a <c>totaaloordeel</c> counts as top-2-box (at least <see cref="TopBoxGrade"/>).</summary>
    public static bool IsTopBoxGrade(int grade) => grade >= TopBoxGrade;

    /// <summary>The t quantile t(0.975, df) of Student's t-distribution.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degreesOfFreedom"/> is below 1.</exception>
    public static double T975(int degreesOfFreedom) => degreesOfFreedom >= 1
        ? StudentT.InvCDF(0, 1, degreesOfFreedom, 0.975)
        : throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "At least one degree of freedom.");

    /// <summary>n, mean, sample standard deviation and 95% t-interval of <paramref name="values"/>.</summary>
    public static Summary Summarize(IEnumerable<double> values)
    {
        var accumulator = new MeanAccumulator();
        foreach (var v in values)
        {
            accumulator.Add(v);
        }

        return accumulator.ToSummary();
    }

    /// <summary>
    /// Wilson score interval for a proportion of <paramref name="successes"/> out of <paramref name="n"/> with
    /// z = <see cref="Z95"/>; null when n is 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">successes is negative or above n.</exception>
    public static (double Low, double High)? Wilson(long successes, long n)
    {
        if (successes < 0 || successes > n)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, "Between 0 and n.");
        }

        if (n == 0)
        {
            return null;
        }

        const double z2 = Z95 * Z95;
        double p = (double)successes / n;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z95 / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // Rounding can leave -1e-17 or 1 + 1e-16 at the ends.
        return (Math.Clamp(centre - half, 0, 1), Math.Clamp(centre + half, 0, 1));
    }
    /// <summary>
    /// Welch's unequal-variances t-test of the difference mean1 - mean2 from two summaries (mean, sample standard
    /// deviation, n): t, the Welch-Satterthwaite degrees of freedom and the two-sided p-value from Student's t.
    /// </summary>
    /// <returns>
    /// Null when the test is not defined: fewer than two respondents on either side (no standard deviation), or a
    /// standard deviation of 0 on both sides (no variation, so no standard error). Identical summaries give t = 0, p = 1.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">A standard deviation is negative or a figure is not a finite number.</exception>
    public static WelchTest? Welch(double mean1, double sd1, long n1, double mean2, double sd2, long n2)
    {
        CheckSummaries((mean1, nameof(mean1)), (sd1, nameof(sd1)), (mean2, nameof(mean2)), (sd2, nameof(sd2)), "A standard deviation is not negative.");
        if (n1 < 2 || n2 < 2)
        {
            return null;
        }

        return FromVariances(mean1, sd1 * sd1 / n1, n1, mean2, sd2 * sd2 / n2, n2);
    }

    /// <summary>
    /// Welch's test as <see cref="Welch"/>, from the standard errors of the two means instead of their standard
    /// deviations: for weighted means, whose SE (Taylor linearisation) is not sd / sqrt(n). The variances of the means
    /// are se1² and se2²; the Welch-Satterthwaite degrees of freedom use the respondents n1 and n2.
    /// </summary>
    /// <returns>Null when the test is not defined: fewer than two respondents on either side, or both SEs 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A standard error is negative or a figure is not a finite number.</exception>
    public static WelchTest? WelchFromStandardErrors(double mean1, double se1, long n1, double mean2, double se2, long n2)
    {
        CheckSummaries((mean1, nameof(mean1)), (se1, nameof(se1)), (mean2, nameof(mean2)), (se2, nameof(se2)), "A standard error is not negative.");
        return n1 < 2 || n2 < 2 ? null : FromVariances(mean1, se1 * se1, n1, mean2, se2 * se2, n2);
    }

    /// <summary>Every figure finite and both spreads (sd or se) not negative, else the exception of <see cref="Welch"/>.</summary>
    private static void CheckSummaries((double Value, string Name) mean1, (double Value, string Name) spread1, (double Value, string Name) mean2,
        (double Value, string Name) spread2, string negative)
    {
        foreach (var (value, name) in new[] { mean1, spread1, mean2, spread2 })
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, value, "A finite number.");
            }
        }

        if (spread1.Value < 0 || spread2.Value < 0)
        {
            throw new ArgumentOutOfRangeException(spread1.Value < 0 ? spread1.Name : spread2.Name, Math.Min(spread1.Value, spread2.Value), negative);
        }
    }

    /// <summary>Welch's test from the variances of the two means (v = sd² / n, or se²); n of each side at least 2.</summary>
    private static WelchTest? FromVariances(double mean1, double v1, long n1, double mean2, double v2, long n2)
    {
        var variance = v1 + v2;
        if (variance <= 0)
        {
            return null;
        }

        var se = Math.Sqrt(variance);
        var difference = mean1 - mean2;
        var t = difference / se;
        var df = variance * variance / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
        // 2 * P(T <= -|t|) rather than 2 * (1 - P(T <= |t|)): no cancellation for large |t|.
        var p = Math.Min(1.0, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)));
        return new WelchTest(difference, se, t, df, p);
    }

    /// <summary>
    /// Holm's step-down adjustment of <paramref name="pValues"/> for multiple tests: sorted ascending, the k-th smallest
    /// (k from 0) is multiplied by (m - k), made monotone (never below the previous adjusted value) and capped at 1.
    /// The adjusted values come back in the order of the input.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A p-value is not between 0 and 1.</exception>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        for (var i = 0; i < m; i++)
        {
            if (!(pValues[i] is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), pValues[i], $"p-value {i} is not between 0 and 1.");
            }
        }

        // Stable order: equal p-values keep their input order, so the result does not depend on the sort algorithm.
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var k = 0; k < m; k++)
        {
            running = Math.Max(running, Math.Min(1.0, (m - k) * pValues[order[k]]));
            adjusted[order[k]] = running;
        }

        return adjusted;
    }
}

/// <summary>Result of <see cref="Statistics.Welch"/>: difference of the means, its standard error, t, Welch-Satterthwaite df and two-sided p.</summary>
public readonly record struct WelchTest(double Difference, double StandardError, double T, double Df, double P);

/// <summary>n, mean, sample standard deviation (null for n below 2) and the 95% t-interval (null for n below 2).</summary>
public readonly record struct Summary(long N, double? Mean, double? Sd, double? CiLow, double? CiHigh);

/// <summary>Running mean and sum of squared deviations (Welford): one pass, numerically stable, no list of values.</summary>
public struct MeanAccumulator
{
    private double _mean;
    private double _m2;

    /// <summary>Values added so far.</summary>
    public long N { get; private set; }

    /// <summary>Adds one value.</summary>
    public void Add(double value)
    {
        N++;
        var delta = value - _mean;
        _mean += delta / N;
        _m2 += delta * (value - _mean);
    }

    /// <summary>The figures so far; <paramref name="t975"/> may supply cached t quantiles by degrees of freedom.</summary>
    public readonly Summary ToSummary(Func<int, double>? t975 = null)
    {
        if (N == 0)
        {
            return new Summary(0, null, null, null, null);
        }

        if (N == 1)
        {
            return new Summary(1, _mean, null, null, null);
        }

        var sd = Math.Sqrt(_m2 / (N - 1));
        var half = (t975 ?? Statistics.T975)((int)(N - 1)) * sd / Math.Sqrt(N);
        return new Summary(N, _mean, sd, _mean - half, _mean + half);
    }
}
