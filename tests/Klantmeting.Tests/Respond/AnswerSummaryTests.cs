using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Tests.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Respond;

/// <summary>
/// The per-principle summaries (ResponseScores) the results read must always equal a recomputation from the stored
/// answers, whichever path wrote them: steps saved (and saved again) on the answering page, and <c>responses import</c>.
/// Runs on every provider: see the subclasses below.
/// </summary>
public abstract class AnswerSummaryTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: provider);
        await _db.SeedAsync();
        var participants = await _db.ImportParticipantsAsync("R1",
            "ref,email,werkplein,vaste_contactpersoon,uitkering\n" +
            string.Concat(Enumerable.Range(1, 6).Select(i => $"A{i},a{i}@example.nl,WP-AMS,ja,WW\n")));
        Assert.Empty(participants.Errors);
        await _db.DbAsync(db => db.Rounds.ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RoundState.Open)));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Summaries_equal_a_recomputation_from_the_answers_after_the_answering_page_and_the_import()
    {
        // Answering page: a principle answered, then answered again with one statement left out and one changed; a
        // second principle with "weet niet" only; a third answered and then emptied.
        var token = await AddTokenAsync("A1");
        await SaveAsync(token, 1, ("bereikbaarheid.1", "5"), ("bereikbaarheid.2", "4"), ("bereikbaarheid.3", "2"));
        await SaveAsync(token, 1, ("bereikbaarheid.1", "3"), ("bereikbaarheid.3", "0"));
        await SaveAsync(token, 2, ("persoonlijke_aandacht.1", "0"));
        await SaveAsync(token, 3, ("maatwerk.1", "1"), ("maatwerk.2", "2"));
        await SaveAsync(token, 3);
        var second = await AddTokenAsync("A2");
        await SaveAsync(second, 4, ("tijdigheid.1", "4"));

        // responses import: whole responses of other participants.
        var imported = await _db.WithAsync(sp => sp.GetRequiredService<ResponseImporter>().ImportAsync("R1", _db.WriteFile("r.csv",
            "ref,totaaloordeel,bereikbaarheid.1,bereikbaarheid.2,maatwerk.1,maatwerk.2,tijdigheid.1\n" +
            "A3,8,4,5,3,weet niet,\nA4,6,,2,,,1\nA5,7,0,0,,,\n"), ResponseMode.Telefoon));
        Assert.Empty(imported.Errors);

        var (answers, scores) = await _db.DbAsync(async db => (
            await db.Answers.AsNoTracking().ToListAsync(),
            await db.ResponseScores.AsNoTracking().ToListAsync()));
        var responses = answers.Select(a => a.ResponseId).Concat(scores.Select(s => s.ResponseId)).Distinct().ToList();
        Assert.Equal(5, responses.Count);
        foreach (var response in responses)
        {
            var recomputed = ResponseScore.Summarize(response,
                answers.Where(a => a.ResponseId == response).OrderBy(a => a.ItemId, StringComparer.Ordinal).Select(a => (a.ItemId, a.Value)));
            Assert.Equal(Rows(recomputed), Rows(scores.Where(s => s.ResponseId == response)));
        }

        // The web respondent's summary, by hand: bereikbaarheid 3 + weet niet, persoonlijke aandacht weet niet only,
        // maatwerk emptied.
        var web = await ResponseIdAsync("A1");
        Assert.Equal(["bereikbaarheid answered 2 scored 1 sum 3", "persoonlijke_aandacht answered 1 scored 0 sum 0"],
            Rows(scores.Where(s => s.ResponseId == web)));
    }

    private static List<string> Rows(IEnumerable<ResponseScore> scores) =>
        [.. scores.Select(s => $"{s.PrincipleId} answered {s.Answered} scored {s.Scored} sum {s.Sum}").Order(StringComparer.Ordinal)];

    private Task<long> ResponseIdAsync(string participantRef) => _db.DbAsync(db => (
        from p in db.Participants
        join i in db.Invitations on p.Id equals i.ParticipantId
        join r in db.Responses on i.Id equals r.InvitationId
        where p.Ref == participantRef
        select r.Id).SingleAsync());

    private Task<string> AddTokenAsync(string participantRef) => _db.DbAsync(async db =>
    {
        var invitation = await db.Invitations.Where(i => db.Participants.Any(p => p.Id == i.ParticipantId && p.Ref == participantRef))
            .Select(i => i.Id).SingleAsync();
        var token = InvitationToken.Generate();
        db.InvitationTokens.Add(new IssuedToken
        {
            Hash = InvitationToken.Hash(token), InvitationId = invitation, Purpose = TokenPurpose.Answer, CreatedAt = ImportTestDatabase.Now,
        });
        await db.SaveChangesAsync();
        return token;
    });

    private Task SaveAsync(string token, int step, params (string ItemId, string Value)[] answers) => _db.WithAsync(async sp =>
    {
        var service = sp.GetRequiredService<ResponseService>();
        var session = await service.FindAsync(token);
        Assert.NotNull(session);
        var outcome = await service.SaveStepAsync(session, step, step + 1,
            new StepInput(answers.ToDictionary(a => a.ItemId, a => (string?)a.Value)));
        Assert.Equal(StepOutcomeKind.Saved, outcome.Kind);
        return 0;
    });
}

/// <summary>Answer summaries on SQLite.</summary>
public sealed class AnswerSummaryTestsOnSqlite() : AnswerSummaryTests(DatabaseProvider.Sqlite);

/// <summary>Answer summaries on PostgreSQL.</summary>
public sealed class AnswerSummaryTestsOnPostgreSql() : AnswerSummaryTests(DatabaseProvider.PostgreSql);
