using Klantmeting.Infrastructure.Data;
using Klantmeting.Landkaart;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Tests.Landkaart;

/// <summary>Accepted Landkaart submissions written straight into the database, for result and report tests.</summary>
internal static class LandkaartSeed
{
    /// <summary>
    /// An accepted submission of <paramref name="werkpleinCode"/> in <paramref name="tertaal"/> from 14 letters
    /// R(ood), O(ranje), B(lauw), G(roen), milestone 1 first.
    /// </summary>
    public static async Task AcceptedAsync(KlantmetingDbContext db, string werkpleinCode, Tertaal tertaal, string letters)
    {
        var werkplein = await db.Werkpleinen.SingleAsync(w => w.Code == werkpleinCode);
        var at = tertaal.LastDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        db.LandkaartSubmissions.Add(new LandkaartSubmission
        {
            WerkpleinId = werkplein.Id, Year = tertaal.Year, TertaalNumber = tertaal.Number, LandkaartId = "suwi-2008",
            State = SubmissionState.Accepted, UpdatedAt = at, SubmittedAt = at, ReviewedAt = at,
            Answers = [.. letters.Select((c, i) => new LandkaartAnswer
            {
                Milestone = i + 1,
                Level = c switch { 'R' => "rood", 'O' => "oranje", 'B' => "blauw", _ => "groen" },
                Explanation = c == 'R' ? null : $"Toelichting {i + 1}",
            })],
        });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}
