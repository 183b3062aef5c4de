namespace Klantmeting.Invitations;

/// <summary>
/// One kind of mail the dispatcher sends (invitations, reminders), kept as state on the invitation rows. Every step
/// is an atomic UPDATE guarded by the claim id of the batch, so two workers never send the same message twice and a
/// claim whose worker vanished is taken over after <see cref="InvitationOptions.ClaimLeaseSeconds"/>.
/// </summary>
internal interface IDispatchQueue
{
    /// <summary>Ids of at most <paramref name="limit"/> rows due now, in sending order.</summary>
    Task<List<long>> FindDueAsync(int limit, CancellationToken ct);

    /// <summary>
    /// Claims those of <paramref name="candidates"/> that are still due (another worker may have taken some) under a
    /// new claim id and returns what this batch now holds.
    /// </summary>
    Task<ClaimedBatch> ClaimAsync(List<long> candidates, CancellationToken ct);

    /// <summary>
    /// Renews the lease of every row still claimed by the batch in one statement; returns the ids still ours (all of
    /// <paramref name="owned"/> unless another worker took some over).
    /// </summary>
    Task<HashSet<long>> RenewAsync(Guid claimId, HashSet<long> owned, CancellationToken ct);

    /// <summary>
    /// Records that the server accepted these messages, all in one transaction. Not cancellable: the messages have left.
    /// </summary>
    Task MarkSentAsync(IReadOnlyList<DispatchItem> items, Guid claimId, SendStatements statements);

    /// <summary>Gives one refused message back: retried after a delay, or given up when <paramref name="giveUp"/> or out of attempts.</summary>
    Task ReleaseAsync(DispatchItem item, Guid claimId, string error, bool giveUp, CancellationToken ct);

    /// <summary>
    /// Gives back everything the batch still holds that was never handed to the server (it was down, or we are
    /// shutting down); that does not use up an attempt.
    /// </summary>
    Task ReleaseRestAsync(Guid claimId, string error, CancellationToken ct);
}

/// <summary>What one claim took: the messages to send and, of the claimed rows, those kept back unsent.</summary>
internal sealed record ClaimedBatch(Guid ClaimId, int Claimed, List<DispatchItem> Items, int Suppressed)
{
    public static readonly ClaimedBatch None = new(Guid.Empty, 0, [], 0);
}

/// <summary>
/// One message to send. <see cref="Reminder"/> is the number of the reminder (1, 2, ...), null for the invitation
/// itself; <see cref="Attempts"/> counts the attempts of that message.
/// </summary>
internal sealed record DispatchItem(long InvitationId, int Attempts, string Email, string WerkpleinName, int RoundId,
    string QuestionnaireId, DateOnly ClosesOn, string ReminderDays, DateTime? SentAt, int? Reminder, bool Partial);

/// <summary>Retry rules both queues share.</summary>
internal static class DispatchRetry
{
    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: doubling from the setting, at most an hour.</summary>
    public static TimeSpan Delay(InvitationOptions o, int attempts)
    {
        var seconds = o.RetryDelaySeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, 3600));
    }

    /// <summary>An error as stored in <see cref="Invitation.LastError"/> (at most 1,000 characters).</summary>
    public static string Truncate(string s) => s.Length <= 1000 ? s : s[..1000];
}
