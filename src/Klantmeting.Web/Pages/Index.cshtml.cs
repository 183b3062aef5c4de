using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages;

/// <summary>Start page: the rounds with their fieldwork counts (aggregates only, no personal data).</summary>
public class IndexModel(KlantmetingDbContext db) : PageModel
{
    public bool ShowRounds { get; private set; }

    public bool IsWerkpleinUser { get; private set; }

    public IReadOnlyList<RoundSummary> Rounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ShowRounds = User.IsInRole(Klantmeting.Users.Roles.Beheerder);
        IsWerkpleinUser = User.IsInRole(Klantmeting.Users.Roles.Werkplein);
        if (!ShowRounds)
        {
            return;
        }

        // One grouped query per table; counts happen in the database.
        var rounds = await db.Rounds.OrderByDescending(r => r.FieldworkStart).ThenBy(r => r.Name).ToListAsync(ct);
        var invitations = await db.Invitations.GroupBy(i => new { i.RoundId, i.State })
            .Select(g => new { g.Key.RoundId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var responses = await db.Responses.GroupBy(r => r.RoundId)
            .Select(g => new { RoundId = g.Key, Started = g.Count(), Completed = g.Count(r => r.CompletedAt != null) })
            .ToListAsync(ct);
        Rounds = rounds.Select(r => new RoundSummary(
            r.Name, r.QuestionnaireId, r.State, r.FieldworkStart, r.FieldworkEnd,
            invitations.Where(i => i.RoundId == r.Id).Sum(i => i.Count),
            invitations.Where(i => i.RoundId == r.Id && i.State == InvitationState.Sent).Sum(i => i.Count),
            responses.FirstOrDefault(x => x.RoundId == r.Id)?.Started ?? 0,
            responses.FirstOrDefault(x => x.RoundId == r.Id)?.Completed ?? 0,
            r.SendingPaused)).ToList();
    }
}

/// <summary>Counts of one round for the start page.</summary>
public sealed record RoundSummary(string Name, string QuestionnaireId, RoundState State, DateOnly From, DateOnly To,
    int Invitations, int Sent, int Started, int Completed, bool Paused);
