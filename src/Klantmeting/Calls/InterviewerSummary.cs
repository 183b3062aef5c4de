namespace Klantmeting.Calls;

/// <summary>What one interviewer did in a round: calls, interviews and the average length of a call.</summary>
/// <param name="Email">The interviewer's sign-in address.</param>
/// <param name="Calls">Calls recorded (every outcome).</param>
/// <param name="Interviews">Calls that became an interview.</param>
/// <param name="AverageMinutes">Average time from taking the participant to recording the outcome, in minutes; null without calls.</param>
public sealed record InterviewerSummary(string Email, int Calls, int Interviews, double? AverageMinutes);

/// <summary>Reads the per-interviewer summary of a round in one streaming pass over its calls.</summary>
public sealed class InterviewerSummaries(KlantmetingDbContext db)
{
    /// <summary>One row per interviewer assigned to the round or with calls in it, by e-mail address.</summary>
    public async Task<IReadOnlyList<InterviewerSummary>> ForRoundAsync(int roundId, CancellationToken ct = default)
    {
        var totals = new Dictionary<string, (int Calls, int Interviews, double Seconds)>();
        await foreach (var a in db.CallAttempts.AsNoTracking().Where(a => a.RoundId == roundId)
                           .Select(a => new { a.InterviewerId, a.Outcome, a.StartedAt, a.EndedAt }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var t = totals.GetValueOrDefault(a.InterviewerId);
            totals[a.InterviewerId] = (t.Calls + 1, t.Interviews + (a.Outcome == CallOutcome.Interview ? 1 : 0), t.Seconds + (a.EndedAt - a.StartedAt).TotalSeconds);
        }

        var assigned = await db.RoundInterviewers.Where(i => i.RoundId == roundId).Select(i => i.UserId).ToListAsync(ct);
        var ids = assigned.Union(totals.Keys).ToList();
        var emails = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
        return ids.Select(id =>
            {
                var t = totals.GetValueOrDefault(id);
                return new InterviewerSummary(emails.GetValueOrDefault(id, "(verwijderde gebruiker)"), t.Calls, t.Interviews,
                    t.Calls == 0 ? null : t.Seconds / t.Calls / 60);
            })
            .OrderBy(s => s.Email, StringComparer.Ordinal).ToList();
    }
}
