using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.EndToEnd.Respond;

/// <summary>Puts invitations straight into the database of a running host.</summary>
public static class RespondSeed
{
    /// <summary>Creates a round (werkzoekenden-2009) with one participant and invitation; returns the personal token.</summary>
    public static Task<string> SeedInvitationAsync(this KestrelAppFactory app, RoundState state = RoundState.Open) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            var werkplein = await db.Werkpleinen.FirstOrDefaultAsync(w => w.Code == "WP-E2E");
            if (werkplein is null)
            {
                werkplein = new Werkplein { Code = "WP-E2E", Name = "Werkplein Teststad" };
                db.Werkpleinen.Add(werkplein);
            }

            var now = DateTime.UtcNow;
            var round = new Round
            {
                Name = "E2E " + Guid.NewGuid().ToString("N"),
                QuestionnaireId = "werkzoekenden-2009",
                FieldworkStart = new DateOnly(2026, 11, 1),
                FieldworkEnd = new DateOnly(2026, 11, 30),
                State = state,
                CreatedAt = now,
            };
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
            var participant = new Participant { RoundId = round.Id, Ref = Guid.NewGuid().ToString("N"), WerkpleinId = werkplein.Id };
            db.Participants.Add(participant);
            await db.SaveChangesAsync();
            var token = InvitationToken.Generate();
            db.Invitations.Add(new Invitation
            {
                ParticipantId = participant.Id,
                RoundId = round.Id,
                State = InvitationState.Sent,
                Tokens = [new IssuedToken { Hash = InvitationToken.Hash(token), Purpose = TokenPurpose.Answer, CreatedAt = now }],
                NextAttemptAt = now,
                SentAt = now,
            });
            await db.SaveChangesAsync();
            return token;
        });

    /// <summary>The stored response of a token, with its answers, or null.</summary>
    public static Task<Response?> FindResponseAsync(this KestrelAppFactory app, string token) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            var hash = InvitationToken.Hash(token);
            var invitationId = await db.InvitationTokens.Where(t => t.Hash == hash).Select(t => t.InvitationId).SingleAsync();
            return await db.Responses.AsNoTracking().Include(r => r.Answers).SingleOrDefaultAsync(r => r.InvitationId == invitationId);
        });
}
