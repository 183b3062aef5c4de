using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Paper;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UglyToad.PdfPig;

namespace Klantmeting.Tests.Paper;

/// <summary>
/// A paper round as an administrator runs it: print the questionnaires of a Werkplein (HTML) and one again (PDF, the
/// code read back from the PDF text), enter one by its code with the errors on the way, and find it complete with
/// mode papier in the response rates, the per-mode rates and the score cells.
/// </summary>
public sealed partial class PaperPagesTests : IAsyncDisposable
{
    private const string Admin = "beheer@ako.test";
    private const string Questionnaire = "werkzoekenden-2009";
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-paper-pages-").FullName;
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 9, 16, 8, 0, 0, TimeSpan.Zero));
    private WebApplicationFactory<Program>? _app;
    private TestDatabase? _database;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Printed_questionnaires_are_entered_by_code_and_count_as_complete_paper_responses(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        var list = await client.GetStringAsync("/beheer/rondes/Papier/papier");
        Assert.Contains("Werkplein Zo&#xEB; (WP-Z)", list, StringComparison.Ordinal);

        using var print = await client.PostAsync("/beheer/rondes/Papier/papier?handler=Print", Form(list, [new("werkplein", "WP-Z")]));
        var sheets = await print.Content.ReadAsStringAsync();
        var codes = CodeRegex().Matches(sheets).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, codes.Count);
        Assert.Contains("Deelnemer P1", sheets, StringComparison.Ordinal);
        using var again = await client.PostAsync("/beheer/rondes/Papier/papier?handler=Print", Form(list, [new("werkplein", "WP-Z")]));
        Assert.Contains("Er zijn geen vragenlijsten meer om af te drukken", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // One participant again, as a PDF: a new code, read back from the PDF's text.
        using var pdf = await client.PostAsync("/beheer/rondes/Papier/papier?handler=Pdf", Form(list, [new("ref", "P2")]));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        var pdfCode = Regex.Match(text, "Antwoordcode: ([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2})").Groups[1].Value;
        Assert.NotNull(ResponseCode.Normalize(pdfCode, out _));
        Assert.DoesNotContain(pdfCode, codes);
        Assert.Contains("Deelnemer P2", text, StringComparison.Ordinal);

        var entry = await client.GetStringAsync("/beheer/rondes/Papier/invoer");
        var wrongCheck = codes[0][..^1] + ResponseCode.Alphabet.First(c => c != codes[0][^1]);
        Assert.Contains("het controleteken (het laatste teken) past niet", await FindAsync(client, entry, wrongCheck), StringComparison.Ordinal);
        Assert.Contains("is onbekend in ronde Papier", await FindAsync(client, entry, ResponseCode.Generate()), StringComparison.Ordinal);
        var form = await FindAsync(client, entry, codes[0].ToLowerInvariant());
        Assert.Contains("Vragenlijst van deelnemer <strong>P1</strong>", form, StringComparison.Ordinal);

        var survey = _app!.Services.GetRequiredService<ISurveyCatalog>().Get(Questionnaire);
        var statements = survey.Statements.Select(s => s.Id).ToList();
        KeyValuePair<string, string>[] Answers(string first) =>
            [new("code", codes[0]), .. statements.Select((id, n) => new KeyValuePair<string, string>($"antwoord[{id}]", n == 0 ? first : n == 1 ? "0" : "4")),
             new("totaaloordeel", "8"), new("toelichting", "Vriendelijk geholpen.")];
        using var invalid = await client.PostAsync("/beheer/rondes/Papier/invoer?handler=Save", Form(form, Answers("7")));
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains($"({statements[0]}) is &#x27;7&#x27;. Typ 1 tot en met 5, 0 voor weet niet", invalidHtml, StringComparison.Ordinal);
        Assert.Equal(0, await WithDbAsync(db => db.Responses.CountAsync()));

        using var saved = await client.PostAsync("/beheer/rondes/Papier/invoer?handler=Save", Form(invalidHtml, Answers("5")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var next = await client.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Opgeslagen: de antwoorden van deelnemer P1.", next, StringComparison.Ordinal);
        Assert.Contains("zijn al ingevoerd (op papier", await FindAsync(client, next, codes[0]), StringComparison.Ordinal);
        using var twice = await client.PostAsync("/beheer/rondes/Papier/invoer?handler=Save", Form(invalidHtml, Answers("5")));
        Assert.Contains("zijn al ingevoerd (op papier", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await AssertCompletePaperResponseAsync(statements);

        await WithDbAsync(db => db.Rounds.ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RoundState.Closed)));
        Assert.Contains("Ronde Papier is gesloten", await FindAsync(client, next, codes[1]), StringComparison.Ordinal);
    }

    private async Task AssertCompletePaperResponseAsync(List<string> statements)
    {
        var response = await WithDbAsync(db => db.Responses.Include(r => r.Answers).Include(r => r.Scores).SingleAsync());
        Assert.Equal((ResponseMode.Papier, 8, "Vriendelijk geholpen."), (response.Mode, response.Grade!.Value, response.Comment));
        Assert.NotNull(response.CompletedAt);
        Assert.Equal(statements.Count, response.Answers.Count);
        Assert.Equal(Answer.DontKnow, response.Answers.Single(a => a.ItemId == statements[1]).Value);
        Assert.Equal(ResponseScore.Summarize(response.Id, response.Answers.Select(a => (a.ItemId, a.Value))).Sum(s => s.Sum), response.Scores.Sum(s => s.Sum));

        await using var scope = _app!.Services.CreateAsyncScope();
        var results = scope.ServiceProvider.GetRequiredService<ResultsService>();
        var rate = (await results.ComputeResponseRatesAsync("Papier")).Single(r => r.Werkplein == ResultKeys.National && r.Breakdown == ResultKeys.Total);
        Assert.Equal((3, 1), (rate.Invited, rate.Complete));
        var mode = (await results.ComputeModeRatesAsync("Papier")).Single(r => r.Werkplein == ResultKeys.National);
        Assert.Equal((RateMode.Papier, 1), (mode.Mode, mode.Complete));
        var cells = await results.ComputeCellsAsync("Papier");
        var paper = cells.Single(c => c.Werkplein == ResultKeys.National && c.Breakdown == ResultKeys.Mode && c.Measure == SurveyDefinition.GradeItemId);
        Assert.Equal(("papier", true), (paper.Group, paper.Suppressed)); // one respondent: below the minimum cell size
        Assert.DoesNotContain(cells, c => c.Breakdown == ResultKeys.Mode && c.Group != "papier");
        var audit = await WithDbAsync(db => db.AuditEntries.Where(e => e.Round == "Papier").Select(e => e.Details).ToListAsync());
        Assert.Contains("papieren vragenlijst van deelnemer P1 ingevoerd", audit);
    }

    private static async Task<string> FindAsync(HttpClient client, string page, string code)
    {
        using var found = await client.PostAsync("/beheer/rondes/Papier/invoer?handler=Find", Form(page, [new("code", code)]));
        return await found.Content.ReadAsStringAsync();
    }

    private async Task<T> WithDbAsync<T>(Func<KlantmetingDbContext, Task<T>> action)
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>());
    }

    private async Task<HttpClient> StartAsync(DatabaseProvider provider)
    {
        _database = await TestDatabase.CreateAsync(provider, _folder);
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            foreach (var (key, value) in _database.Settings)
            {
                b.UseSetting(key, value);
            }

            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Demo:Seed", "false");
            b.ConfigureTestServices(s => s.RemoveAll<TimeProvider>().AddSingleton<TimeProvider>(_clock));
        });
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await SeedAsync(scope.ServiceProvider);
        }

        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var signIn = await AccessAppFactory.PostSignInAsync(client, Admin, AccessAppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static async Task SeedAsync(IServiceProvider sp)
    {
        await sp.GetRequiredService<UserService>().CreateAsync(Admin, Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        var round = await sp.GetRequiredService<RoundService>().CreateAsync("Papier", Questionnaire, new DateOnly(2030, 9, 1), new DateOnly(2030, 11, 30),
            null, new RoundModeSettings(RoundMode.Papier));
        var db = sp.GetRequiredService<KlantmetingDbContext>();
        var werkplein = db.Werkpleinen.Add(new Werkplein { Code = "WP-Z", Name = "Werkplein Zoë" }).Entity;
        await db.SaveChangesAsync();
        foreach (var reference in new[] { "P1", "P2", "P3" })
        {
            var participant = db.Participants.Add(new Participant { RoundId = round.Id, Ref = reference, WerkpleinId = werkplein.Id }).Entity;
            await db.SaveChangesAsync();
            db.Invitations.Add(new Invitation { ParticipantId = participant.Id, RoundId = round.Id, State = InvitationState.Pending, NextAttemptAt = DateTime.UtcNow });
        }

        await db.SaveChangesAsync();
        await sp.GetRequiredService<RoundService>().OpenAsync("Papier");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static FormUrlEncodedContent Form(string html, KeyValuePair<string, string>[] fields) =>
        new([new("__RequestVerificationToken", TokenRegex().Match(html).Groups[1].Value), .. fields]);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    [GeneratedRegex("data-testid=\"code\">([2-9A-Z-]{12})<")]
    private static partial Regex CodeRegex();
}
