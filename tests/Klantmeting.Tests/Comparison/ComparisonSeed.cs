using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Tests.Comparison;

/// <summary>
/// Two small rounds of different questionnaire versions, written out by hand. Every respondent gives grade g and
/// answers every statement g - 3 (so grade 6 -> answer 3 = 5.5, 7 -> 4 = 7.75, 8 -> 5 = 10).
/// <list type="bullet">
/// <item>"Najaar 2007" (werkzoekenden-2007, closed): WP-A six 6 and six 7; WP-B six 6 and six 8; WP-C five 6 and five 8.</item>
/// <item>"Najaar 2009" (werkzoekenden-2009, closed): WP-A six 7 and six 8; WP-B five 7 (below the minimum of 10); WP-C five 6 and five 8.</item>
/// </list>
/// </summary>
internal static class ComparisonSeed
{
    public const string Round2007 = "Najaar 2007";
    public const string Round2009 = "Najaar 2009";

    /// <summary>A Werkplein name that must be encoded everywhere it appears.</summary>
    public const string NameOfC = "Werkplein <b>C</b> & Zoë";

    public static async Task SeedAsync(KlantmetingDbContext db, ISurveyCatalog surveys)
    {
        var werkpleinen = new[] { ("WP-A", "Werkplein Aa"), ("WP-B", "Werkplein Bé"), ("WP-C", NameOfC) }
            .Select(w => new Werkplein { Code = w.Item1, Name = w.Item2 }).ToList();
        db.Werkpleinen.AddRange(werkpleinen);
        await db.SaveChangesAsync();
        var byCode = werkpleinen.ToDictionary(w => w.Code);
        await RoundAsync(db, surveys.Get("werkzoekenden-2007"), Round2007, new DateOnly(2007, 9, 1), byCode,
            [("WP-A", 6, 6), ("WP-A", 7, 6), ("WP-B", 6, 6), ("WP-B", 8, 6), ("WP-C", 6, 5), ("WP-C", 8, 5)]);
        await RoundAsync(db, surveys.Get("werkzoekenden-2009"), Round2009, new DateOnly(2009, 9, 1), byCode,
            [("WP-A", 7, 6), ("WP-A", 8, 6), ("WP-B", 7, 5), ("WP-C", 6, 5), ("WP-C", 8, 5)]);
    }

    /// <summary>A closed round of <paramref name="survey"/> with (Werkplein, grade, how many) respondents, all complete.</summary>
    public static async Task RoundAsync(KlantmetingDbContext db, SurveyDefinition survey, string name, DateOnly start,
        IReadOnlyDictionary<string, Werkplein> werkpleinen, IEnumerable<(string Werkplein, int Grade, int Count)> groups,
        RoundState state = RoundState.Closed)
    {
        var round = new Round
        {
            Name = name,
            QuestionnaireId = survey.Id,
            FieldworkStart = start,
            FieldworkEnd = start.AddDays(60),
            // Closed only once every answer is in: a closed round's results are frozen (by the scheduler job too).
            State = state == RoundState.Closed ? RoundState.Open : state,
            CreatedAt = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            ClosedAt = state == RoundState.Closed ? start.AddDays(61).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null,
        };
        db.Rounds.Add(round);
        await db.SaveChangesAsync();
        var respondents = groups.SelectMany(g => Enumerable.Repeat((g.Werkplein, g.Grade), g.Count)).ToList();
        var participants = respondents.Select((r, i) => new Participant { RoundId = round.Id, Ref = $"{name}-{i + 1}", WerkpleinId = werkpleinen[r.Werkplein].Id }).ToList();
        db.Participants.AddRange(participants);
        await db.SaveChangesAsync();
        var invitations = participants.Select(p => new Invitation { ParticipantId = p.Id, RoundId = round.Id, State = InvitationState.Sent, NextAttemptAt = round.CreatedAt }).ToList();
        db.Invitations.AddRange(invitations);
        await db.SaveChangesAsync();
        for (var i = 0; i < respondents.Count; i++)
        {
            var grade = respondents[i].Grade;
            var response = new Response
            {
                InvitationId = invitations[i].Id,
                RoundId = round.Id,
                StartedAt = round.CreatedAt,
                UpdatedAt = round.CreatedAt,
                CompletedAt = round.CreatedAt,
                Grade = grade,
            };
            foreach (var statement in survey.Statements)
            {
                response.Answers.Add(new Answer { ItemId = statement.Id, Value = grade - 3 });
            }

            // The per-principle summary the results read, as the answering page writes it.
            response.Scores.AddRange(ResponseScore.Summarize(0, response.Answers.Select(a => (a.ItemId, a.Value))));

            db.Responses.Add(response);
        }

        await db.SaveChangesAsync();
        if (state == RoundState.Closed)
        {
            await db.Rounds.Where(r => r.Id == round.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.State, RoundState.Closed));
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// A copy of the shipped questionnaires in which 2007 <c>houvast</c> and 2009 <c>duidelijkheid</c> lost their
    /// <c>comparable_to</c>: both are then unmatched. Returns the folder.
    /// </summary>
    public static string SurveysWithAnUnmatchedPrinciple(string folder)
    {
        var target = Directory.CreateDirectory(Path.Combine(folder, "surveys")).FullName;
        foreach (var file in Directory.GetFiles(SurveyExtensions.DefaultPath, "*.yaml"))
        {
            // The link is two lines since version 2: "comparable_to:" and "- { id: ..., kind: ..., note: ... }".
            var text = Regex.Replace(File.ReadAllText(file), @"    comparable_to:\n      - \{ id: (duidelijkheid|houvast),[^\n]*\n", "");
            File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), text);
        }

        return target;
    }
}
