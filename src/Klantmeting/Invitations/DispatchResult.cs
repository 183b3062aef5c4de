namespace Klantmeting.Invitations;

/// <summary>Counts of one dispatch run.</summary>
public sealed record DispatchResult(int Claimed, int Sent, int Failed)
{
    /// <summary>True when the mail server could not be reached; the claimed rows went back to pending.</summary>
    public bool Unavailable { get; init; }

    /// <summary>True when the run stopped because it is outside the sending window; everything waits.</summary>
    public bool OutsideWindow { get; init; }

    /// <summary>True when the run stopped at <see cref="InvitationOptions.MaxPerMinute"/>; the rest waits.</summary>
    public bool Throttled { get; init; }

    /// <summary>
    /// True when rows were due but other workers claimed them all first: the run goes on with the next ones instead of
    /// stopping, so several workers share a large round to its end.
    /// </summary>
    public bool Contended { get; init; }

    /// <summary>Of <see cref="Sent"/>, the reminders.</summary>
    public int RemindersSent { get; init; }

    /// <summary>Invitations not sent because the address opted out in an earlier round.</summary>
    public int Suppressed { get; init; }

    /// <summary>The counts of this run and <paramref name="other"/> together.</summary>
    public DispatchResult Add(DispatchResult other) =>
        new(Claimed + other.Claimed, Sent + other.Sent, Failed + other.Failed)
        {
            Unavailable = Unavailable || other.Unavailable,
            OutsideWindow = OutsideWindow || other.OutsideWindow,
            Throttled = Throttled || other.Throttled,
            RemindersSent = RemindersSent + other.RemindersSent,
            Suppressed = Suppressed + other.Suppressed,
        };
}
