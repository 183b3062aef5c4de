using Klantmeting.Rounds;

namespace Klantmeting.Bounces;

/// <summary>At close: soft bounces that were never delivered afterwards become hard (AAPOR 3.30), before the results freeze.</summary>
public sealed class FinalizeSoftBouncesClosingStep(BounceService bounces) : IRoundClosingStep
{
    /// <inheritdoc/>
    public int Order => RoundClosingOrder.Bounces;

    /// <inheritdoc/>
    public Task RunAsync(int roundId, CancellationToken ct) => bounces.FinalizeSoftBouncesAsync(roundId, ct);
}
