using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Klantmeting.Tests.Data;

/// <summary>
/// The migration that adds ResponseScores fills it for the responses already stored (hand-written SQL per provider),
/// so the results of rounds answered before the upgrade stay the same.
/// </summary>
public abstract class ResponseScoresMigrationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-migration-").FullName;
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider, _folder);

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private KlantmetingDbContext Context()
    {
        var options = new DbContextOptionsBuilder<KlantmetingDbContext>();
        DatabaseExtensions.Configure(options, provider, _database.ConnectionString);
        return new KlantmetingDbContext(options.Options);
    }

    [Fact]
    public async Task Existing_answers_are_summarised_per_response_and_principle()
    {
        await using (var db = Context())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var index = migrations.FindIndex(m => m.EndsWith("_ResponseScores", StringComparison.Ordinal));
            Assert.True(index > 0, "migration ResponseScores not found");
            await db.GetService<IMigrator>().MigrateAsync(migrations[index - 1]);

            // Stored before the upgrade: no summaries yet (the entity list stays empty, so EF writes none).
            var werkplein = new Werkplein { Code = "WP-1", Name = "Werkplein 1" };
            db.Werkpleinen.Add(werkplein);
            var round = new Round
            {
                Name = "R", QuestionnaireId = "werkzoekenden-2009", FieldworkStart = new DateOnly(2009, 9, 1),
                FieldworkEnd = new DateOnly(2009, 11, 30), CreatedAt = DateTime.UtcNow,
            };
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
            foreach (var (reference, answers) in new[]
            {
                ("A", new[] { ("bereikbaarheid.1", 4), ("bereikbaarheid.2", 5), ("bereikbaarheid.3", 0), ("maatwerk.1", 2) }),
                ("B", new[] { ("duidelijkheid.2", 0) }),
            })
            {
                var participant = new Participant { RoundId = round.Id, Ref = reference, WerkpleinId = werkplein.Id };
                db.Participants.Add(participant);
                await db.SaveChangesAsync();
                var invitation = new Invitation { ParticipantId = participant.Id, RoundId = round.Id, NextAttemptAt = DateTime.UtcNow };
                db.Invitations.Add(invitation);
                await db.SaveChangesAsync();
                var response = new Response { InvitationId = invitation.Id, RoundId = round.Id, StartedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
                response.Answers.AddRange(answers.Select(a => new Answer { ItemId = a.Item1, Value = a.Item2 }));
                db.Responses.Add(response);
                await db.SaveChangesAsync();
            }

            await db.Database.MigrateAsync();
        }

        await using var check = Context();
        var scores = await (
            from s in check.ResponseScores
            join r in check.Responses on s.ResponseId equals r.Id
            join i in check.Invitations on r.InvitationId equals i.Id
            join p in check.Participants on i.ParticipantId equals p.Id
            orderby p.Ref, s.PrincipleId
            select $"{p.Ref} {s.PrincipleId} answered={s.Answered} scored={s.Scored} sum={s.Sum}").ToListAsync();
        Assert.Equal(
        [
            "A bereikbaarheid answered=3 scored=2 sum=9",
            "A maatwerk answered=1 scored=1 sum=2",
            "B duidelijkheid answered=1 scored=0 sum=0",
        ], scores);
    }
}

public sealed class ResponseScoresMigrationTestsOnSqlite() : ResponseScoresMigrationTests(DatabaseProvider.Sqlite);

public sealed class ResponseScoresMigrationTestsOnPostgreSql() : ResponseScoresMigrationTests(DatabaseProvider.PostgreSql);
