using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Respond;

/// <summary>The web host on a fresh SQLite file in a temporary folder, with helpers to seed invitations.</summary>
public class RespondAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-respond-").FullName;
    private readonly DatabaseProvider _provider;
    private TestDatabase _database = null!;
    private int _werkpleinId;

    public RespondAppFactory()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected RespondAppFactory(DatabaseProvider provider)
    {
        _provider = provider;
        // The antiforgery cookie is Secure: a client only sends it back over https.
        ClientOptions.BaseAddress = new Uri("https://localhost");
    }

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(_provider, _folder);

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _database.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
        builder.UseEnvironment("Production");
    }

    /// <summary>Creates a round in <paramref name="state"/> with one participant and invitation; returns the token.</summary>
    public async Task<string> SeedInvitationAsync(RoundState state = RoundState.Open)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        if (_werkpleinId == 0)
        {
            var werkplein = new Werkplein { Code = "WP-TEST", Name = "Werkplein Teststad" };
            db.Werkpleinen.Add(werkplein);
            await db.SaveChangesAsync();
            _werkpleinId = werkplein.Id;
        }

        var now = DateTime.UtcNow;
        var round = new Round
        {
            Name = "Ronde " + Guid.NewGuid().ToString("N"),
            QuestionnaireId = "werkzoekenden-2009",
            FieldworkStart = new DateOnly(2026, 11, 1),
            FieldworkEnd = new DateOnly(2026, 11, 30),
            State = state,
            CreatedAt = now,
            OpenedAt = state == RoundState.Draft ? null : now,
            ClosedAt = state == RoundState.Closed ? now : null,
        };
        db.Rounds.Add(round);
        await db.SaveChangesAsync();
        var participant = new Participant { RoundId = round.Id, Ref = "P-" + Guid.NewGuid().ToString("N"), WerkpleinId = _werkpleinId };
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
    }

    /// <summary>Runs <paramref name="action"/> with a fresh DbContext.</summary>
    public async Task<T> WithDbAsync<T>(Func<KlantmetingDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>());
    }

    /// <summary>Adds an opt-out token to the invitation behind <paramref name="answerToken"/>, as a mail would; returns it.</summary>
    public Task<string> AddOptOutTokenAsync(string answerToken) => WithDbAsync(async db =>
    {
        var hash = InvitationToken.Hash(answerToken);
        var invitationId = await db.InvitationTokens.Where(t => t.Hash == hash).Select(t => t.InvitationId).SingleAsync();
        var token = InvitationToken.Generate();
        db.InvitationTokens.Add(new IssuedToken { Hash = InvitationToken.Hash(token), InvitationId = invitationId, Purpose = TokenPurpose.OptOut, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return token;
    });

    /// <summary>The invitation state behind an answer token.</summary>
    public Task<InvitationState> StateAsync(string answerToken) => WithDbAsync(async db =>
    {
        var hash = InvitationToken.Hash(answerToken);
        return await db.Invitations.Where(i => db.InvitationTokens.Any(t => t.Hash == hash && t.InvitationId == i.Id)).Select(i => i.State).SingleAsync();
    });

    /// <summary>The stored response of a token (with answers), or null.</summary>
    public Task<Responses.Response?> FindResponseAsync(string token) => WithDbAsync(async db =>
    {
        var hash = InvitationToken.Hash(token);
        var invitationId = await db.InvitationTokens.Where(t => t.Hash == hash).Select(t => t.InvitationId).SingleAsync();
        return await db.Responses.AsNoTracking().Include(r => r.Answers).SingleOrDefaultAsync(r => r.InvitationId == invitationId);
    });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: leave the temp folder.
        }
    }
}

/// <summary>The same host on a PostgreSQL database.</summary>
public sealed class PostgreSqlRespondAppFactory() : RespondAppFactory(DatabaseProvider.PostgreSql);
