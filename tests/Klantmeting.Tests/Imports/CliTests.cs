using Klantmeting.Infrastructure.Data;
using Klantmeting.Cli;

namespace Klantmeting.Tests.Imports;

/// <summary>Runs on every provider: see the subclasses below.</summary>
public abstract class CliTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await ImportTestDatabase.CreateAsync(provider: provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => _db.RunCliAsync(args);

    [Fact]
    public async Task Whole_flow_imports_and_lists_the_round_with_its_participant_count()
    {
        var werkpleinen = _db.WriteFile("wp.csv", "code;naam;regio\nWP-AMS;Werkplein Amsterdam;\n");
        var participants = _db.WriteFile("p.csv", "ref;email;werkplein;vaste_contactpersoon;uitkering\nA1;a1@example.nl;WP-AMS;ja;WW\nA2;a2@example.nl;WP-AMS;nee;AO\n");

        Assert.Equal(0, (await RunAsync("werkpleinen", "import", werkpleinen)).Code);
        Assert.Equal(0, (await RunAsync("rounds", "create", "--name", "Voorjaar 2009", "--questionnaire", "werkzoekenden-2009", "--from", "2009-03-01", "--to", "2009-04-30")).Code);
        var import = await RunAsync("participants", "import", "--round", "Voorjaar 2009", participants);
        Assert.Equal(0, import.Code);
        Assert.Contains("2 deelnemers opgeslagen, 0 regels overgeslagen", import.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("rounds", "open", "Voorjaar 2009")).Code);

        var list = await RunAsync("rounds", "list");

        Assert.Equal(0, list.Code);
        var line = list.Out.Split('\n').Single(l => l.StartsWith("Voorjaar 2009", StringComparison.Ordinal));
        Assert.Matches(@"Voorjaar 2009\s+werkzoekenden-2009\s+open\s+2009-03-01\s+2009-04-30\s+dag 7, 14\s+2$", line.TrimEnd());
    }

    [Fact]
    public async Task Rounds_get_their_reminders_and_wrong_reminders_are_refused_with_a_clear_error()
    {
        var none = await RunAsync("rounds", "create", "--name", "Zonder", "--questionnaire", "werkzoekenden-2009", "--from", "2009-03-01", "--to", "2009-04-30", "--reminders", "none");
        Assert.Equal(0, none.Code);
        Assert.Contains("herinneringen geen", none.Out, StringComparison.Ordinal);
        var three = await RunAsync("rounds", "create", "--name", "Drie", "--questionnaire", "werkzoekenden-2009", "--from", "2009-03-01", "--to", "2009-04-30", "--reminders", "5,10,20");
        Assert.Equal(0, three.Code);

        var wrong = await RunAsync("rounds", "create", "--name", "Fout", "--questionnaire", "werkzoekenden-2009", "--from", "2009-03-01", "--to", "2009-04-30", "--reminders", "14,7");
        Assert.Equal(1, wrong.Code);
        Assert.Contains("Herinneringen: de dagen moeten oplopen (14 staat voor 7)", wrong.Err, StringComparison.Ordinal);

        var list = (await RunAsync("rounds", "list")).Out;
        Assert.Matches(@"Zonder\s.*\sgeen\s+0", list);
        Assert.Matches(@"Drie\s.*\sdag 5, 10, 20\s+0", list);
        Assert.DoesNotContain("Fout", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_errors_exit_1_and_list_every_error_as_file_line_field()
    {
        await _db.SeedAsync();
        var file = _db.WriteFile("fout.csv", "ref,email,werkplein,vaste_contactpersoon,uitkering\nA1,a1@example.nl,WP-AMS,ja,WW\nA2,jan@@x,WP-AMS,ja,WW\nA3,a3@example.nl,WP-??,ja,WW\n");

        var (code, output, error) = await RunAsync("participants", "import", "--round", "R1", file);

        Assert.Equal(1, code);
        Assert.Contains($"{file}:3: veld email: 'jan@@x' is geen geldig e-mailadres", error, StringComparison.Ordinal);
        Assert.Contains($"{file}:4: veld werkplein: onbekende Werkplein-code 'WP-??'", error, StringComparison.Ordinal);
        Assert.Contains("er is niets opgeslagen", error, StringComparison.Ordinal);
        Assert.DoesNotContain("opgeslagen,", output, StringComparison.Ordinal);

        var skipped = await RunAsync("participants", "import", "--round", "R1", file, "--skip-invalid");
        Assert.Equal(0, skipped.Code);
        Assert.Contains("1 deelnemer opgeslagen, 2 regels overgeslagen", skipped.Out, StringComparison.Ordinal);
        Assert.Contains($"{file}:3: veld email:", skipped.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_errors_exit_1_with_a_dutch_message()
    {
        await _db.SeedAsync();
        var file = _db.WriteFile("p.csv", "ref,email,werkplein,vaste_contactpersoon,uitkering\n");

        var unknownRound = await RunAsync("participants", "import", "--round", "Bestaat niet", file);
        Assert.Equal(1, unknownRound.Code);
        Assert.Contains("Er is geen ronde met de naam 'Bestaat niet'", unknownRound.Err, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("rounds", "open", "R1")).Code);
        Assert.Equal(0, (await RunAsync("rounds", "close", "R1")).Code);
        var closed = await RunAsync("participants", "import", "--round", "R1", file);
        Assert.Equal(1, closed.Code);
        Assert.Contains("gesloten", closed.Err, StringComparison.Ordinal);

        var missingFile = await RunAsync("werkpleinen", "import", Path.Combine(_db.Folder, "nergens.csv"));
        Assert.Equal(1, missingFile.Code);
        Assert.Contains("kan niet gelezen worden", missingFile.Err, StringComparison.Ordinal);

        var badQuestionnaire = await RunAsync("rounds", "create", "--name", "X", "--questionnaire", "bestaat-niet", "--from", "2009-03-01", "--to", "2009-04-30");
        Assert.Equal(1, badQuestionnaire.Code);
        Assert.Contains("Onbekende vragenlijst 'bestaat-niet'", badQuestionnaire.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("participants", "import", "p.csv")]
    [InlineData("rounds", "create", "--name", "X", "--questionnaire", "werkzoekenden-2009", "--from", "1-3-2009", "--to", "2009-04-30")]
    [InlineData("rounds", "verwijder", "X")]
    [InlineData]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("klantmeting --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_date_says_how_to_write_it()
    {
        var (_, _, error) = await RunAsync("rounds", "create", "--name", "X", "--questionnaire", "werkzoekenden-2009", "--from", "1-3-2009", "--to", "2009-04-30");
        Assert.Contains("'1-3-2009' is geen datum; schrijf JJJJ-MM-DD", error, StringComparison.Ordinal);
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class CliTestsOnSqlite() : CliTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class CliTestsOnPostgreSql() : CliTests(DatabaseProvider.PostgreSql);
