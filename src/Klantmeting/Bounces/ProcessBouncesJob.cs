namespace Klantmeting.Bounces;

/// <summary>Hangfire job: reads the bounce mailbox. Thin on purpose; safe to run twice and on several machines.</summary>
public sealed class ProcessBouncesJob(BounceMailbox mailbox)
{
    public async Task RunAsync(CancellationToken ct) => await mailbox.ProcessAsync(ct);
}
