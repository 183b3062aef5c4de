using Klantmeting.Infrastructure.Data;
using Klantmeting.Participants;
using Klantmeting.Surveys;
using Klantmeting.Tests.Comparison;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Tests.Reports;

/// <summary>
/// Two job-seeker rounds (werkzoekenden-2009, closed) where every respondent has a benefit (<c>uitkering</c>), written
/// out by hand as (Werkplein, grade, how many, benefit); no contact-person attribute. The minimum cell size is 10.
/// <list type="bullet">
/// <item>"Voorjaar 2009" (T2): WP-A ten 6 (WW), ten 7 (WWB); WP-B ten 8 (AO), three 5 (geen).</item>
/// <item>"Najaar 2009" (T3): WP-A six 7 and six 8 (WW), four 5 and seven 8 (WWB); WP-B five 6, five 7 and three 8 (AO),
/// four 8 (geen: 4, below the minimum).</item>
/// </list>
/// The expected figures are computed from <see cref="Spring"/> and <see cref="Autumn"/> in the tests, and by hand:
/// T3 WW (6x7 + 6x8) / 12 = 7,5; WWB (4x5 + 7x8) / 11 = 76/11 = 6,91 -> "6,9"; AO (5x6 + 5x7 + 3x8) / 13 = 89/13 = 6,85
/// -> "6,8"; geen suppressed. T2 WW 6,0; WWB 7,0; AO 8,0; geen (3) suppressed.
/// </summary>
internal static class TertaalBenefitSeed
{
    /// <summary>The respondents of the T2 round.</summary>
    public static readonly (string Werkplein, int Grade, int Count, string Benefit)[] Spring =
        [("WP-A", 6, 10, "WW"), ("WP-A", 7, 10, "WWB"), ("WP-B", 8, 10, "AO"), ("WP-B", 5, 3, "geen")];

    /// <summary>The respondents of the T3 round.</summary>
    public static readonly (string Werkplein, int Grade, int Count, string Benefit)[] Autumn =
    [
        ("WP-A", 7, 6, "WW"), ("WP-A", 8, 6, "WW"), ("WP-A", 5, 4, "WWB"), ("WP-A", 8, 7, "WWB"),
        ("WP-B", 6, 5, "AO"), ("WP-B", 7, 5, "AO"), ("WP-B", 8, 3, "AO"), ("WP-B", 8, 4, "geen"),
    ];

    public static async Task SeedAsync(KlantmetingDbContext db, ISurveyCatalog surveys)
    {
        var werkpleinen = new[] { new Werkplein { Code = "WP-A", Name = "Werkplein Aa" }, new Werkplein { Code = "WP-B", Name = "Werkplein Bé" } };
        db.Werkpleinen.AddRange(werkpleinen);
        await db.SaveChangesAsync();
        var byCode = werkpleinen.ToDictionary(w => w.Code);
        var survey = surveys.Get("werkzoekenden-2009");
        foreach (var (name, start, respondents) in new[] { (TertaalReportSeed.Spring, new DateOnly(2009, 5, 1), Spring), (TertaalReportSeed.Autumn, new DateOnly(2009, 9, 1), Autumn) })
        {
            await ComparisonSeed.RoundAsync(db, survey, name, start, byCode, respondents.Select(r => (r.Werkplein, r.Grade, r.Count)));
            await BenefitAsync(db, name, respondents);
        }
    }

    /// <summary>Sets <c>uitkering</c> on the participants of the round, group by group in seed order.</summary>
    private static async Task BenefitAsync(KlantmetingDbContext db, string round, (string Werkplein, int Grade, int Count, string Benefit)[] respondents)
    {
        var roundId = await db.Rounds.Where(r => r.Name == round).Select(r => r.Id).SingleAsync();
        var participants = await db.Participants.Where(p => p.RoundId == roundId).OrderBy(p => p.Id).ToListAsync();
        var index = 0;
        foreach (var group in respondents)
            for (var k = 0; k < group.Count; k++)
                participants[index++].Attributes.Add(new ParticipantAttribute { Name = "uitkering", Value = group.Benefit });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    /// <summary>The mean grade of one benefit group, from the seeded respondents (null: no respondent of it in <paramref name="werkplein"/>).</summary>
    public static double? Mean(IEnumerable<(string Werkplein, int Grade, int Count, string Benefit)> respondents, string benefit, string? werkplein = null)
    {
        var group = respondents.Where(r => r.Benefit == benefit && (werkplein is null || r.Werkplein == werkplein)).ToList();
        var n = group.Sum(r => r.Count);
        return n == 0 ? null : group.Sum(r => (double)r.Grade * r.Count) / n;
    }

    /// <summary>The number of respondents of one benefit group.</summary>
    public static int Count(IEnumerable<(string Werkplein, int Grade, int Count, string Benefit)> respondents, string benefit, string? werkplein = null) =>
        respondents.Where(r => r.Benefit == benefit && (werkplein is null || r.Werkplein == werkplein)).Sum(r => r.Count);
}
