using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>Every round with its state, dates and number of participants.</summary>
public class IndexModel(KlantmetingDbContext db) : PageModel
{
    public sealed record Row(Round Round, int Participants);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rounds = await db.Rounds.AsNoTracking().OrderByDescending(r => r.FieldworkStart).ThenBy(r => r.Name).ToListAsync(ct);
        // One grouped count for all rounds.
        var counts = await db.Participants.GroupBy(p => p.RoundId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Rows = rounds.Select(r => new Row(r, counts.GetValueOrDefault(r.Id))).ToList();
    }
}
