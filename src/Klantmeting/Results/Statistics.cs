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
        ? 1 + (answer - 1) * 9.0 / 4
        : throw new ArgumentOutOfRangeException(nameof(answer), answer, "A statement answer is 1-5.");

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
}

/// <summary>n, mean, sample standard deviation (null for n below 2) and the 95% t-interval (null for n below 2).</summary>
public readonly record struct Summary(long N, double? Mean, double? Sd, double? CiLow, double? CiHigh);

/// <summary>Running mean and sum of squared deviations (Welford): one pass, numerically stable, no list of values.</summary>
public struct MeanAccumulator
{
    private double _mean;
    private double _m2;

    public long N { get; private set; }

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
