using Klantmeting.Infrastructure.Data;
using System.Text;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Imports;

/// <summary>Runs on every provider: see the subclasses below.</summary>
public abstract class ResponseImporterTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Header = "ref,totaaloordeel,bereikbaarheid.1,bereikbaarheid.2,maatwerk.1,toelichting";
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: provider);
        await _db.SeedAsync();
        var participants = await _db.ImportParticipantsAsync("R1",
            "ref,email,werkplein,vaste_contactpersoon,uitkering\n" +
            string.Concat(Enumerable.Range(1, 6).Select(i => $"A{i},a{i}@example.nl,WP-AMS,ja,WW\n")));
        Assert.Empty(participants.Errors);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<ImportResult> ImportAsync(string csv, ResponseMode mode = ResponseMode.Telefoon, bool skipInvalid = false,
        Encoding? encoding = null, string round = "R1") =>
        _db.WithAsync(sp => sp.GetRequiredService<ResponseImporter>()
            .ImportAsync(round, _db.WriteFile($"r-{Guid.NewGuid():N}.csv", csv, encoding), mode, skipInvalid));

    private static void AssertError(ImportResult result, int line, string? field, string messagePart)
    {
        Assert.True(result.Errors.Any(e => e.Line == line && e.Field == field && e.Message.Contains(messagePart, StringComparison.Ordinal)),
            $"Expected line {line}, field {field ?? "(none)"}: '{messagePart}'. Got:\n{string.Join("\n", result.Errors)}");
    }

    private Task<int> ResponseCountAsync() => _db.DbAsync(db => db.Responses.CountAsync());

    private Task<int> AnswerCountAsync() => _db.DbAsync(db => db.Answers.CountAsync());

    private Task<Response> ResponseOfAsync(string participantRef) => _db.DbAsync(db => (
            from p in db.Participants
            join i in db.Invitations on p.Id equals i.ParticipantId
            join r in db.Responses.Include(r => r.Answers) on i.Id equals r.InvitationId
            where p.Ref == participantRef
            select r).SingleAsync());

    [Fact]
    public async Task Valid_file_stores_complete_responses_with_mode_grade_comment_and_answers()
    {
        var result = await ImportAsync(Header + "\nA1,8,4,5,3,Prima geholpen\nA2,,2,,weet niet,\n");

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.RowsStored);
        var a1 = await ResponseOfAsync("A1");
        Assert.Equal(ResponseMode.Telefoon, a1.Mode);
        Assert.Equal(8, a1.Grade);
        Assert.Equal("Prima geholpen", a1.Comment);
        Assert.Equal(ImportTestDatabase.Now, a1.StartedAt);
        Assert.Equal(ImportTestDatabase.Now, a1.UpdatedAt);
        Assert.Equal(ImportTestDatabase.Now, a1.CompletedAt);
        Assert.Equal(0, a1.CurrentStep);
        Assert.Equal(await _db.DbAsync(db => db.Rounds.Select(r => r.Id).SingleAsync()), a1.RoundId);
        Assert.Equal(["bereikbaarheid.1=4", "bereikbaarheid.2=5", "maatwerk.1=3"],
            a1.Answers.OrderBy(a => a.ItemId, StringComparer.Ordinal).Select(a => $"{a.ItemId}={a.Value}"));
        var invitation = await _db.DbAsync(db => (
            from p in db.Participants join i in db.Invitations on p.Id equals i.ParticipantId where p.Ref == "A1" select i.Id).SingleAsync());
        Assert.Equal(invitation, a1.InvitationId);

        // Empty cells are not answered: no grade, no comment, no answer row.
        var a2 = await ResponseOfAsync("A2");
        Assert.Null(a2.Grade);
        Assert.Null(a2.Comment);
        Assert.Equal(["bereikbaarheid.1=2", "maatwerk.1=0"],
            a2.Answers.OrderBy(a => a.ItemId, StringComparer.Ordinal).Select(a => $"{a.ItemId}={a.Value}"));
    }

    [Fact]
    public async Task Import_writes_the_per_principle_summary_the_results_read()
    {
        var result = await ImportAsync(Header + "\nA1,8,4,5,3,\nA2,,2,weet niet,,\nA3,7,,,,\n");

        Assert.Empty(result.Errors);
        var scores = await _db.DbAsync(db => (
            from s in db.ResponseScores
            join r in db.Responses on s.ResponseId equals r.Id
            join i in db.Invitations on r.InvitationId equals i.Id
            join p in db.Participants on i.ParticipantId equals p.Id
            orderby p.Ref, s.PrincipleId
            select $"{p.Ref} {s.PrincipleId} answered={s.Answered} scored={s.Scored} sum={s.Sum}").ToListAsync());
        // A3 answered no statement: no row. "weet niet" counts as answered, not as scored.
        Assert.Equal(
        [
            "A1 bereikbaarheid answered=2 scored=2 sum=9",
            "A1 maatwerk answered=1 scored=1 sum=3",
            "A2 bereikbaarheid answered=2 scored=1 sum=2",
        ], scores);
    }

    [Fact]
    public async Task Mode_papier_is_stored()
    {
        Assert.Empty((await ImportAsync("ref,totaaloordeel\nA1,7\n", ResponseMode.Papier)).Errors);

        Assert.Equal(ResponseMode.Papier, (await ResponseOfAsync("A1")).Mode);
    }

    [Fact]
    public async Task Web_mode_cannot_be_imported()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ImportAsync("ref,totaaloordeel\nA1,7\n", ResponseMode.Web));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("weet niet")]
    [InlineData("Weet Niet")]
    [InlineData("nvt")]
    [InlineData("NVT")]
    [InlineData("n.v.t.")]
    [InlineData("N.V.T.")]
    [InlineData(" weet niet ")]
    public async Task Every_spelling_of_weet_niet_is_stored_as_dont_know(string spelling)
    {
        var result = await ImportAsync($"ref,maatwerk.1\nA1,{spelling}\n");

        Assert.Empty(result.Errors);
        Assert.Equal(Answer.DontKnow, (await ResponseOfAsync("A1")).Answers.Single().Value);
    }

    [Fact]
    public async Task Headers_are_case_insensitive_and_trimmed_and_stored_with_the_questionnaire_ids()
    {
        var result = await ImportAsync(" REF ; Totaaloordeel ;Maatwerk.1;TOELICHTING\nA1;6;2;\n");

        Assert.Empty(result.Errors);
        var response = await ResponseOfAsync("A1");
        Assert.Equal(6, response.Grade);
        Assert.Equal("maatwerk.1", response.Answers.Single().ItemId);
    }

    [Fact]
    public async Task Every_row_error_is_reported_with_line_and_field_and_nothing_is_stored()
    {
        await _db.WithAsync(sp => sp.GetRequiredService<ResponseImporter>()
            .ImportAsync("R1", _db.WriteFile("eerder.csv", "ref,totaaloordeel\nA6,7\n"), ResponseMode.Telefoon));
        var csv = string.Join("\n",
            Header,
            "A1,8,4,5,3,goed",          // 2 valid
            "X9,8,4,5,3,",              // 3 unknown ref
            ",8,4,5,3,",                // 4 empty ref
            "A1,7,4,4,4,",              // 5 duplicate ref in the file
            "A6,7,4,4,4,",              // 6 already complete in the round
            "A2,11,4,4,4,",             // 7 grade out of range
            "A3,7.5,4,4,4,",            // 8 grade not a whole number
            "A4,7,6,4,4,",              // 9 statement out of range
            "A5,7,4,ja,4,",             // 10 statement not a number
            "A2,,,,,",                  // 11 (A2 again: duplicate) no answers
            "A3,,,,,alleen tekst",      // 12 (A3 again) only a comment
            "A4,7,4") + "\n";           // 13 wrong field count

        var result = await ImportAsync(csv);

        AssertError(result, 3, "ref", "ref 'X9' is onbekend in ronde 'R1'");
        Assert.Equal("regel 3, veld ref: ref 'X9' is onbekend in ronde 'R1'; alleen deelnemers van de ronde kunnen antwoorden",
            result.Errors.Single(e => e.Line == 3).ToString());
        AssertError(result, 4, "ref", "ref is leeg");
        AssertError(result, 5, "ref", "ref 'A1' komt al voor op regel 2");
        AssertError(result, 6, "ref", "ref 'A6' heeft al een volledig antwoord in ronde 'R1'");
        AssertError(result, 7, "totaaloordeel", "11 ligt niet tussen 1 en 10");
        AssertError(result, 8, "totaaloordeel", "'7.5' is geen geheel getal");
        AssertError(result, 9, "bereikbaarheid.1", "6 ligt niet tussen 1 en 5");
        AssertError(result, 10, "bereikbaarheid.2", "'ja' is geen geldig antwoord; gebruik 1 tot en met 5, of 0 / weet niet / nvt");
        AssertError(result, 11, "ref", "ref 'A2' komt al voor op regel 7");
        AssertError(result, 11, null, "geen enkel antwoord");
        AssertError(result, 12, null, "alleen een toelichting");
        AssertError(result, 13, null, "3 velden in plaats van 6");
        Assert.Equal(13, result.Errors.Count);
        Assert.Equal(12, result.RowsRead);
        Assert.Equal(0, result.RowsStored);
        Assert.Equal(1, await ResponseCountAsync()); // only the earlier A6
        Assert.Equal(0, await AnswerCountAsync());
    }

    [Fact]
    public async Task Toelichting_longer_than_the_maximum_is_an_error()
    {
        var result = await ImportAsync($"ref,totaaloordeel,toelichting\nA1,7,{new string('x', Response.MaxCommentLength + 1)}\n");

        AssertError(result, 2, "toelichting", $"toelichting is langer dan {Response.MaxCommentLength} tekens");
        Assert.Equal(0, await ResponseCountAsync());
    }

    [Fact]
    public async Task Header_errors_are_reported_once_on_line_1_with_a_suggestion_and_nothing_is_stored()
    {
        var result = await ImportAsync("ref,totaaloordeel,maatwerk_1,Totaaloordeel,bestaat.niet,maatwerk.1\nA1,7,3,7,1,2\nA2,8,3,8,1,2\n");

        AssertError(result, 1, "maatwerk_1", "onbekende kolom 'maatwerk_1': geen vraag van vragenlijst 'werkzoekenden-2009'; bedoelt u 'maatwerk.1'?");
        AssertError(result, 1, "totaaloordeel", "kolom 'Totaaloordeel' komt twee keer voor in de kopregel");
        AssertError(result, 1, "bestaat.niet", "onbekende kolom 'bestaat.niet'");
        Assert.Contains("bekend zijn: ", result.Errors.Single(e => e.Field == "bestaat.niet").Message, StringComparison.Ordinal);
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal(0, await ResponseCountAsync());
    }

    [Fact]
    public async Task Missing_ref_column_is_a_header_error()
    {
        var result = await ImportAsync("totaaloordeel,maatwerk.1\n7,3\n");

        AssertError(result, 1, "ref", "verplichte kolom 'ref' ontbreekt");
        Assert.Single(result.Errors);
        Assert.Equal(0, await ResponseCountAsync());
    }

    [Fact]
    public async Task A_header_without_any_question_is_an_error()
    {
        var result = await ImportAsync("ref,toelichting\nA1,hallo\n");

        AssertError(result, 1, null, "geen enkele vraag als kolom");
    }

    [Fact]
    public async Task Skip_invalid_stores_only_the_valid_rows_and_lists_the_invalid_ones()
    {
        var result = await ImportAsync(Header + "\nA1,8,4,5,3,\nA2,12,4,5,3,\nA3,6,,,1,\nA1,5,1,1,1,\n", skipInvalid: true);

        Assert.Equal(2, result.RowsStored);
        Assert.Equal(2, result.RowsSkipped);
        AssertError(result, 3, "totaaloordeel", "12 ligt niet tussen 1 en 10");
        AssertError(result, 5, "ref", "komt al voor op regel 2");
        Assert.Equal(2, await ResponseCountAsync());
        Assert.Equal(8, (await ResponseOfAsync("A1")).Grade);
        Assert.Equal(4, await AnswerCountAsync());
    }

    [Fact]
    public async Task A_second_import_of_the_same_refs_is_rejected_because_they_are_complete()
    {
        Assert.Empty((await ImportAsync("ref,totaaloordeel\nA1,7\nA2,8\n")).Errors);

        var second = await ImportAsync("ref,totaaloordeel\nA2,9\nA3,6\nA1,5\n");

        AssertError(second, 2, "ref", "ref 'A2' heeft al een volledig antwoord in ronde 'R1'");
        AssertError(second, 4, "ref", "ref 'A1' heeft al een volledig antwoord");
        Assert.Equal(2, second.Errors.Count);
        Assert.Equal(2, await ResponseCountAsync());
        Assert.Equal(8, (await ResponseOfAsync("A2")).Grade);

        // A later import of other refs continues the ids.
        Assert.Empty((await ImportAsync("ref,totaaloordeel\nA3,6\n")).Errors);
        Assert.Equal([1L, 2L, 3L], await _db.DbAsync(db => db.Responses.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync()));
    }

    [Fact]
    public async Task A_started_web_response_is_an_error_and_stays_as_it_is()
    {
        await _db.DbAsync(async db =>
        {
            var invitationId = await (from p in db.Participants join i in db.Invitations on p.Id equals i.ParticipantId where p.Ref == "A1" select i.Id).SingleAsync();
            var roundId = await db.Rounds.Select(r => r.Id).SingleAsync();
            db.Responses.Add(new Response
            {
                InvitationId = invitationId, RoundId = roundId, StartedAt = ImportTestDatabase.Now, UpdatedAt = ImportTestDatabase.Now, CurrentStep = 1,
                Answers = [new Answer { ItemId = "bereikbaarheid.1", Value = 2 }],
            });
            return await db.SaveChangesAsync();
        });

        var result = await ImportAsync("ref,totaaloordeel\nA1,7\n");

        AssertError(result, 2, "ref", "ref 'A1' heeft al een begonnen antwoord via het web");
        var web = await ResponseOfAsync("A1");
        Assert.Equal(ResponseMode.Web, web.Mode);
        Assert.Null(web.CompletedAt);
    }

    [Fact]
    public async Task Semicolon_separated_windows_1252_file_with_accents_in_toelichting_is_read()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = "ref;totaaloordeel;duidelijkheid.3;toelichting\r\nA1;9;5;\"Heel goed; de consulent was één en al geduld, café-sfeer\"\r\n";

        var result = await ImportAsync(csv, encoding: Encoding.GetEncoding(1252));

        Assert.Empty(result.Errors);
        Assert.Equal("Heel goed; de consulent was één en al geduld, café-sfeer", (await ResponseOfAsync("A1")).Comment);
    }

    [Theory]
    [InlineData(RoundState.Open)]
    [InlineData(RoundState.Closed)]
    public async Task Responses_can_be_imported_into_an_open_or_closed_round(RoundState state)
    {
        await _db.WithAsync(async sp =>
        {
            var rounds = sp.GetRequiredService<RoundService>();
            var round = await rounds.OpenAsync("R1");
            return state == RoundState.Closed ? await rounds.CloseAsync("R1") : round;
        });

        var result = await ImportAsync("ref,totaaloordeel\nA1,7\n");

        Assert.Empty(result.Errors);
        Assert.Equal(1, await ResponseCountAsync());
    }

    [Fact]
    public async Task Unknown_round_is_rejected()
    {
        var e = await Assert.ThrowsAsync<ImportException>(() => ImportAsync("ref,totaaloordeel\nA1,7\n", round: "R9"));
        Assert.Contains("'R9'", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class ResponseImporterTestsOnSqlite() : ResponseImporterTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class ResponseImporterTestsOnPostgreSql() : ResponseImporterTests(DatabaseProvider.PostgreSql);
