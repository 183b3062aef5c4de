using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.EndToEnd.Access;

/// <summary>A closed round with enough answers on two Werkpleinen to show figures, and three users.</summary>
public static class AccessSeed
{
    public const string RoundName = "Najaar 2009";
    public const string Password = BrowserSignIn.Password;
    public const string Beheerder = "beheerder@ako.test";
    public const string WerkpleinUser = "noord@werkplein.test";
    public const string OneTimeUser = "eenmalig@werkplein.test";

    public static Task SeedAsync(KestrelAppFactory app) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<KlantmetingDbContext>();
        var survey = sp.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
        var noord = new Werkplein { Code = "WP-NRD", Name = "Werkplein Noord", Region = "Noord" };
        var zuid = new Werkplein { Code = "WP-ZUI", Name = "Werkplein Zuid", Region = "Zuid" };
        db.Werkpleinen.AddRange(noord, zuid);
        var round = new Round
        {
            Name = RoundName,
            QuestionnaireId = survey.Id,
            FieldworkStart = new DateOnly(2009, 9, 1),
            FieldworkEnd = new DateOnly(2009, 11, 30),
            State = RoundState.Closed,
            CreatedAt = new DateTime(2009, 8, 1, 0, 0, 0, DateTimeKind.Utc),
            ClosedAt = new DateTime(2009, 12, 1, 0, 0, 0, DateTimeKind.Utc),
            CloseCompletedAt = new DateTime(2009, 12, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        db.Rounds.Add(round);
        await db.SaveChangesAsync();
        var answered = new DateTime(2009, 9, 20, 10, 0, 0, DateTimeKind.Utc);
        for (var n = 0; n < 40; n++)
        {
            var participant = new Participant
            {
                RoundId = round.Id,
                Ref = $"E2E-{n}",
                WerkpleinId = n % 2 == 0 ? noord.Id : zuid.Id,
                Attributes =
                [
                    new ParticipantAttribute { Name = "vaste_contactpersoon", Value = n % 3 == 0 ? "nee" : "ja" },
                    new ParticipantAttribute { Name = "uitkering", Value = n % 4 == 0 ? "WWB" : "WW" },
                ],
            };
            db.Participants.Add(participant);
            await db.SaveChangesAsync();
            var invitation = new Invitation
            {
                ParticipantId = participant.Id,
                RoundId = round.Id,
                State = InvitationState.Sent,
                NextAttemptAt = answered,
                SentAt = answered,
            };
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync();
            if (n % 8 == 7)
            {
                continue; // no response
            }

            db.Responses.Add(new Response
            {
                InvitationId = invitation.Id,
                RoundId = round.Id,
                StartedAt = answered,
                UpdatedAt = answered,
                CompletedAt = answered,
                Grade = 5 + n % 5,
                Answers = survey.Statements.Select((s, i) => new Answer { ItemId = s.Id, Value = 1 + (n + i) % 5 }).ToList(),
                // The per-principle summary the results read, as the answering page writes it.
                Scores = ResponseScore.Summarize(0, survey.Statements.Select((s, i) => (s.Id, 1 + (n + i) % 5))),
            });
        }

        await db.SaveChangesAsync();
        // A closed round shows its frozen figures: freeze them now that every answer is in (the scheduler may have
        // frozen the round while it was still being filled).
        await sp.GetRequiredService<ResultsService>().RefreshFrozenAsync(RoundName);
        var users = sp.GetRequiredService<UserService>();
        await users.CreateAsync(Beheerder, Roles.Beheerder, [], Password, mustChangePassword: false);
        await users.CreateAsync(WerkpleinUser, Roles.Werkplein, ["WP-NRD"], Password, mustChangePassword: false);
        await users.CreateAsync(OneTimeUser, Roles.Werkplein, ["WP-NRD"], Password);
        return true;
    });
}
