using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Werkpleinen;

namespace Klantmeting.Tests.Results;

/// <summary>
/// A small round of werkzoekenden-2009 for the benchmark, written out by hand: four Werkpleinen in two regions, every
/// respondent complete. A respondent with grade g answers every statement g / 2, so each principle score is
/// 1 + (g/2 - 1) * 9/4 = 1.125 g - 1.25: a positive linear function of the grade, which leaves every Welch t, df and
/// p the same as for the grade and every ranking the same order. Expected figures in <see cref="BenchmarkTests"/>
/// are computed from these lists by hand; run with <c>Results:MinimumCellSize</c> = 3.
/// </summary>
internal static class BenchmarkSeed
{
    public const string RoundName = "Benchmark 2009";

    public static readonly (string Code, string Name, string? Region, int[] Grades)[] Werkpleinen =
    [
        ("WP-N1", "Werkplein Noord Een", "Noord", [8, 8, 10, 8]),
        ("WP-N2", "Werkplein Noord Twee", "Noord", [4, 6, 4, 6, 4]),
        ("WP-N3", "Werkplein Noord Drie", " Noord ", [6, 10, 8, 10]),
        ("WP-Z1", "Werkplein Zuid Een", "Zuid", [10, 2]),
    ];

    public static async Task SeedAsync(KlantmetingDbContext db, SurveyDefinition survey)
    {
        var round = new Round
        {
            Name = RoundName,
            QuestionnaireId = survey.Id,
            FieldworkStart = new DateOnly(2009, 9, 14),
            FieldworkEnd = new DateOnly(2009, 11, 30),
            State = RoundState.Open,
            CreatedAt = new DateTime(2009, 9, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        db.Rounds.Add(round);
        var werkpleinen = Werkpleinen.Select(w => new Werkplein { Code = w.Code, Name = w.Name, Region = w.Region }).ToList();
        db.Werkpleinen.AddRange(werkpleinen);
        await db.SaveChangesAsync();

        var submitted = new DateTime(2009, 9, 15, 10, 0, 0, DateTimeKind.Utc);
        for (var w = 0; w < werkpleinen.Count; w++)
        {
            var grades = Werkpleinen[w].Grades;
            for (var i = 0; i < grades.Length; i++)
            {
                var participant = new Participant { RoundId = round.Id, Ref = $"{Werkpleinen[w].Code}-{i}", WerkpleinId = werkpleinen[w].Id };
                participant.Attributes.Add(new ParticipantAttribute { Name = "vaste_contactpersoon", Value = "ja" });
                participant.Attributes.Add(new ParticipantAttribute { Name = "uitkering", Value = "WW" });
                db.Participants.Add(participant);
                await db.SaveChangesAsync();
                var invitation = new Invitation { ParticipantId = participant.Id, RoundId = round.Id, State = InvitationState.Sent, NextAttemptAt = round.CreatedAt };
                db.Invitations.Add(invitation);
                await db.SaveChangesAsync();
                var response = new Response
                {
                    InvitationId = invitation.Id,
                    RoundId = round.Id,
                    StartedAt = submitted.AddHours(-1),
                    UpdatedAt = submitted,
                    CompletedAt = submitted,
                    Grade = grades[i],
                };
                foreach (var statement in survey.Statements)
                {
                    response.Answers.Add(new Answer { ItemId = statement.Id, Value = grades[i] / 2 });
                }

                response.Scores.AddRange(ResponseScore.Summarize(0, response.Answers.Select(a => (a.ItemId, a.Value))));
                db.Responses.Add(response);
                await db.SaveChangesAsync();
            }
        }
    }
}
