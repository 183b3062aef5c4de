using Klantmeting.Cli;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Tests.Imports;

namespace Klantmeting.Tests.Cli;

/// <summary>The command line's help and parse errors are Dutch, including System.CommandLine's built-in texts.</summary>
public sealed class CliHelpTests
{
    // Built-in English texts of System.CommandLine 3.0.0 that must never reach a user.
    private static readonly string[] _english =
    [
        "Usage:", "Options:", "Commands:", "Arguments:", "Description:", "[options]", "[command]", "(REQUIRED)",
        "Show help", "Show version", "is required", "Unrecognized", "Required argument", "Required command",
    ];

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static void AssertNoEnglish(string text)
    {
        foreach (var word in _english)
        {
            Assert.DoesNotContain(word, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_help_of_the_root_and_of_a_subcommand_is_Dutch()
    {
        var root = await RunAsync("--help");
        Assert.Equal(CliApp.Success, root.Code);
        foreach (var heading in new[] { "Omschrijving:", "Gebruik:", "  klantmeting [opties] [opdracht]", "Opties:", "Opdrachten:", "Hulp en schrijfwijze tonen", "Versie tonen", "Meetrondes beheren" })
        {
            Assert.Contains(heading, root.Out, StringComparison.Ordinal);
        }

        AssertNoEnglish(root.Out + root.Err);

        // Asking for help is never an error, even without the required options.
        var create = await RunAsync("rounds", "create", "--help");
        Assert.Equal(CliApp.Success, create.Code);
        Assert.Contains("  klantmeting rounds create [opties]", create.Out, StringComparison.Ordinal);
        Assert.Matches(@"--name <name>\s+Naam van de ronde \(uniek\) \(verplicht\)", create.Out);
        Assert.Contains("Hulp en schrijfwijze tonen", create.Out, StringComparison.Ordinal);
        AssertNoEnglish(create.Out + create.Err);

        var edit = await RunAsync("rounds", "edit", "-h");
        Assert.Contains("  klantmeting rounds edit <NAME> [opties]", edit.Out, StringComparison.Ordinal);
        Assert.Contains("Argumenten:", edit.Out, StringComparison.Ordinal);
        AssertNoEnglish(edit.Out);
    }

    [Fact]
    public async Task Parse_errors_are_Dutch()
    {
        var missing = await RunAsync("rounds", "create", "--name", "X");
        Assert.Equal(CliApp.UsageError, missing.Code);
        Assert.Contains("Fout in de opdracht: Optie '--questionnaire' is verplicht.", missing.Err, StringComparison.Ordinal);

        var unknown = await RunAsync("rondes");
        Assert.Equal(CliApp.UsageError, unknown.Code);
        Assert.Contains("Onbekende opdracht of onbekend argument 'rondes'.", unknown.Err, StringComparison.Ordinal);

        var noName = await RunAsync("rounds", "open");
        Assert.Contains("Opdracht 'open' heeft het argument NAME nodig.", noName.Err, StringComparison.Ordinal);

        var noCommand = await RunAsync("rounds");
        Assert.Contains("Geef een opdracht.", noCommand.Err, StringComparison.Ordinal);

        foreach (var result in new[] { missing, unknown, noName, noCommand })
        {
            AssertNoEnglish(result.Out + result.Err);
        }
    }
}

/// <summary><c>rounds edit</c> and <c>rounds delete</c> call the round service with its Dutch messages; on every provider.</summary>
public abstract class RoundsEditCliTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await ImportTestDatabase.CreateAsync(provider: provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => _db.RunCliAsync(args);

    [Fact]
    public async Task Edit_changes_only_what_is_given_and_delete_removes_a_draft()
    {
        Assert.Equal(0, (await RunAsync("rounds", "create", "--name", "Voorjaar 2009", "--questionnaire", "werkzoekenden-2009", "--from", "2009-03-01", "--to", "2009-04-30")).Code);

        var edit = await RunAsync("rounds", "edit", "Voorjaar 2009", "--to", "2009-05-15", "--reminders", "5,10");
        Assert.Equal(0, edit.Code);
        Assert.Contains("Ronde 'Voorjaar 2009' gewijzigd (vragenlijst werkzoekenden-2009, 2009-03-01 t/m 2009-05-15, herinneringen dag 5, 10, in voorbereiding).", edit.Out, StringComparison.Ordinal);

        var questionnaire = await RunAsync("rounds", "edit", "Voorjaar 2009", "--questionnaire", "werkzoekenden-2007");
        Assert.Equal(0, questionnaire.Code);
        Assert.Contains("vragenlijst werkzoekenden-2007, 2009-03-01 t/m 2009-05-15, herinneringen dag 5, 10", questionnaire.Out, StringComparison.Ordinal);

        var wrong = await RunAsync("rounds", "edit", "Voorjaar 2009", "--to", "2009-02-01");
        Assert.Equal(1, wrong.Code);
        Assert.Contains("De einddatum (2009-02-01) ligt voor de begindatum (2009-03-01).", wrong.Err, StringComparison.Ordinal);

        var unknownQuestionnaire = await RunAsync("rounds", "edit", "Voorjaar 2009", "--questionnaire", "bestaat-niet");
        Assert.Equal(1, unknownQuestionnaire.Code);
        Assert.Contains("Onbekende vragenlijst 'bestaat-niet'", unknownQuestionnaire.Err, StringComparison.Ordinal);

        var unknown = await RunAsync("rounds", "edit", "Bestaat niet", "--to", "2009-05-15");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("Er is geen ronde met de naam 'Bestaat niet'.", unknown.Err, StringComparison.Ordinal);

        var delete = await RunAsync("rounds", "delete", "Voorjaar 2009");
        Assert.Equal(0, delete.Code);
        Assert.Contains("Ronde 'Voorjaar 2009' is verwijderd.", delete.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Voorjaar 2009", (await RunAsync("rounds", "list")).Out, StringComparison.Ordinal);

        var again = await RunAsync("rounds", "delete", "Voorjaar 2009");
        Assert.Equal(1, again.Code);
        Assert.Contains("Er is geen ronde met de naam 'Voorjaar 2009'.", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_round_keeps_its_questionnaire_and_cannot_be_deleted()
    {
        Assert.Equal(0, (await RunAsync("rounds", "create", "--name", "Open", "--questionnaire", "werkzoekenden-2009", "--from", "2009-03-01", "--to", "2009-04-30")).Code);
        Assert.Equal(0, (await RunAsync("rounds", "open", "Open")).Code);

        var questionnaire = await RunAsync("rounds", "edit", "Open", "--questionnaire", "werkzoekenden-2007");
        Assert.Equal(1, questionnaire.Code);
        Assert.Contains("Ronde 'Open' is open: de vragenlijst kan niet meer veranderen", questionnaire.Err, StringComparison.Ordinal);

        // The last day may still move.
        Assert.Equal(0, (await RunAsync("rounds", "edit", "Open", "--to", "2009-05-31")).Code);

        var delete = await RunAsync("rounds", "delete", "Open");
        Assert.Equal(1, delete.Code);
        Assert.Contains("Ronde 'Open' is open en kan niet verwijderd worden; alleen een ronde in voorbereiding kan dat.", delete.Err, StringComparison.Ordinal);
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class RoundsEditCliTestsOnSqlite() : RoundsEditCliTests(DatabaseProvider.Sqlite);

/// <summary>On PostgreSQL.</summary>
public sealed class RoundsEditCliTestsOnPostgreSql() : RoundsEditCliTests(DatabaseProvider.PostgreSql);
