using Klantmeting.Weighting;

namespace Klantmeting.Tests.Weighting;

/// <summary>
/// The weighting core without a database, on the worked example of Kalton and Flores-Cervantes (2003), "Weighting
/// methods", J. Off. Stat. 19(2): 81-97, as the R survey package's own test (tests/kalton.R) sets it up: a 4 × 3
/// table of sample and population counts. The weights (table A: post-stratification, table B: raking) are the
/// published ones, to two decimals; the mean, SE and deff of a made-up variable y were computed with R survey 4.1.1
/// (svymean on postStratify / rake of svydesign(id = ~1), svyby for the domains; script in the comments).
/// </summary>
public sealed class WeightingCoreTests
{
    // Cells in R's expand.grid(a = 1:4, b = 1:3) order: cell c has a = c % 4 + 1, b = c / 4 + 1.
    private static readonly int[] Sample = [20, 50, 100, 30, 40, 140, 50, 100, 40, 310, 50, 70];
    private static readonly int[] Population = [80, 60, 170, 55, 40, 150, 60, 165, 55, 340, 200, 125];

    // Table A (post-stratification) and table B (raking) of the paper: weight of a respondent per cell.
    private static readonly double[] TableA = [4.00, 1.20, 1.70, 1.83, 1.00, 1.07, 1.20, 1.65, 1.38, 1.10, 4.00, 1.79];
    private static readonly double[] TableB = [1.81, 1.08, 2.20, 1.83, 1.45, 0.87, 1.76, 1.47, 2.02, 1.21, 2.45, 2.04];

    /// <summary>The units: their cell, and y = (i mod 7) + a with i the 1-based unit number (R: seq_len(n) %% 7 + as.numeric(a)).</summary>
    private static (List<int> Cell, List<double> Y) Units()
    {
        var cells = new List<int>();
        var y = new List<double>();
        for (var c = 0; c < 12; c++)
        {
            for (var k = 0; k < Sample[c]; k++)
            {
                cells.Add(c);
                y.Add((cells.Count % 7) + (c % 4 + 1));
            }
        }

        return (cells, y);
    }

    private static PostStratification KaltonPostStrata() => PostStratification.Compute(
        Enumerable.Range(0, 12).Select(c => new FrameCell($"b{c / 4 + 1}", $"a{c % 4 + 1}", Population[c], Sample[c])), minRespondents: 5);

    private static RakingResult KaltonRaking(TrimBounds? trim = null) => Raking.Rake(
        Enumerable.Range(0, 12).Select(c => (IReadOnlyList<string>)[$"a{c % 4 + 1}", $"b{c / 4 + 1}"]).ToList(),
        Sample,
        [
            new Margin("a", new Dictionary<string, double> { ["a1"] = 175, ["a2"] = 550, ["a3"] = 430, ["a4"] = 345 }),
            new Margin("b", new Dictionary<string, double> { ["b1"] = 365, ["b2"] = 415, ["b3"] = 720 }),
        ],
        tolerance: 1e-12, maxIterations: 1000, trim);

    [Fact]
    public void Post_stratification_weights_are_table_A_of_the_paper()
    {
        var strata = KaltonPostStrata();
        Assert.Empty(strata.CollapsedWerkpleinen);
        for (var c = 0; c < 12; c++)
        {
            Assert.Equal(TableA[c], Math.Round(strata.WeightOf($"b{c / 4 + 1}", $"a{c % 4 + 1}")!.Value, 2));
        }
    }

    [Fact]
    public void Post_stratified_mean_se_deff_and_n_eff_equal_r_survey()
    {
        var strata = KaltonPostStrata();
        var (cells, y) = Units();
        var stratumOf = cells.Select(c => strata.StratumOf($"b{c / 4 + 1}", $"a{c % 4 + 1}")).ToList();
        var all = strata.Design.EstimateUnits(stratumOf, y.Select(v => (double?)v).ToList())!.Value;
        // R: svymean(~y, dps, deff = "replace"); svyvar(~y, dps); w <- weights(dps); sum(w)^2 / sum(w^2)
        Assert.Equal(5.6434991039426521, all.Mean, 1e-12);
        Assert.Equal(0.0704399530675694, all.Se, 1e-12);
        Assert.Equal(1.0078674544521078, all.Deff, 1e-10);
        Assert.Equal(Math.Sqrt(4.923055076581), all.Sd, 1e-10);
        Assert.Equal(803.99061475779, all.NEff, 1e-8);
        Assert.Equal(1500, all.WeightSum, 1e-9);

        // R: svyby(~y, ~b, dps, svymean)
        double[] means = [5.56200913242009, 5.85289156626506, 5.56411850358423], ses = [0.150498558223868, 0.112373784034045, 0.107328535833471];
        for (var b = 0; b < 3; b++)
        {
            var domain = strata.Design.EstimateUnits(stratumOf, y.Select((v, i) => cells[i] / 4 == b ? v : (double?)null).ToList())!.Value;
            Assert.Equal(means[b], domain.Mean, 1e-12);
            Assert.Equal(ses[b], domain.Se, 1e-12);
        }
    }

    [Fact]
    public void A_domain_given_by_its_own_strata_has_exactly_the_figures_of_the_full_form()
    {
        // Domain b = 2 lies in post-strata 4-7 (the strata run b1 a1-a4, b2 a1-a4, b3 a1-a4). The short form, which
        // the results use for a Werkplein's cells, must give the same bits as the full form with zeros elsewhere.
        var strata = KaltonPostStrata();
        var raked = KaltonRaking();
        var (cells, y) = Units();
        var stratumOf = cells.Select(c => strata.StratumOf($"b{c / 4 + 1}", $"a{c % 4 + 1}")).ToList();
        var (count, sum, squares) = (new double[12], new double[12], new double[12]);
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] / 4 == 1)
            {
                count[stratumOf[i]]++;
                sum[stratumOf[i]] += y[i];
                squares[stratumOf[i]] += y[i] * y[i];
            }
        }

        int[] own = [4, 5, 6, 7];
        var full = strata.Design.Estimate(count, sum, squares)!.Value;
        var part = strata.Design.Estimate(own, count.AsSpan(4, 4), sum.AsSpan(4, 4), squares.AsSpan(4, 4))!.Value;
        Assert.Equal(full, part);
        // R: svyby(~y, ~b, dps, svymean), b = 2 (as in the test above)
        Assert.Equal(5.85289156626506, part.Mean, 1e-12);
        Assert.Equal(0.112373784034045, part.Se, 1e-12);

        // Raking's centring sweeps every stratum; its short form still equals the full form (cells in table order).
        var rakedFull = raked.Design.Estimate(count, sum, squares)!.Value;
        Assert.Equal(rakedFull, raked.Design.Estimate(own, count.AsSpan(4, 4), sum.AsSpan(4, 4), squares.AsSpan(4, 4))!.Value);
    }

    [Fact]
    public void Raking_weights_are_table_B_and_the_estimates_equal_r_survey()
    {
        var raked = KaltonRaking();
        for (var c = 0; c < 12; c++)
        {
            Assert.Equal(TableB[c], Math.Round(raked.Design.Weights[c], 2));
        }

        Assert.InRange(raked.Iterations, 2, 1000);
        var (cells, y) = Units();
        // R: rake(dkalton, list(~a, ~b), ..., control = list(epsilon = 1e-12, maxit = 1000)); svymean(~y, drake, deff = "replace")
        var all = raked.Design.EstimateUnits(cells, y.Select(v => (double?)v).ToList())!.Value;
        Assert.Equal(5.6335293714074419, all.Mean, 1e-10);
        Assert.Equal(0.0663049294884624, all.Se, 1e-10);
        Assert.Equal(0.8897911932168757, all.Deff, 1e-8);

        // R: svyby(~y, ~b, drake, svymean)
        double[] means = [5.79674800062012, 5.78820635874569, 5.46163249722966], ses = [0.152948900673137, 0.127608341080560, 0.103333999730258];
        for (var b = 0; b < 3; b++)
        {
            var domain = raked.Design.EstimateUnits(cells, y.Select((v, i) => cells[i] / 4 == b ? v : (double?)null).ToList())!.Value;
            Assert.Equal(means[b], domain.Mean, 1e-10);
            Assert.Equal(ses[b], domain.Se, 1e-10);
        }
    }

    [Fact]
    public void Trimming_keeps_weights_inside_the_bounds_and_the_total()
    {
        var raked = KaltonRaking(new TrimBounds(0.8, 1.2));
        var weights = raked.Design.Weights;
        var total = weights.Select((w, c) => w * Sample[c]).Sum();
        Assert.Equal(1500, total, 1e-9);
        var mean = 1500.0 / Sample.Sum();
        Assert.All(weights, w => Assert.InRange(w, 0.8 * mean - 1e-9, 1.2 * mean + 1e-9));
        Assert.True(raked.TrimmedCells > 0);
    }

    [Fact]
    public void A_werkplein_with_any_stratum_below_the_minimum_merges_into_one_stratum()
    {
        var strata = PostStratification.Compute(
        [
            new FrameCell("WP-A", "WW", 40, 12), new FrameCell("WP-A", "AO", 30, 5),
            new FrameCell("WP-B", "WW", 40, 20), new FrameCell("WP-B", "AO", 10, 4),
            new FrameCell("WP-C", "WW", 40, 20), new FrameCell("WP-C", "geen", 3, 0),
            new FrameCell("WP-D", "totaal", 9, 2),
        ], minRespondents: 5);

        Assert.Equal(["WP-B", "WP-C"], strata.CollapsedWerkpleinen);
        Assert.Equal(40.0 / 12, strata.WeightOf("WP-A", "WW"));
        Assert.Equal(30.0 / 5, strata.WeightOf("WP-A", "AO"));
        Assert.Equal(50.0 / 24, strata.WeightOf("WP-B", "WW"));
        Assert.Equal(50.0 / 24, strata.WeightOf("WP-B", "AO"));
        Assert.Equal(43.0 / 20, strata.WeightOf("WP-C", "geen"));
        // One cell only (an employer round, or everybody in one group): nothing to merge, even below the minimum.
        Assert.Equal(9.0 / 2, strata.WeightOf("WP-D", "totaal"));
        Assert.Null(strata.WeightOf("WP-X", "WW"));
        Assert.Equal(5, strata.Strata.Count);
        Assert.Null(strata.Strata.Single(s => s.Werkplein == "WP-B").Group);
    }

    [Fact]
    public void A_category_without_population_and_margins_that_do_not_fit_are_errors()
    {
        var missing = Assert.Throws<WeightingException>(() => Raking.Rake([["x"], ["y"]], [3, 4],
            [new Margin("uitkering", new Dictionary<string, double> { ["x"] = 10 })], 1e-9, 100));
        Assert.Equal("Er zijn respondenten met uitkering 'y', maar het margebestand geeft daarvoor geen aantal.", missing.Message);

        // Both groups of one margin lie in one group of the other: totals 10 and 30 never agree.
        var conflict = Assert.Throws<WeightingException>(() => Raking.Rake([["x", "p"], ["y", "p"]], [3, 4],
            [
                new Margin("a", new Dictionary<string, double> { ["x"] = 5, ["y"] = 5 }),
                new Margin("b", new Dictionary<string, double> { ["p"] = 30 }),
            ], 1e-9, 50));
        Assert.Equal("De weging komt niet uit op de marges van a; controleer of de marges bij elkaar passen.", conflict.Message);
    }
}
