using Klantmeting.Rounds;

namespace Klantmeting.Results;

/// <summary>
/// The frozen results of a closed round: cells, response rates and fieldwork curve as computed at close (or at the
/// last import into the closed round), serialized as JSON. Exports and pages of a closed round come from here.
/// Aggregates only: no contact data and nothing about one person.
/// </summary>
public class RoundResultSnapshot
{
    /// <summary>Written when the round closed.</summary>
    public const string ReasonClose = "close";

    /// <summary>Rewritten after <c>responses import</c> into the closed round.</summary>
    public const string ReasonImport = "import";

    /// <summary>The round (one snapshot per round).</summary>
    public int RoundId { get; set; }

    /// <summary>When the figures were computed (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Why it was written: <see cref="ReasonClose"/> or <see cref="ReasonImport"/>.</summary>
    public required string Reason { get; set; }

    /// <summary>JSON of the cells, response-rate rows and curve.</summary>
    public required string Figures { get; set; }
}

/// <summary>Closing step: freezes the results, last of all steps.</summary>
public sealed class FreezeResultsClosingStep(ResultsService results) : IRoundClosingStep
{
    /// <inheritdoc/>
    public int Order => RoundClosingOrder.FreezeResults;

    /// <inheritdoc/>
    public Task RunAsync(int roundId, CancellationToken ct) => results.FreezeAsync(roundId, RoundResultSnapshot.ReasonClose, ct);
}
