namespace Klantmeting.Rounds;

/// <summary>
/// Work that runs when a round closes, by hand (<c>rounds close</c>) or by its dates: after the state became
/// <see cref="RoundState.Closed"/> and before <see cref="Round.CloseCompletedAt"/> is set. Steps run in
/// <see cref="Order"/>; register an implementation as a scoped <c>IRoundClosingStep</c> service.
/// </summary>
/// <remarks>
/// A step must be idempotent and safe on two workers at once: when a process dies halfway, the scheduler job runs
/// every step again for a closed round whose <see cref="Round.CloseCompletedAt"/> is still empty.
/// An exception leaves the closing unfinished; it is retried on the next scheduler run.
/// Extension point for the bounce feature: a step with <see cref="RoundClosingOrder.Bounces"/> that calls
/// <c>BounceService.FinalizeSoftBouncesAsync(roundId)</c>, so soft bounces still undelivered at close become 3.30
/// before the results are frozen.
/// </remarks>
public interface IRoundClosingStep
{
    /// <summary>Lower runs first; see <see cref="RoundClosingOrder"/>.</summary>
    int Order { get; }

    /// <summary>Does this step's work for the closed round <paramref name="roundId"/>.</summary>
    Task RunAsync(int roundId, CancellationToken ct);
}

/// <summary>Order of the known closing steps.</summary>
public static class RoundClosingOrder
{
    /// <summary>Final dispositions of deliveries (soft bounces still undelivered become 3.30).</summary>
    public const int Bounces = 100;

    /// <summary>Freezing the results: last, so it sees every final disposition.</summary>
    public const int FreezeResults = 1000;
}
