using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Klantmeting.Demo;

/// <summary>Fills an empty embedded database with a demo: a few Werkpleinen and an open round <c>demo</c>.</summary>
public sealed partial class DemoSeeder(KlantmetingDbContext db, TimeProvider clock, UserService users, ILogger<DemoSeeder> logger)
{
    /// <summary>Name of the open demo round.</summary>
    public const string RoundName = "demo";

    /// <summary>Participants sampled into the demo round.</summary>
    public const int ParticipantCount = 50;

    /// <summary>Demo account with the role beheerder.</summary>
    public const string BeheerderEmail = "beheerder@demo.example";

    /// <summary>Demo account with the role werkplein, bound to WP-AMS.</summary>
    public const string WerkpleinEmail = "werkplein@demo.example";

    private static readonly (string Code, string Name, string Region)[] _werkpleinen =
    [
        ("WP-AMS", "Amsterdam Noord", "Groot-Amsterdam"),
        ("WP-UTR", "Utrecht Overvecht", "Midden-Utrecht"),
        ("WP-GRO", "Groningen", "Groningen"),
        ("WP-MST", "Maastricht", "Zuid-Limburg"),
    ];

    /// <summary>Seeds when the database has no rounds yet; returns true when it did.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await db.Rounds.AnyAsync(ct) || await db.Werkpleinen.AnyAsync(ct))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var werkpleinen = _werkpleinen.Select(w => new Werkplein { Code = w.Code, Name = w.Name, Region = w.Region }).ToList();
        db.Werkpleinen.AddRange(werkpleinen);
        var round = new Round
        {
            Name = RoundName,
            QuestionnaireId = "werkzoekenden-2009",
            FieldworkStart = today,
            FieldworkEnd = today.AddDays(28),
            State = RoundState.Open,
            CreatedAt = now,
            OpenedAt = now,
        };
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);

        string[] uitkering = ["WW", "WWB", "AO", "geen"];
        for (var n = 1; n <= ParticipantCount; n++)
        {
            var p = new Participant
            {
                RoundId = round.Id,
                Ref = $"DEMO-{n:000}",
                WerkpleinId = werkpleinen[n % werkpleinen.Count].Id,
                Attributes =
                [
                    new ParticipantAttribute { Name = "vaste_contactpersoon", Value = n % 3 == 0 ? "nee" : "ja" },
                    new ParticipantAttribute { Name = "uitkering", Value = uitkering[n % uitkering.Length] },
                    new ParticipantAttribute { Name = "dagen_tot_eerste_betaling", Value = (n * 7 % 70).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ],
            };
            db.Participants.Add(p);
            await db.SaveChangesAsync(ct);
            db.ParticipantContacts.Add(new ParticipantContact { ParticipantId = p.Id, RoundId = round.Id, Email = $"deelnemer{n:000}@voorbeeld.nl" });
            db.Invitations.Add(new Invitation { ParticipantId = p.Id, RoundId = round.Id, State = InvitationState.Pending, NextAttemptAt = now });
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        LogSeeded(ParticipantCount);

        // Two accounts to sign in with; their generated passwords are shown once, here, in the console.
        if (!await db.Users.AnyAsync(ct))
        {
            var (_, beheerder) = await users.CreateAsync(BeheerderEmail, Roles.Beheerder, [], mustChangePassword: false, ct: ct);
            var (_, werkplein) = await users.CreateAsync(WerkpleinEmail, Roles.Werkplein, ["WP-AMS"], mustChangePassword: false, ct: ct);
            LogAccount(BeheerderEmail, Roles.Beheerder, beheerder!);
            LogAccount(WerkpleinEmail, Roles.Werkplein + " (WP-AMS)", werkplein!);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo account {Email} ({Role}), password: {Password}")]
    private partial void LogAccount(string email, string role, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo created: open round 'demo' with {Count} participants")]
    private partial void LogSeeded(int count);
}
