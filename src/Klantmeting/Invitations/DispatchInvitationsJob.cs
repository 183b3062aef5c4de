namespace Klantmeting.Invitations;

/// <summary>Hangfire job: sends what is due. Thin on purpose; safe to run twice and on several machines.</summary>
public sealed class DispatchInvitationsJob(InvitationDispatcher dispatcher) : Infrastructure.Jobs.IRecurringJob
{
    /// <summary>Sends one round of due invitations and reminders.</summary>
    public async Task RunAsync(CancellationToken ct) => await dispatcher.DispatchAsync(ct);
}
