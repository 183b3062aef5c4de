using Klantmeting.Cli;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Imports;

/// <summary>
/// Issue 13 §2-4: identifier formats (Werkplein codes, round names, <c>db check</c>), control characters in every
/// imported field, and a BSN in every written form. Runs on every provider: see the subclasses below.
/// </summary>
public abstract class ImportSafetyTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Header = "ref,email,werkplein,vaste_contactpersoon,uitkering,opmerking";
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: provider);
        await _db.SeedAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => _db.RunCliAsync(args);

    [Theory]
    [InlineData("111.22.2333")]
    [InlineData("1112 22333")]
    [InlineData("111-22-2333")]
    [InlineData("0111222333")]
    [InlineData("111222333")]
    public async Task A_bsn_in_any_written_form_is_refused_as_ref_and_as_free_attribute(string bsn)
    {
        var result = await _db.ImportParticipantsAsync("R1", Header + $"\n{bsn},a@example.nl,WP-AMS,ja,WW,x\nA2,b@example.nl,WP-AMS,ja,WW,{bsn}\n");

        Assert.Contains(result.Errors, e => e is { Line: 2, Field: "ref" } && e.Message.Contains("lijkt een BSN", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e is { Line: 3, Field: "opmerking" } && e.Message.Contains("lijkt een BSN", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains(bsn, StringComparison.Ordinal));
        Assert.Equal(0, await _db.DbAsync(db => db.Participants.CountAsync()));
    }

    [Theory]
    [InlineData("111222334")]      // fails the eleven-test
    [InlineData("00111222333")]    // two leading zeros: not a BSN form
    [InlineData("1112223330")]     // ten digits without a leading zero
    [InlineData("111.22.2333a")]
    public void Values_that_are_no_bsn_pass(string value) => Assert.False(ImportChecks.LooksLikeBsn(value));

    [Fact]
    public async Task Control_characters_are_refused_in_every_imported_field_with_line_and_field()
    {
        var participants = await _db.ImportParticipantsAsync("R1", Header + "\nn2\0x,a@example.nl,WP-AMS,ja,WW,\nA2,b@example.nl,WP-AMS,ja,WW,vrij\u0001tekst\nA3,c@example.nl,WP-AMS,ja,WW,met\ttab\n");

        Assert.Contains(participants.Errors, e => e is { Line: 2, Field: "ref" } && e.Message.Contains("stuurteken (code 00)", StringComparison.Ordinal));
        Assert.Contains(participants.Errors, e => e is { Line: 3, Field: "opmerking" } && e.Message.Contains("stuurteken (code 01)", StringComparison.Ordinal));
        Assert.DoesNotContain(participants.Errors, e => e.Line == 4);
        Assert.Equal(0, await _db.DbAsync(db => db.Participants.CountAsync()));

        var werkpleinen = await _db.ImportWerkpleinenAsync("code,naam,regio\nWP-X,Naam\0NUL,\nWP-Y,Goed,Re\u001Fgio\n");
        Assert.Contains(werkpleinen.Errors, e => e is { Line: 2, Field: "naam" } && e.Message.Contains("stuurteken", StringComparison.Ordinal));
        Assert.Contains(werkpleinen.Errors, e => e is { Line: 3, Field: "regio" } && e.Message.Contains("stuurteken (code 1F)", StringComparison.Ordinal));
        Assert.Equal(3, await _db.DbAsync(db => db.Werkpleinen.CountAsync()));

        Assert.Empty((await _db.ImportParticipantsAsync("R1", Header + "\nA1,a@example.nl,WP-AMS,ja,WW,\n")).Errors);
        var file = _db.WriteFile("telefoon.csv", "ref,totaaloordeel,toelichting\nA1,8,Goed\0geholpen\n");
        var responses = await _db.WithAsync(sp => sp.GetRequiredService<ResponseImporter>().ImportAsync("R1", file, ResponseMode.Telefoon));
        Assert.Contains(responses.Errors, e => e is { Line: 2, Field: "toelichting" } && e.Message.Contains("stuurteken", StringComparison.Ordinal));
        Assert.Equal(0, await _db.DbAsync(db => db.Responses.CountAsync()));

        // The command line names the file, the line and the field.
        var (code, _, error) = await RunAsync("werkpleinen", "import", _db.WriteFile("wp.csv", "code,naam\nWP-Z,Z\0\n"));
        Assert.Equal(1, code);
        Assert.Contains("wp.csv:2: veld naam: het veld bevat een onzichtbaar stuurteken (code 00)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Werkplein_codes_have_a_format_and_are_unique_without_regard_to_case()
    {
        var result = await _db.ImportWerkpleinenAsync(
            "code,naam\n<b>WP</b>,Html\n=2+3,Formule\nWP_1,Liggend streepje\nABCDEFGHIJKLMNOPQRSTU,Te lang\nWP-NIEUW,Nieuw\nwp-nieuw,Nog eens\n");

        foreach (var line in new[] { 2, 3, 4, 5 })
        {
            Assert.Contains(result.Errors, e => e.Line == line && e.Field == "code" && e.Message.Contains(WerkpleinCode.Rule, StringComparison.Ordinal));
        }

        Assert.Contains(result.Errors, e => e is { Line: 7, Field: "code" } && e.Message.Contains("komt al voor op regel 6", StringComparison.Ordinal));
        Assert.Equal(5, result.Errors.Count);
        Assert.Equal(3, await _db.DbAsync(db => db.Werkpleinen.CountAsync()));

        // A code in another case is the same Werkplein: it is updated, not added.
        Assert.Empty((await _db.ImportWerkpleinenAsync("code,naam\nwp-ams,Amsterdam Centrum\nABCDEFGHIJKLMNOPQRST,Twintig tekens\n")).Errors);
        Assert.Equal(["ABCDEFGHIJKLMNOPQRST", "WP-AMS:Amsterdam Centrum"],
            await _db.DbAsync(db => db.Werkpleinen.Where(w => w.Code == "WP-AMS" || w.Code.StartsWith("ABC"))
                .OrderBy(w => w.Code).Select(w => w.Code == "WP-AMS" ? w.Code + ":" + w.Name : w.Code).ToListAsync()));
    }

    [Theory]
    [InlineData("../../x?a=1#b", "/ of \\")]
    [InlineData("a\\b", "/ of \\")]
    [InlineData("=HYPERLINK(1)", "begint met =")]
    [InlineData("+T3", "begint met +")]
    [InlineData("-T3", "begint met -")]
    [InlineData("@T3", "begint met @")]
    [InlineData(" T3", "spatie")]
    [InlineData("T3 ", "spatie")]
    [InlineData("T3\u00002009", "stuurteken")]
    [InlineData("T3\t2009", "stuurteken")]
    [InlineData("T3\u202E2009", "onzichtbaar teken")]
    public async Task Round_names_have_a_format_and_the_error_names_the_rule(string name, string problem)
    {
        var error = await Assert.ThrowsAsync<RoundException>(() => _db.WithAsync(sp => sp.GetRequiredService<RoundService>()
            .CreateAsync(name, "werkzoekenden-2009", new DateOnly(2009, 3, 1), new DateOnly(2009, 4, 30))));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("Regel: " + RoundName.Rule, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await _db.DbAsync(db => db.Rounds.CountAsync()));
    }

    [Fact]
    public async Task The_command_line_refuses_a_round_name_that_breaks_its_web_address_with_the_same_message()
    {
        var (code, _, error) = await RunAsync("rounds", "create", "--name", "../../x?a=1#b", "--questionnaire", "werkzoekenden-2009", "--from", "2009-03-01", "--to", "2009-04-30");

        Assert.Equal(1, code);
        Assert.Contains(RoundName.Check("../../x?a=1#b")!, error, StringComparison.Ordinal);
        Assert.Equal(1, await _db.DbAsync(db => db.Rounds.CountAsync()));
    }

    [Fact]
    public async Task Round_names_up_to_100_printable_characters_are_fine()
    {
        Assert.Null(RoundName.Check(new string('x', 100)));
        Assert.Contains("te lang (101 tekens)", RoundName.Check(new string('x', 101))!, StringComparison.Ordinal);
        Assert.Null(RoundName.Check("Najaar 2009, T3 (werkzoekenden) – Zoë's ronde #2"));
        var (code, _, _) = await RunAsync("rounds", "create", "--name", "T3 2009 – één", "--questionnaire", "werkzoekenden-2009", "--from", "2009-03-01", "--to", "2009-04-30");
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Db_check_lists_every_row_that_breaks_a_rule_and_changes_nothing()
    {
        var clean = await RunAsync("db", "check");
        Assert.Equal(0, clean.Code);
        Assert.Contains("Geen problemen gevonden", clean.Out, StringComparison.Ordinal);

        // Rows from before the rules, written directly.
        var ids = await _db.DbAsync(async db =>
        {
            var formula = new Werkplein { Code = "=2+3", Name = "Formule" };
            var nul = new Werkplein { Code = "WP-N\u0001UL", Name = "Nul" };
            var lower = new Werkplein { Code = "wp-ams", Name = "Kleine letters" };
            var round = new Round { Name = "../../x?a=1#b", QuestionnaireId = "werkzoekenden-2009", CreatedAt = ImportTestDatabase.Now };
            db.AddRange(formula, nul, lower, round);
            await db.SaveChangesAsync();
            return (Formula: formula.Id, Nul: nul.Id, Lower: lower.Id, Round: round.Id);
        });
        var amsterdam = await _db.DbAsync(db => db.Werkpleinen.Where(w => w.Code == "WP-AMS").Select(w => w.Id).SingleAsync());

        var (code, output, error) = await RunAsync("db", "check");

        Assert.Equal(1, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.StartsWith($"Werkplein {ids.Formula} ('=2+3'): ", StringComparison.Ordinal) && l.Contains(WerkpleinCode.Rule, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Werkplein {ids.Nul} ('WP-N\\u0001UL'): ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Werkplein {ids.Lower} ('wp-ams'): dezelfde code als Werkplein {amsterdam} ('WP-AMS')", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Ronde {ids.Round} ('../../x?a=1#b'): ", StringComparison.Ordinal) && l.Contains(RoundName.Rule, StringComparison.Ordinal));
        Assert.Contains("4 probleem/problemen gevonden", error, StringComparison.Ordinal);
        Assert.Equal("../../x?a=1#b", await _db.DbAsync(db => db.Rounds.Where(r => r.Id == ids.Round).Select(r => r.Name).SingleAsync()));

        // With two Werkpleinen that differ only in case, an import cannot tell which one a row means.
        var participants = await _db.ImportParticipantsAsync("R1", Header + "\nA1,a@example.nl,WP-AMS,ja,WW,\n");
        Assert.Contains(participants.Errors, e => e is { Line: 2, Field: "werkplein" } && e.Message.Contains("meer dan één Werkplein", StringComparison.Ordinal));
        var werkpleinen = await _db.ImportWerkpleinenAsync("code,naam\nWP-AMS,Amsterdam\n");
        Assert.Contains(werkpleinen.Errors, e => e is { Line: 2, Field: "code" } && e.Message.Contains("meer dan één Werkplein", StringComparison.Ordinal));
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class ImportSafetyTestsOnSqlite() : ImportSafetyTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class ImportSafetyTestsOnPostgreSql() : ImportSafetyTests(DatabaseProvider.PostgreSql);
