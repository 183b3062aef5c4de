namespace Klantmeting.Bounces;

/// <summary>Hangfire job: reads the bounce mailbox. Thin on purpose; safe to run twice and on several machines.</summary>
public sealed class ProcessBouncesJob(BounceMailbox mailbox) : Infrastructure.Jobs.IRecurringJob
{
    /// <summary>Reads and handles one batch of bounce reports.</summary>
    public async Task RunAsync(CancellationToken ct) => await mailbox.ProcessAsync(ct);
}
