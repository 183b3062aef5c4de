namespace Klantmeting.Weighting;

/// <summary>One cell of the frame: a Werkplein and a group (an uitkering value, or <c>totaal</c> when there is no benefit attribute).</summary>
/// <param name="Werkplein">Werkplein code.</param>
/// <param name="Group">The group within the Werkplein.</param>
/// <param name="Population">Invited participants of the cell (the frame count).</param>
/// <param name="Respondents">Complete and partial responses of the cell.</param>
public readonly record struct FrameCell(string Werkplein, string Group, int Population, int Respondents);

/// <summary>A post-stratum: a frame cell, or a whole Werkplein when its cells were merged.</summary>
/// <param name="Werkplein">Werkplein code.</param>
/// <param name="Group">The group, or null for a merged Werkplein.</param>
/// <param name="Population">Invited participants.</param>
/// <param name="Respondents">Respondents.</param>
public sealed record PostStratum(string Werkplein, string? Group, int Population, int Respondents)
{
    /// <summary>Population / respondents: how many invited participants each respondent stands for; 0 without respondents.</summary>
    public double Weight => Respondents > 0 ? (double)Population / Respondents : 0;
}

/// <summary>
/// Post-stratification to the frame: weight = frame count / respondents of the stratum. Collapsing rule: when any
/// cell of a Werkplein has fewer than <c>minRespondents</c> respondents (zero included), all cells of that Werkplein
/// merge into one stratum. A Werkplein without any respondent keeps a stratum without weight (its invited
/// participants are nobody's weight; R's <c>postStratify(partial = TRUE)</c> does the same).
/// </summary>
public sealed class PostStratification
{
    private readonly Dictionary<(string, string), int> _stratumOf;

    private PostStratification(IReadOnlyList<PostStratum> strata, IReadOnlyList<string> collapsed, Dictionary<(string, string), int> stratumOf)
    {
        Strata = strata;
        CollapsedWerkpleinen = collapsed;
        _stratumOf = stratumOf;
        Design = new WeightedDesign(strata.Select(s => s.Weight).ToList(), strata.Select(s => s.Respondents).ToList());
    }

    /// <summary>The strata, by Werkplein in the order first seen, then group.</summary>
    public IReadOnlyList<PostStratum> Strata { get; }

    /// <summary>The Werkpleinen whose cells were merged, in order.</summary>
    public IReadOnlyList<string> CollapsedWerkpleinen { get; }

    /// <summary>The strata with their weights, for the estimates.</summary>
    public WeightedDesign Design { get; }

    /// <summary>The stratum of a respondent in cell (<paramref name="werkplein"/>, <paramref name="group"/>), or -1 for a cell outside the frame.</summary>
    public int StratumOf(string werkplein, string group) => _stratumOf.GetValueOrDefault((werkplein, group), -1);

    /// <summary>The weight of a respondent in cell (<paramref name="werkplein"/>, <paramref name="group"/>), or null outside the frame.</summary>
    public double? WeightOf(string werkplein, string group) => StratumOf(werkplein, group) is >= 0 and var s ? Strata[s].Weight : null;

    /// <summary>Builds the strata from the frame cells (a Werkplein's cells together, in any order).</summary>
    /// <exception cref="ArgumentException">A cell has more respondents than invited participants, or occurs twice.</exception>
    public static PostStratification Compute(IEnumerable<FrameCell> cells, int minRespondents)
    {
        var strata = new List<PostStratum>();
        var collapsed = new List<string>();
        var stratumOf = new Dictionary<(string, string), int>();
        foreach (var werkplein in cells.GroupBy(c => c.Werkplein, StringComparer.Ordinal))
        {
            var own = werkplein.ToList();
            foreach (var cell in own)
            {
                if (cell.Respondents > cell.Population || cell.Respondents < 0)
                {
                    throw new ArgumentException($"Cell {cell.Werkplein}/{cell.Group}: {cell.Respondents} respondents of {cell.Population}.", nameof(cells));
                }

                if (stratumOf.ContainsKey((cell.Werkplein, cell.Group)))
                {
                    throw new ArgumentException($"Cell {cell.Werkplein}/{cell.Group} occurs twice.", nameof(cells));
                }

                stratumOf[(cell.Werkplein, cell.Group)] = -1;
            }

            if (own.Count > 1 && own.Any(c => c.Respondents < minRespondents))
            {
                collapsed.Add(werkplein.Key);
                foreach (var cell in own)
                {
                    stratumOf[(cell.Werkplein, cell.Group)] = strata.Count;
                }

                strata.Add(new PostStratum(werkplein.Key, null, own.Sum(c => c.Population), own.Sum(c => c.Respondents)));
                continue;
            }

            foreach (var cell in own)
            {
                stratumOf[(cell.Werkplein, cell.Group)] = strata.Count;
                strata.Add(new PostStratum(cell.Werkplein, own.Count == 1 ? null : cell.Group, cell.Population, cell.Respondents));
            }
        }

        return new PostStratification(strata, collapsed, stratumOf);
    }
}
