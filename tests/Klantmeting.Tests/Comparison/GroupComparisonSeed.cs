using System.Globalization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Comparison;

/// <summary>
/// Two closed job-seeker rounds with breakdown attributes, built so that the national groups "vaste contactpersoon"
/// reproduce the published T3 2009 sentence: with a contact person 6.9 in T2 and 7.0 in T3, without 6.1 and 6.2.
/// Every respondent gives grade g and answers every statement g - 3, so each principle score is 2.25 g - 8 (an
/// affine map of the grade: the same t and p as the grade). Respondents alternate between WP-A and WP-B.
/// <code>
/// cell (contact, benefit, days to first payment)   T2 2009                 T3 2009
/// ja,  WW,  10 (band 0-14)                         8 x 8, 2 x 7            9 x 6, 7 x 7
/// ja,  WWB, 20 (band 15-28)                        8 x 6, 1 x 5, 1 x 7     9 x 8, 3 x 7
/// nee, WW,  40 (band 29-56)                        9 x 6, 1 x 7            6 x 6, 2 x 7, 4 x 8
/// nee, AO, 100 (band 57+)                          -                       4 x 6
/// nee, geen, no days (onbekend)                    -                       2 x 4, 2 x 5
/// </code>
/// With the minimum cell size of 10, AO, geen and 57+ are suppressed in both rounds.
/// </summary>
internal static class GroupComparisonSeed
{
    public const string T2 = "T2 2009";
    public const string T3 = "T3 2009";

    /// <summary>A Werkplein name and codes that must never reach the public page.</summary>
    public static readonly string[] WerkpleinDetail = ["WP-A", "WP-B", "Werkplein Aa", "Werkplein Bé"];

    private static readonly (string Contact, string Benefit, int? Days, (int Grade, int Count)[] Grades)[] _t2 =
    [
        ("ja", "WW", 10, [(8, 8), (7, 2)]),
        ("ja", "WWB", 20, [(6, 8), (5, 1), (7, 1)]),
        ("nee", "WW", 40, [(6, 9), (7, 1)]),
    ];

    private static readonly (string Contact, string Benefit, int? Days, (int Grade, int Count)[] Grades)[] _t3 =
    [
        ("ja", "WW", 10, [(6, 9), (7, 7)]),
        ("ja", "WWB", 20, [(8, 9), (7, 3)]),
        ("nee", "WW", 40, [(6, 6), (7, 2), (8, 4)]),
        ("nee", "AO", 100, [(6, 4)]),
        ("nee", "geen", null, [(4, 2), (5, 2)]),
    ];

    /// <summary>Both rounds; <paramref name="questionnaireT2"/> lets the first round use another version (e.g. werkzoekenden-2007).</summary>
    public static async Task SeedAsync(IServiceProvider services, string questionnaireT2 = "werkzoekenden-2009")
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var surveys = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>();
        var werkpleinen = new[] { new Werkplein { Code = "WP-A", Name = "Werkplein Aa" }, new Werkplein { Code = "WP-B", Name = "Werkplein Bé" } };
        db.Werkpleinen.AddRange(werkpleinen);
        await db.SaveChangesAsync();
        await RoundAsync(db, surveys.Get(questionnaireT2), T2, new DateOnly(2009, 5, 1), werkpleinen, _t2);
        await RoundAsync(db, surveys.Get("werkzoekenden-2009"), T3, new DateOnly(2009, 9, 1), werkpleinen, _t3);
        var results = scope.ServiceProvider.GetRequiredService<ResultsService>();
        foreach (var round in new[] { T2, T3 })
        {
            // Closed rounds show their frozen figures, as in production.
            Assert.True(await results.RefreshFrozenAsync(round));
        }
    }

    private static async Task RoundAsync(KlantmetingDbContext db, SurveyDefinition survey, string name, DateOnly start, Werkplein[] werkpleinen,
        (string Contact, string Benefit, int? Days, (int Grade, int Count)[] Grades)[] cells)
    {
        var created = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var round = db.Rounds.Add(new Round
        {
            Name = name,
            QuestionnaireId = survey.Id,
            FieldworkStart = start,
            FieldworkEnd = start.AddDays(60),
            State = RoundState.Open,
            CreatedAt = created,
            ClosedAt = created.AddDays(61),
        }).Entity;
        await db.SaveChangesAsync();
        var respondents = cells.SelectMany(c => c.Grades.SelectMany(g => Enumerable.Repeat((c.Contact, c.Benefit, c.Days, g.Grade), g.Count))).ToList();
        var participants = respondents.Select((r, i) => new Participant
        {
            RoundId = round.Id,
            Ref = $"{name}-{i + 1}",
            WerkpleinId = werkpleinen[i % 2].Id,
            Attributes =
            [
                new ParticipantAttribute { Name = "vaste_contactpersoon", Value = r.Contact },
                new ParticipantAttribute { Name = "uitkering", Value = r.Benefit },
                .. r.Days is { } days ? [new ParticipantAttribute { Name = "dagen_tot_eerste_betaling", Value = days.ToString(CultureInfo.InvariantCulture) }] : Array.Empty<ParticipantAttribute>(),
            ],
        }).ToList();
        db.Participants.AddRange(participants);
        await db.SaveChangesAsync();
        var invitations = participants.Select(p => new Invitation { ParticipantId = p.Id, RoundId = round.Id, State = InvitationState.Sent, NextAttemptAt = created }).ToList();
        db.Invitations.AddRange(invitations);
        await db.SaveChangesAsync();
        db.Responses.AddRange(respondents.Select((r, i) =>
        {
            var answers = survey.Statements.Select(s => (s.Id, r.Grade - 3)).ToList();
            return new Response
            {
                InvitationId = invitations[i].Id,
                RoundId = round.Id,
                StartedAt = created,
                UpdatedAt = created,
                CompletedAt = created,
                Grade = r.Grade,
                Answers = answers.Select(a => new Answer { ItemId = a.Item1, Value = a.Item2 }).ToList(),
                Scores = ResponseScore.Summarize(0, answers),
            };
        }));
        await db.SaveChangesAsync();
        await db.Rounds.Where(r => r.Id == round.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.State, RoundState.Closed));
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// A copy of the shipped questionnaires in which werkzoekenden-2007 has no first-payment attribute, so its bands
    /// exist in the 2009 round only. Returns the folder.
    /// </summary>
    public static string SurveysWithoutPaymentBandsIn2007(string folder)
    {
        var target = Directory.CreateDirectory(Path.Combine(folder, "surveys-groups")).FullName;
        foreach (var file in Directory.GetFiles(SurveyExtensions.DefaultPath, "*.yaml"))
        {
            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) == "werkzoekenden-2007.yaml")
            {
                var at = text.IndexOf("  - id: dagen_tot_eerste_betaling", StringComparison.Ordinal);
                Assert.True(at > 0, "werkzoekenden-2007 has no first-payment attribute to take out");
                text = text[..at];
            }

            File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), text);
        }

        return target;
    }
}
