using Klantmeting.Cli;
using Klantmeting.Tests.Imports;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Tests.Cli;

/// <summary>Errors an operator fixes (a setting, a questionnaire file) end a command with one line on stderr and exit code 1.</summary>
public sealed class CliStartupErrorsTests
{
    [Theory]
    [InlineData("questionnaire")]
    [InlineData("setting")]
    public async Task A_command_that_meets_an_error_an_operator_fixes_says_so_in_one_line(string error)
    {
        await using var db = await ImportTestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>(db.Settings);
        string expected;
        if (error == "questionnaire")
        {
            var surveys = Directory.CreateDirectory(Path.Combine(db.Folder, "kapotte-vragenlijsten")).FullName;
            await File.WriteAllTextAsync(Path.Combine(surveys, "kapot.yaml"), "id: [kapot\n");
            settings["Surveys:Path"] = surveys;
            expected = "Fout in vragenlijst:";
        }
        else
        {
            settings["Invitations:BatchSize"] = "0";
            expected = "Onjuiste instelling: ";
        }

        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await CliApp.RunAsync(
            ["rounds", "create", "--name", "R1", "--questionnaire", "werkzoekenden-2009", "--from", "2009-09-01", "--to", "2009-11-30"],
            output, errors, settings);

        var text = errors.ToString();
        Assert.Equal(CliApp.UserError, code);
        Assert.StartsWith(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Equal(0, await db.DbAsync(d => d.Rounds.CountAsync()));
    }
}
