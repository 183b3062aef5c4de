namespace Klantmeting.Rounds;

/// <summary>Shared round filters, so every sender asks the same question.</summary>
public static class RoundQueries
{
    /// <summary>
    /// Rounds whose mail may go out now: open, not paused, and web or mixed (telephone and paper rounds e-mail
    /// nothing; their invitations only carry the disposition). Invitations and reminders both use this.
    /// </summary>
    public static IQueryable<Round> Sending(this IQueryable<Round> rounds) =>
        rounds.Where(r => r.State == RoundState.Open && !r.SendingPaused && (r.Mode == RoundMode.Web || r.Mode == RoundMode.Gemengd));
}
