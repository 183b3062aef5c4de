namespace Klantmeting.Weighting;

/// <summary>A population margin: one variable (<c>werkplein</c> or an attribute id) and the population of each of its categories.</summary>
/// <param name="Variable">The variable.</param>
/// <param name="Populations">Population per category.</param>
public sealed record Margin(string Variable, IReadOnlyDictionary<string, double> Populations);

/// <summary>The outcome of <see cref="Raking.Rake"/>: the design, the passes over the margins and how many cells were trimmed.</summary>
/// <param name="Design">Weights per cell of the cross table, with the raking margins for the variance.</param>
/// <param name="Iterations">Passes over all margins until no cell moved by more than the tolerance.</param>
/// <param name="TrimmedCells">Cells whose weight was cut to a trimming bound.</param>
public sealed record RakingResult(WeightedDesign Design, int Iterations, int TrimmedCells);

/// <summary>Trimming bounds as multiples of the mean weight (population / respondents): weights outside are cut to the bound.</summary>
/// <param name="Lower">Lowest weight, e.g. 0.3 × the mean weight.</param>
/// <param name="Upper">Highest weight, e.g. 3 × the mean weight.</param>
public readonly record struct TrimBounds(double Lower, double Upper);

/// <summary>
/// Raking (iterative proportional fitting) as R <c>survey</c>'s <c>rake</c>: starting from weight 1, each pass
/// post-stratifies on every margin in turn; it stops when no cell of the cross table of all margin variables changed
/// by more than <c>tolerance</c> × respondents in the last pass (R's <c>epsilon</c> below 1). Each cell of the cross
/// table is one stratum of the design (its respondents share one weight).
/// </summary>
public static class Raking
{
    /// <summary>Rakes the cells to the margins.</summary>
    /// <param name="categories">Per cell of the cross table: its category per margin, in the order of <paramref name="margins"/>.</param>
    /// <param name="respondents">Respondents per cell.</param>
    /// <param name="margins">The population margins, fitted in this order.</param>
    /// <param name="tolerance">Relative convergence tolerance.</param>
    /// <param name="maxIterations">Most passes.</param>
    /// <param name="trim">Optional bounds, applied once after convergence with the cut weight spread over the other cells (the total is kept).</param>
    /// <exception cref="WeightingException">A cell's category has no population, or raking did not converge.</exception>
    public static RakingResult Rake(IReadOnlyList<IReadOnlyList<string>> categories, IReadOnlyList<int> respondents,
        IReadOnlyList<Margin> margins, double tolerance, int maxIterations, TrimBounds? trim = null)
    {
        var cells = respondents.Count;
        var groupOf = margins.Select((m, k) => GroupIndexes(categories, m, k)).ToArray();
        var populations = margins.Select((m, k) => groupOf[k].Names.Select(c => m.Populations[c]).ToArray()).ToArray();
        var weights = Enumerable.Repeat(1.0, cells).ToArray();
        var marginWeights = margins.Select(_ => new double[cells]).ToArray();
        var epsilon = tolerance * respondents.Sum();
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            var before = (double[])weights.Clone();
            for (var k = 0; k < margins.Count; k++)
            {
                FitMargin(weights, respondents, groupOf[k].Of, populations[k]);
                weights.CopyTo(marginWeights[k], 0);
            }

            var delta = 0.0;
            for (var s = 0; s < cells; s++)
            {
                delta = Math.Max(delta, Math.Abs((weights[s] - before[s]) * respondents[s]));
            }

            if (delta < epsilon)
            {
                // A stable table can still miss a margin (groups that no respondent links): not a weighting.
                for (var k = 0; k < margins.Count; k++)
                {
                    if (MarginGap(weights, respondents, groupOf[k].Of, populations[k]) >= epsilon)
                    {
                        throw new WeightingException(
                            $"De weging komt niet uit op de marges van {margins[k].Variable}; controleer of de marges bij elkaar passen.");
                    }
                }

                var trimmed = trim is { } bounds ? Trim(weights, respondents, bounds) : 0;
                var design = new WeightedDesign(weights, respondents,
                    margins.Select((_, k) => new RakingMargin(groupOf[k].Names.Count, groupOf[k].Of, marginWeights[k])).ToList());
                return new RakingResult(design, iteration, trimmed);
            }
        }

        throw new WeightingException($"De weging op de marges komt na {maxIterations} rondes niet tot rust; controleer of de marges bij elkaar passen.");
    }

    /// <summary>The largest difference between a group's weighted respondents and its population.</summary>
    private static double MarginGap(double[] weights, IReadOnlyList<int> respondents, int[] groupOf, double[] population)
    {
        var totals = new double[population.Length];
        for (var s = 0; s < weights.Length; s++)
        {
            totals[groupOf[s]] += weights[s] * respondents[s];
        }

        return totals.Select((t, g) => Math.Abs(t - population[g])).DefaultIfEmpty(0).Max();
    }

    /// <summary>Post-stratifies the weights on one margin: each group's weighted respondents become its population.</summary>
    private static void FitMargin(double[] weights, IReadOnlyList<int> respondents, int[] groupOf, double[] population)
    {
        var totals = new double[population.Length];
        for (var s = 0; s < weights.Length; s++)
        {
            totals[groupOf[s]] += weights[s] * respondents[s];
        }

        for (var s = 0; s < weights.Length; s++)
        {
            if (totals[groupOf[s]] > 0)
            {
                weights[s] *= population[groupOf[s]] / totals[groupOf[s]];
            }
        }
    }

    private static (List<string> Names, int[] Of) GroupIndexes(IReadOnlyList<IReadOnlyList<string>> categories, Margin margin, int k)
    {
        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var of = new int[categories.Count];
        for (var s = 0; s < categories.Count; s++)
        {
            var category = categories[s][k];
            if (!margin.Populations.ContainsKey(category))
            {
                throw new WeightingException($"Er zijn respondenten met {margin.Variable} '{category}', maar het margebestand geeft daarvoor geen aantal.");
            }

            if (!index.TryGetValue(category, out var g))
            {
                index[category] = g = names.Count;
                names.Add(category);
            }

            of[s] = g;
        }

        return (names, of);
    }

    /// <summary>Cuts weights to the bounds (multiples of the mean weight) and spreads what was cut over the other cells, until none is outside.</summary>
    private static int Trim(double[] weights, IReadOnlyList<int> respondents, TrimBounds bounds)
    {
        var total = weights.Select((w, s) => w * respondents[s]).Sum();
        var mean = total / respondents.Sum();
        double low = bounds.Lower * mean, high = bounds.Upper * mean;
        var fixedCells = new bool[weights.Length];
        for (var round = 0; round < weights.Length; round++)
        {
            var changed = false;
            for (var s = 0; s < weights.Length; s++)
            {
                if (!fixedCells[s] && (weights[s] > high || weights[s] < low))
                {
                    weights[s] = Math.Clamp(weights[s], low, high);
                    fixedCells[s] = changed = true;
                }
            }

            if (!changed)
            {
                break;
            }

            double fixedTotal = 0, freeTotal = 0;
            for (var s = 0; s < weights.Length; s++)
            {
                (fixedCells[s] ? ref fixedTotal : ref freeTotal) += weights[s] * respondents[s];
            }

            var factor = freeTotal > 0 ? (total - fixedTotal) / freeTotal : 1;
            for (var s = 0; s < weights.Length; s++)
            {
                weights[s] *= fixedCells[s] ? 1 : factor;
            }
        }

        return fixedCells.Count(f => f);
    }
}

/// <summary>Weighting is not possible with these data or this margins file; the Dutch message says why.</summary>
public sealed class WeightingException(string message) : Exception(message);
