using Klantmeting.Results;

namespace Klantmeting.Tests.Results;

/// <summary>Welch's t-test and Holm's adjustment against the worked examples of issue 6 §3; every number is written out here.</summary>
public sealed class WelchHolmTests
{
    [Fact]
    public void Welch_worked_example()
    {
        // Means 7.2 and 6.8, sd 1.5 and 1.9, n 120 and 90: se^2 = 2.25 / 120 + 3.61 / 90 = 0.018750 + 0.040111 = 0.058861,
        // t = 0.4 / 0.242613 = 1.649; df = 0.058861^2 / (0.018750^2 / 119 + 0.040111^2 / 89) = 164.7.
        var test = Statistics.Welch(7.2, 1.5, 120, 6.8, 1.9, 90)!.Value;

        Assert.Equal(1.649, test.T, 3);
        Assert.Equal(164.7, test.Df, 1);
        Assert.Equal(0.4, test.Difference, 10);
        Assert.Equal(0.242613, test.StandardError, 6);
        // Two-sided p from Student's t with 164.73 df: 0.1011 (checked by numerical integration of the t density).
        Assert.Equal(0.1011, test.P, 4);
    }

    [Fact]
    public void Welch_from_standard_errors_worked_example()
    {
        // Weighted means 7 and 6 with SEs 0.3 and 0.4 (n 10 and 20): se^2 = 0.09 + 0.16 = 0.25, se = 0.5, t = 1 / 0.5 = 2;
        // df = 0.25^2 / (0.09^2 / 9 + 0.16^2 / 19) = 0.0625 / 0.0022473684 = 27.8103; p = 2 * pt(-2, 27.8103) in R: 0.0553528.
        var test = Statistics.WelchFromStandardErrors(7, 0.3, 10, 6, 0.4, 20)!.Value;

        Assert.Equal(1, test.Difference, 12);
        Assert.Equal(0.5, test.StandardError, 12);
        Assert.Equal(2, test.T, 12);
        Assert.Equal(27.8103044496487, test.Df, 9);
        Assert.Equal(0.0553528403114112, test.P, 9);
        // The unweighted form with sd = se * sqrt(n) is the same test.
        var same = Statistics.Welch(7, 0.3 * Math.Sqrt(10), 10, 6, 0.4 * Math.Sqrt(20), 20)!.Value;
        Assert.Equal(same.P, test.P, 12);
        Assert.Null(Statistics.WelchFromStandardErrors(7, 0.3, 1, 6, 0.4, 20));
        Assert.Null(Statistics.WelchFromStandardErrors(7, 0, 10, 6, 0, 20));
    }

    [Fact]
    public void Welch_is_antisymmetric()
    {
        var forward = Statistics.Welch(7.2, 1.5, 120, 6.8, 1.9, 90)!.Value;
        var backward = Statistics.Welch(6.8, 1.9, 90, 7.2, 1.5, 120)!.Value;

        Assert.Equal(-forward.T, backward.T, 12);
        Assert.Equal(forward.Df, backward.Df, 12);
        Assert.Equal(forward.P, backward.P, 12);
    }

    [Fact]
    public void Welch_of_a_large_difference_has_a_tiny_p_not_zero_by_cancellation()
    {
        var test = Statistics.Welch(8.0, 1.0, 1000, 6.0, 1.0, 1000)!.Value;

        Assert.True(test.P is > 0 and < 1e-100, $"p = {test.P}");
    }

    [Fact]
    public void Identical_summaries_give_t_zero_and_p_one()
    {
        var test = Statistics.Welch(6.8, 1.9, 90, 6.8, 1.9, 90)!.Value;

        Assert.Equal(0, test.T);
        Assert.Equal(1, test.P, 12);
        // Equal variances and sizes: df = 2n - 2.
        Assert.Equal(178, test.Df, 9);
    }

    [Theory]
    [InlineData(1, 90)]
    [InlineData(120, 1)]
    [InlineData(0, 0)]
    public void Fewer_than_two_respondents_on_a_side_gives_no_test(long n1, long n2) =>
        Assert.Null(Statistics.Welch(7.2, 1.5, n1, 6.8, 1.9, n2));

    [Theory]
    [InlineData(7.0, 7.0)]
    [InlineData(7.0, 6.0)]
    public void No_variation_on_both_sides_gives_no_test(double mean1, double mean2) =>
        Assert.Null(Statistics.Welch(mean1, 0, 50, mean2, 0, 40));

    [Fact]
    public void No_variation_on_one_side_takes_the_df_of_the_other()
    {
        // se^2 = 0 + 4 / 10; t = 1 / sqrt(0.4) = 1.5811; df = n2 - 1 = 9.
        var test = Statistics.Welch(8.0, 0, 50, 7.0, 2.0, 10)!.Value;

        Assert.Equal(1.5811, test.T, 4);
        Assert.Equal(9, test.Df, 9);
    }

    [Fact]
    public void Negative_sd_or_nan_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.Welch(7, -1, 10, 7, 1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.Welch(double.NaN, 1, 10, 7, 1, 10));
    }

    [Fact]
    public void Holm_worked_example() =>
        // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04 -> monotone 0.02, 0.03, 0.06, 0.06.
        AssertAll([0.03, 0.06, 0.06, 0.02], Statistics.Holm([0.01, 0.04, 0.03, 0.005]));

    [Fact]
    public void Holm_caps_at_one_and_stays_monotone() =>
        // 0.2 * 3 = 0.6; 0.5 * 2 = 1.0; 0.9 * 1 = 0.9 -> 1.0 (monotone).
        AssertAll([1.0, 0.6, 1.0], Statistics.Holm([0.9, 0.2, 0.5]));

    [Fact]
    public void Holm_of_one_p_is_that_p() => AssertAll([0.04], Statistics.Holm([0.04]));

    [Fact]
    public void Holm_of_nothing_is_nothing() => Assert.Empty(Statistics.Holm([]));

    [Fact]
    public void Holm_of_ties_gives_equal_values() => AssertAll([0.06, 0.06, 0.06], Statistics.Holm([0.02, 0.02, 0.02]));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Holm_refuses_a_p_outside_0_1(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.Holm([0.01, p]));

    private static void AssertAll(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }
    }
}
