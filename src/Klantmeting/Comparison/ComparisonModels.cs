using Klantmeting.Results;
using Klantmeting.Rounds;

namespace Klantmeting.Comparison;

/// <summary>Compare nationally (NL only) or every Werkplein at once (with NL as reference).</summary>
public enum ComparisonScope
{
    /// <summary>Only the national figures (NL).</summary>
    National,
    /// <summary>Every Werkplein, with NL beside it as the reference.</summary>
    Werkpleinen,
}

/// <summary>A chosen round, oldest first in a <see cref="RoundComparison"/>.</summary>
public sealed record ComparedRound(string Name, string QuestionnaireId, string Audience, DateOnly FieldworkStart, DateOnly FieldworkEnd, RoundState State);

/// <summary>Why a change between two rounds was or was not tested.</summary>
public enum ChangeStatus
{
    /// <summary>Welch's t-test was done.</summary>
    Tested,

    /// <summary>A cell is below the minimum cell size (or has no respondents): never compared.</summary>
    Suppressed,

    /// <summary>The Werkplein took no part in one of the two rounds.</summary>
    Missing,

    /// <summary>The test is not defined (no variation in either round, or fewer than two respondents).</summary>
    NotDefined,

    /// <summary>The measure was redefined between the two rounds (a <c>changed</c> link): never tested across.</summary>
    Redefined,
}

/// <summary>
/// The change of one measure from one round to the next (later minus earlier). <see cref="HolmP"/> is adjusted
/// over every Werkplein tested for this measure and pair of rounds (for NL, a family of one: equal to p).
/// </summary>
public sealed record Change(string FromRound, string ToRound, ChangeStatus Status, WelchTest? Test, double? HolmP)
{
    /// <summary>Significance level of the marks.</summary>
    public const double Alpha = 0.05;

    /// <summary>A significant change at 5% after Holm's adjustment.</summary>
    public bool Significant => Status == ChangeStatus.Tested && HolmP < Alpha;
}

/// <summary>One measure of one Werkplein (or NL): its cell in each round (null when absent) and the change between consecutive rounds.</summary>
public sealed record ComparisonRow(string Werkplein, string WerkpleinName, MatchedMeasure Measure, IReadOnlyList<ResultCell?> Cells, IReadOnlyList<Change> Changes);

/// <summary>A Werkplein's position in the ranking of one measure in the latest round (suppressed cells are counted apart, not ranked).</summary>
public sealed record RankedWerkplein(int Rank, string Werkplein, string WerkpleinName, int N, double Mean, double CiLow, double CiHigh);

/// <summary>The full comparison of two or more rounds of one audience; <c>Weighted</c>: the cells are post-stratified and the tests use their SEs.</summary>
public sealed record RoundComparison(
    IReadOnlyList<ComparedRound> Rounds,
    ComparisonScope Scope,
    IReadOnlyList<MatchedMeasure> Measures,
    IReadOnlyList<UnmatchedPrinciple> Unmatched,
    IReadOnlyList<ComparisonRow> Rows,
    IReadOnlyList<ResultCell> UnmatchedCells,
    int MinimumCellSize,
    bool Weighted = false)
{
    /// <summary>The rows of NL (present in either scope).</summary>
    public IEnumerable<ComparisonRow> National => Rows.Where(r => r.Werkplein == ResultsService.National);

    /// <summary>
    /// The Werkpleinen ranked by their mean on <paramref name="measureId"/> in the latest round, highest first, with
    /// their intervals; and how many Werkpleinen were left out because their cell is below the minimum.
    /// </summary>
    public (IReadOnlyList<RankedWerkplein> Ranked, int Suppressed) Ranking(string measureId)
    {
        var rows = Rows.Where(r => r.Werkplein != ResultsService.National && r.Measure.Id == measureId && r.Cells[^1] is not null).ToList();
        var shown = rows.Select(r => r.Cells[^1]!).Where(c => c is { Suppressed: false, Mean: not null, CiLow: not null, CiHigh: not null }).ToList();
        var names = rows.ToDictionary(r => r.Werkplein, r => r.WerkpleinName, StringComparer.Ordinal);
        var ranked = shown.OrderByDescending(c => c.Mean).ThenBy(c => c.Werkplein, StringComparer.Ordinal)
            .Select((c, i) => new RankedWerkplein(i + 1, c.Werkplein, names[c.Werkplein], c.N!.Value, c.Mean!.Value, c.CiLow!.Value, c.CiHigh!.Value))
            .ToList();
        return (ranked, rows.Count - shown.Count);
    }
}

/// <summary>Rounds that cannot be compared; the message (Dutch) says what to choose instead.</summary>
public sealed class ComparisonException(string message) : Exception(message);
