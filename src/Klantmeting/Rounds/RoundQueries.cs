namespace Klantmeting.Rounds;

/// <summary>Shared round filters, so every sender asks the same question.</summary>
public static class RoundQueries
{
    /// <summary>Rounds whose mail may go out now: open and not paused. Invitations and reminders both use this.</summary>
    public static IQueryable<Round> Sending(this IQueryable<Round> rounds) =>
        rounds.Where(r => r.State == RoundState.Open && !r.SendingPaused);
}
