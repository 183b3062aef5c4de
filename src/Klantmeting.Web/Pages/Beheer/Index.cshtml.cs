using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer;

/// <summary>
/// The AKO start page: every round with its state, dates, live response rate (RR1), what happens next and what needs
/// attention. A few grouped queries over the rounds that are not closed (no per-round result computation), so it stays
/// fast at 1M invitations; a closed round's counts come from its frozen figures (as on its results page), so years of
/// closed rounds cost nothing.
/// </summary>
public class IndexModel(KlantmetingDbContext db, ISurveyCatalog surveys, ResultsService results, TimeProvider clock) : PageModel
{
    /// <summary>Bounces above this share of the sent invitations get a warning.</summary>
    public const double BounceWarningShare = 0.05;

    /// <summary>Sending errors this recent get a warning.</summary>
    public static readonly TimeSpan ErrorWindow = TimeSpan.FromHours(1);

    public IReadOnlyList<RoundOverview> Rounds { get; private set; } = [];

    /// <summary>Today in the Netherlands.</summary>
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Today = Infrastructure.Dutch.Day(now);
        var rounds = await db.Rounds.AsNoTracking()
            .OrderBy(r => r.State == RoundState.Closed).ThenByDescending(r => r.FieldworkStart).ThenBy(r => r.Name)
            .ToListAsync(ct);

        // A closed round whose figures are frozen: its counts are the frozen NL totals, not a count over its rows.
        var frozen = new Dictionary<int, ResponseRateRow>();
        foreach (var r in rounds.Where(r => r.State == RoundState.Closed && r.CloseCompletedAt is not null))
        {
            if ((await results.ComputeResponseRatesAsync(r.Name, ct)).FirstOrDefault(x => x.Werkplein == ResultKeys.National && x.Breakdown == ResultKeys.Total) is { } total)
            {
                frozen[r.Id] = total;
            }
        }

        var live = rounds.Where(r => !frozen.ContainsKey(r.Id)).Select(r => r.Id).ToList();

        // 1. Invitations per round and state; how many of them went out.
        var invitations = await db.Invitations.Where(i => live.Contains(i.RoundId)).GroupBy(i => new { i.RoundId, i.State })
            .Select(g => new { g.Key.RoundId, g.Key.State, Count = g.Count(), Sent = g.Count(i => i.SentAt != null) })
            .ToListAsync(ct);

        // 2. Responses per round and number of answered items (statements plus the grade): a complete response (AAPOR
        // 1.1, >= 80% of the items) is decided from these few groups, as the results pages decide it per response.
        var answered = await db.Responses.Where(r => live.Contains(r.RoundId))
            .Select(r => new { r.RoundId, Answered = r.Scores.Sum(s => s.Answered) + (r.Grade == null ? 0 : 1) })
            .GroupBy(x => new { x.RoundId, x.Answered })
            .Select(g => new { g.Key.RoundId, g.Key.Answered, Count = g.Count() })
            .ToListAsync(ct);

        // 3. Open rounds only: the next reminder, and sending errors of the last hour. A failed attempt sets the next
        // attempt (or reminder) after the moment of the error, so "next attempt >= an hour ago" covers every recent one.
        var open = rounds.Where(r => r.State == RoundState.Open).Select(r => r.Id).ToList();
        var reminders = open.Count == 0 ? [] : await db.Invitations
            .Where(i => open.Contains(i.RoundId) && i.State == InvitationState.Sent && i.NextReminderAt != null)
            .GroupBy(i => new { i.RoundId, i.RemindersSent })
            .Select(g => new { g.Key.RoundId, g.Key.RemindersSent, Next = g.Min(i => i.NextReminderAt) })
            .ToListAsync(ct);
        var since = now - ErrorWindow;
        var errors = open.Count == 0 ? [] : await db.Invitations
            .Where(i => open.Contains(i.RoundId) && i.LastError != null
                && (((i.State == InvitationState.Pending || i.State == InvitationState.Failed) && i.NextAttemptAt >= since)
                    || (i.State == InvitationState.Sent && i.NextReminderAt >= since)))
            .GroupBy(i => i.RoundId)
            .Select(g => new { RoundId = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        Rounds = rounds.Select(r =>
        {
            if (frozen.TryGetValue(r.Id, out var total))
            {
                return new RoundOverview(r, total.Invited, total.Sent, Pending: total.NotSent, total.Bounced, total.Complete, NextReminder: null, RecentErrors: 0);
            }

            var states = invitations.Where(i => i.RoundId == r.Id).ToList();
            int Count(InvitationState s) => states.Where(i => i.State == s).Sum(i => i.Count);
            var applicable = surveys.Find(r.QuestionnaireId) is { } survey ? Dispositions.ApplicableItems(survey) : (int?)null;
            var complete = applicable is { } a
                ? answered.Where(x => x.RoundId == r.Id && Dispositions.OfResponse(x.Answered, a) == Disposition.Complete).Sum(x => x.Count)
                : (int?)null;
            var next = reminders.Where(x => x.RoundId == r.Id && x.Next != null).OrderBy(x => x.Next).FirstOrDefault();
            return new RoundOverview(r,
                Invitations: states.Sum(i => i.Count),
                Sent: states.Sum(i => i.Sent),
                Pending: Count(InvitationState.Pending) + Count(InvitationState.Claimed),
                Bounced: Count(InvitationState.Bounced),
                Complete: complete,
                NextReminder: next is null ? null : (next.RemindersSent + 1, next.Next!.Value),
                RecentErrors: errors.FirstOrDefault(e => e.RoundId == r.Id)?.Count ?? 0);
        }).ToList();
    }
}

/// <summary>One line of the overview: a round and its counts.</summary>
/// <param name="Complete">Complete responses (AAPOR 1.1); null when the round's questionnaire is not installed.</param>
/// <param name="NextReminder">The earliest planned reminder: its number (1-based) and when it is due (UTC).</param>
/// <param name="RecentErrors">Invitations with a sending error in the last hour.</param>
public sealed record RoundOverview(Round Round, int Invitations, int Sent, int Pending, int Bounced, int? Complete,
    (int Number, DateTime At)? NextReminder, int RecentErrors)
{
    /// <summary>AAPOR RR1: complete responses / every invitation of the sample; null when nobody is in the sample.</summary>
    public double? Rr1 => Invitations == 0 || Complete is null ? null : (double)Complete.Value / Invitations;

    /// <summary>Bounces as a share of the sent invitations; null before anything was sent.</summary>
    public double? BounceShare => Sent == 0 ? null : (double)Bounced / Sent;
}
