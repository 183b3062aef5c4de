using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Werkpleinen;

namespace Klantmeting.Tests.Results;

/// <summary>
/// A small round of werkzoekenden-2009 written out by hand: two Werkpleinen, 35 invitations, 25 respondents.
/// Expected figures in <see cref="ResultsServiceTests"/> are computed from this list by hand.
/// </summary>
internal static class ResultsRoundSeed
{
    public const string RoundName = "Najaar 2009, T3";

    public static readonly DateTime Submitted = new(2009, 9, 14, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>One participant: Werkplein, attributes (dagen null = missing), invitation state and response.</summary>
    private sealed record Person(string Ref, string Werkplein, string Vcp, string Uitkering, int? Dagen, InvitationState State,
        Dictionary<string, int>? Answers = null, int? Grade = null, bool Started = false, DateTime? CompletedAt = null, DateTime? UpdatedAt = null);

    public static async Task SeedAsync(KlantmetingDbContext db, SurveyDefinition survey)
    {
        Dictionary<string, int> All(int value) => survey.Statements.ToDictionary(s => s.Id, _ => value);
        static Dictionary<string, int> Items(params (string Id, int Value)[] items) => items.ToDictionary(i => i.Id, i => i.Value);
        Person Done(string r, string wp, int v, int grade, string vcp, string uitkering, int? dagen) =>
            new(r, wp, vcp, uitkering, dagen, InvitationState.Sent, All(v), grade, CompletedAt: Submitted);

        var sent = InvitationState.Sent;
        Person[] people =
        [
            // WP-A: 12 complete (every statement answered v, grade g).
            Done("A1", "WP-A", 5, 9, "ja", "WW", 10) with { CompletedAt = new DateTime(2009, 9, 14, 22, 30, 0, DateTimeKind.Utc) }, // 00:30 on the 15th in Amsterdam
            Done("A2", "WP-A", 4, 8, "ja", "WW", 20),
            Done("A3", "WP-A", 4, 8, "ja", "WWB", 30),
            Done("A4", "WP-A", 3, 7, "ja", "WWB", null),
            Done("A5", "WP-A", 3, 6, "nee", "WW", 60),
            Done("A6", "WP-A", 2, 5, "nee", "AO", 5),
            Done("A7", "WP-A", 5, 10, "ja", "geen", null),
            Done("A8", "WP-A", 4, 7, "ja", "WW", 14),
            Done("A9", "WP-A", 3, 7, "nee", "WW", 15),
            Done("A10", "WP-A", 4, 8, "ja", "WWB", 28),
            Done("A11", "WP-A", 1, 3, "nee", "AO", 100),
            Done("A12", "WP-A", 5, 9, "ja", "WW", 7),
            // Partial: 7 statements (3 of them "weet niet") + grade = 8 of 15 items (53%). Submitted, still partial.
            new("A13", "WP-A", "ja", "WW", 20, sent, Items(("bereikbaarheid.1", 4), ("bereikbaarheid.2", 4), ("bereikbaarheid.3", 4),
                ("persoonlijke_aandacht.1", 0), ("persoonlijke_aandacht.2", 0), ("persoonlijke_aandacht.3", 0), ("tijdigheid.1", 5)),
                Grade: 7, CompletedAt: Submitted),
            // Break-off: 6 statements + grade = 7 of 15 (46.7%).
            new("A14", "WP-A", "ja", "WW", 10, sent, Items(("bereikbaarheid.1", 5), ("bereikbaarheid.2", 5), ("bereikbaarheid.3", 5),
                ("maatwerk.1", 5), ("maatwerk.2", 5), ("maatwerk.3", 5)), Grade: 10),
            new("A15", "WP-A", "nee", "WW", 10, InvitationState.OptedOut),
            new("A16", "WP-A", "nee", "WW", 10, InvitationState.Pending),
            new("A17", "WP-A", "nee", "WW", 10, InvitationState.Failed),
            new("A18", "WP-A", "nee", "WW", 10, InvitationState.Claimed),
            // Break-off, then opted out: refusal.
            new("A19", "WP-A", "ja", "WW", 10, InvitationState.OptedOut, Items(("bereikbaarheid.1", 5), ("bereikbaarheid.2", 5),
                ("bereikbaarheid.3", 5), ("maatwerk.1", 5), ("maatwerk.2", 5), ("maatwerk.3", 5)), Grade: 10),

            // WP-B: 10 complete.
            Done("B1", "WP-B", 4, 8, "ja", "WW", 10),
            Done("B2", "WP-B", 4, 7, "nee", "WW", 20),
            Done("B3", "WP-B", 3, 6, "nee", "WWB", 40),
            Done("B4", "WP-B", 2, 5, "nee", "WWB", 70),
            Done("B5", "WP-B", 5, 9, "ja", "WW", 3),
            Done("B6", "WP-B", 4, 8, "ja", "AO", null),
            Done("B7", "WP-B", 3, 6, "nee", "geen", 12),
            Done("B8", "WP-B", 4, 7, "ja", "WW", 25),
            Done("B9", "WP-B", 2, 4, "nee", "WWB", 90),
            Done("B10", "WP-B", 5, 10, "ja", "WW", 1),
            // Partial: 11 statements, no grade = 11 of 15 (73%); persoonlijke_aandacht 2, 2, 3.
            new("B11", "WP-B", "nee", "WW", null, sent, Items(("bereikbaarheid.1", 5), ("bereikbaarheid.2", 4), ("bereikbaarheid.3", 3),
                ("persoonlijke_aandacht.1", 2), ("persoonlijke_aandacht.2", 2), ("persoonlijke_aandacht.3", 3),
                ("maatwerk.1", 4), ("maatwerk.2", 4), ("maatwerk.3", 4), ("tijdigheid.1", 5), ("tijdigheid.2", 5)),
                CompletedAt: Submitted),
            new("B12", "WP-B", "nee", "WW", 10, InvitationState.Bounced),
            new("B13", "WP-B", "nee", "WW", 10, sent),
            new("B14", "WP-B", "nee", "WW", 10, InvitationState.Pending),
            // Exactly 80% (11 statements + grade = 12 of 15) and then opted out: complete wins. Never submitted.
            new("B15", "WP-B", "nee", "geen", 50, InvitationState.OptedOut,
                survey.Statements.Where(s => s.PrincipleId != "duidelijkheid").ToDictionary(s => s.Id, _ => 3), Grade: 6,
                UpdatedAt: new DateTime(2009, 9, 16, 12, 0, 0, DateTimeKind.Utc)),
            // Started, nothing answered: break-off.
            new("B16", "WP-B", "ja", "WW", 10, sent, Started: true),
        ];

        var werkpleinen = new Dictionary<string, Werkplein>
        {
            // Inserted in reverse so the export order cannot come from insertion order.
            ["WP-B"] = new() { Code = "WP-B", Name = "Werkplein B" },
            ["WP-A"] = new() { Code = "WP-A", Name = "Werkplein A" },
        };
        db.Werkpleinen.AddRange(werkpleinen.Values);
        var round = new Round
        {
            Name = RoundName,
            QuestionnaireId = survey.Id,
            FieldworkStart = new DateOnly(2009, 9, 14),
            FieldworkEnd = new DateOnly(2009, 11, 30),
            State = RoundState.Open,
            CreatedAt = new DateTime(2009, 9, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        // Another round whose participant, invitation, response and answers get ids in the middle of this round's:
        // nothing of it may count here.
        var other = new Round
        {
            Name = "Ander",
            QuestionnaireId = survey.Id,
            FieldworkStart = round.FieldworkStart,
            FieldworkEnd = round.FieldworkEnd,
            State = RoundState.Open,
            CreatedAt = round.CreatedAt,
        };
        db.Rounds.AddRange(round, other);
        await db.SaveChangesAsync();

        foreach (var person in people)
        {
            if (person.Ref == "A11")
            {
                await AddAsync(db, other, werkpleinen[person.Werkplein], person with { Ref = "X1", Answers = All(1), Grade = 1 });
            }

            await AddAsync(db, round, werkpleinen[person.Werkplein], person);
        }
    }

    private static async Task AddAsync(KlantmetingDbContext db, Round round, Werkplein werkplein, Person person)
    {
        var participant = new Participant { RoundId = round.Id, Ref = person.Ref, WerkpleinId = werkplein.Id };
        participant.Attributes.Add(new ParticipantAttribute { Name = "vaste_contactpersoon", Value = person.Vcp });
        participant.Attributes.Add(new ParticipantAttribute { Name = "uitkering", Value = person.Uitkering });
        if (person.Dagen is { } dagen)
        {
            participant.Attributes.Add(new ParticipantAttribute { Name = "dagen_tot_eerste_betaling", Value = dagen.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        // A free column: never broken down.
        participant.Attributes.Add(new ParticipantAttribute { Name = "regio_vrij", Value = "x" });
        db.Participants.Add(participant);
        await db.SaveChangesAsync();
        var invitation = new Invitation { ParticipantId = participant.Id, RoundId = round.Id, State = person.State, NextAttemptAt = round.CreatedAt };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        if (person.Answers is null && person.Grade is null && !person.Started)
        {
            return;
        }

        var response = new Response
        {
            InvitationId = invitation.Id,
            RoundId = round.Id,
            StartedAt = Submitted.AddHours(-1),
            UpdatedAt = person.UpdatedAt ?? person.CompletedAt ?? Submitted,
            CompletedAt = person.CompletedAt,
            Grade = person.Grade,
            Comment = "toelichting telt niet mee",
        };
        foreach (var (item, value) in person.Answers ?? [])
        {
            response.Answers.Add(new Answer { ItemId = item, Value = value });
        }

        // As the answering page and the import do: the per-principle summary the results read.
        response.Scores.AddRange(ResponseScore.Summarize(0, response.Answers.Select(a => (a.ItemId, a.Value))));

        db.Responses.Add(response);
        await db.SaveChangesAsync();
    }
}
