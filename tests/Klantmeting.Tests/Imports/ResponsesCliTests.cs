using Klantmeting.Infrastructure.Data;
using Klantmeting.Cli;
using Klantmeting.Responses;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Tests.Imports;

/// <summary>Runs on every provider: see the subclasses below.</summary>
public abstract class ResponsesCliTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: provider);
        await _db.SeedAsync();
        Assert.Empty((await _db.ImportParticipantsAsync("R1", "ref,email,werkplein,vaste_contactpersoon,uitkering\nA1,a1@example.nl,WP-AMS,ja,WW\nA2,a2@example.nl,WP-RTD,nee,AO\nA3,a3@example.nl,WP-RTD,nee,AO\n")).Errors);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => _db.RunCliAsync(args);

    [Fact]
    public async Task Import_defaults_to_telefoon_and_reports_the_count()
    {
        var file = _db.WriteFile("r.csv", "ref;totaaloordeel;maatwerk.1\nA1;7;4\nA2;6;weet niet\n");

        var (code, output, _) = await RunAsync("responses", "import", "--round", "R1", file);

        Assert.Equal(0, code);
        Assert.Contains("2 antwoorden opgeslagen, 0 regels overgeslagen", output, StringComparison.Ordinal);
        Assert.All(await _db.DbAsync(db => db.Responses.Select(r => r.Mode).ToListAsync()), m => Assert.Equal(ResponseMode.Telefoon, m));
    }

    [Fact]
    public async Task Mode_papier_is_stored()
    {
        var file = _db.WriteFile("r.csv", "ref,totaaloordeel\nA1,7\n");

        Assert.Equal(0, (await RunAsync("responses", "import", "--round", "R1", "--mode", "papier", file)).Code);

        Assert.Equal(ResponseMode.Papier, await _db.DbAsync(db => db.Responses.Select(r => r.Mode).SingleAsync()));
    }

    [Fact]
    public async Task Import_errors_exit_1_and_list_every_error_as_file_line_field()
    {
        var file = _db.WriteFile("fout.csv", "ref,totaaloordeel,maatwerk.1\nA1,7,4\nA9,7,4\nA2,0,4\n");

        var (code, output, error) = await RunAsync("responses", "import", "--round", "R1", file);

        Assert.Equal(1, code);
        Assert.Contains($"{file}:3: veld ref: ref 'A9' is onbekend in ronde 'R1'", error, StringComparison.Ordinal);
        Assert.Contains($"{file}:4: veld totaaloordeel: 0 ligt niet tussen 1 en 10", error, StringComparison.Ordinal);
        Assert.Contains("er is niets opgeslagen", error, StringComparison.Ordinal);
        Assert.Contains("--skip-invalid", error, StringComparison.Ordinal);
        Assert.DoesNotContain("opgeslagen,", output, StringComparison.Ordinal);

        var skipped = await RunAsync("responses", "import", "--round", "R1", file, "--skip-invalid");
        Assert.Equal(0, skipped.Code);
        Assert.Contains("1 antwoord opgeslagen, 2 regels overgeslagen", skipped.Out, StringComparison.Ordinal);

        var again = await RunAsync("responses", "import", "--round", "R1", file);
        Assert.Equal(1, again.Code);
        Assert.Contains($"{file}:2: veld ref: ref 'A1' heeft al een volledig antwoord in ronde 'R1'", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_round_and_missing_file_exit_1()
    {
        var file = _db.WriteFile("r.csv", "ref,totaaloordeel\nA1,7\n");

        var unknownRound = await RunAsync("responses", "import", "--round", "Bestaat niet", file);
        Assert.Equal(1, unknownRound.Code);
        Assert.Contains("Er is geen ronde met de naam 'Bestaat niet'", unknownRound.Err, StringComparison.Ordinal);

        var missing = await RunAsync("responses", "import", "--round", "R1", Path.Combine(_db.Folder, "nergens.csv"));
        Assert.Equal(1, missing.Code);
        Assert.Contains("kan niet gelezen worden", missing.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("responses", "import", "r.csv")]
    [InlineData("responses", "import", "--round", "R1", "--mode", "web", "r.csv")]
    [InlineData("responses", "import", "--round", "R1")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("klantmeting --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_names_the_default_mode()
    {
        var (code, output, _) = await RunAsync("responses", "import", "--help");

        Assert.Equal(0, code);
        Assert.Contains("standaard: telefoon", output, StringComparison.Ordinal);
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class ResponsesCliTestsOnSqlite() : ResponsesCliTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class ResponsesCliTestsOnPostgreSql() : ResponsesCliTests(DatabaseProvider.PostgreSql);
