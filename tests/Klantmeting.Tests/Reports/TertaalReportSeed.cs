using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Landkaart;
using Klantmeting.Participants;
using Klantmeting.Surveys;
using Klantmeting.Tests.Comparison;
using Klantmeting.Tests.Landkaart;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Tests.Reports;

/// <summary>
/// Two job-seeker rounds (werkzoekenden-2009, closed) and two Landkaart periods, written out by hand. Every respondent
/// gives grade g and answers each statement g - 3 (grade 6 -> principle 5,5; 7 -> 7,75; 8 -> 10).
/// <list type="bullet">
/// <item>"Voorjaar 2009" (fieldwork 1 May - 30 June: T2): WP-A six 6 (no contact person) and six 7 (contact person);
/// WP-B five 6 (none) and five 8 (contact person).</item>
/// <item>"Najaar 2009" (1 September - 31 October: T3): WP-A six 7 (none) and six 8 (contact person), and three invited
/// who did not answer; WP-B five 7 (contact person; 5 is below the minimum of 10).</item>
/// <item>Landkaart T2: WP-A all blue (67%). T3: WP-A all green (100%), WP-B milestones 1-7 blue, 8-14 red (14/42 = 33%).</item>
/// </list>
/// </summary>
internal static class TertaalReportSeed
{
    public const string Spring = "Voorjaar 2009";
    public const string Autumn = "Najaar 2009";

    public static async Task SeedAsync(KlantmetingDbContext db, ISurveyCatalog surveys)
    {
        var werkpleinen = new[] { new Werkplein { Code = "WP-A", Name = "Werkplein Aa" }, new Werkplein { Code = "WP-B", Name = "Werkplein Bé" } };
        db.Werkpleinen.AddRange(werkpleinen);
        await db.SaveChangesAsync();
        var byCode = werkpleinen.ToDictionary(w => w.Code);
        var survey = surveys.Get("werkzoekenden-2009");
        await ComparisonSeed.RoundAsync(db, survey, Spring, new DateOnly(2009, 5, 1), byCode,
            [("WP-A", 6, 6), ("WP-A", 7, 6), ("WP-B", 6, 5), ("WP-B", 8, 5)]);
        await ContactPersonAsync(db, Spring, ["nee", "ja", "nee", "ja"], [6, 6, 5, 5]);
        await ComparisonSeed.RoundAsync(db, survey, Autumn, new DateOnly(2009, 9, 1), byCode,
            [("WP-A", 7, 6), ("WP-A", 8, 6), ("WP-B", 7, 5)]);
        await ContactPersonAsync(db, Autumn, ["nee", "ja", "ja"], [6, 6, 5]);
        await NonRespondentsAsync(db, Autumn, byCode["WP-A"].Id, 3);

        await LandkaartSeed.AcceptedAsync(db, "WP-A", new Tertaal(2009, 2), new string('B', 14));
        await LandkaartSeed.AcceptedAsync(db, "WP-A", new Tertaal(2009, 3), new string('G', 14));
        await LandkaartSeed.AcceptedAsync(db, "WP-B", new Tertaal(2009, 3), new string('B', 7) + new string('R', 7));
    }

    /// <summary>Sets <c>vaste_contactpersoon</c> on the participants of the round, group by group in seed order.</summary>
    private static async Task ContactPersonAsync(KlantmetingDbContext db, string round, string[] values, int[] counts)
    {
        var roundId = await db.Rounds.Where(r => r.Name == round).Select(r => r.Id).SingleAsync();
        var participants = await db.Participants.Where(p => p.RoundId == roundId).OrderBy(p => p.Id).ToListAsync();
        var index = 0;
        for (var g = 0; g < values.Length; g++)
            for (var k = 0; k < counts[g]; k++)
                participants[index++].Attributes.Add(new ParticipantAttribute { Name = "vaste_contactpersoon", Value = values[g] });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    /// <summary>Participants who were invited and never answered (AAPOR 3.19).</summary>
    private static async Task NonRespondentsAsync(KlantmetingDbContext db, string round, int werkpleinId, int count)
    {
        var r = await db.Rounds.SingleAsync(x => x.Name == round);
        var participants = Enumerable.Range(1, count).Select(i => new Participant { RoundId = r.Id, Ref = $"geen-antwoord-{i}", WerkpleinId = werkpleinId }).ToList();
        db.Participants.AddRange(participants);
        await db.SaveChangesAsync();
        db.Invitations.AddRange(participants.Select(p => new Invitation { ParticipantId = p.Id, RoundId = r.Id, State = InvitationState.Sent, NextAttemptAt = r.CreatedAt }));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}
