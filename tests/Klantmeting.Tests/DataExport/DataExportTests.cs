using System.Diagnostics;
using System.Globalization;
using Klantmeting.Cli;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Klantmeting.Tests.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Klantmeting.Tests.DataExport;

/// <summary>
/// <c>data export</c> on a round with two responses, in every format; the SPSS syntax is run by GNU PSPP and the R
/// script by Rscript (both installed by infra/test.sh), which must read the labels and the same means back.
/// Runs on every provider: see the subclasses below.
/// </summary>
public abstract class DataExportTests(DatabaseProvider provider) : IAsyncLifetime
{
    // A1: every statement and the grade (a complete response); maatwerk.2 is "weet niet". A2: the grade and one
    // statement, 2 of 15 items: a break-off. A3 did not answer and has no row.
    private const string Answers =
        "ref,totaaloordeel,bereikbaarheid.1,bereikbaarheid.2,bereikbaarheid.3,persoonlijke_aandacht.1,persoonlijke_aandacht.2,persoonlijke_aandacht.3," +
        "maatwerk.1,maatwerk.2,maatwerk.3,tijdigheid.1,tijdigheid.2,duidelijkheid.1,duidelijkheid.2,duidelijkheid.3\n" +
        "A1,8,4,5,3,4,4,4,2,weet niet,4,5,5,3,3,3\n" +
        "A2,6,,,,,,,,3,,,,,,\n";

    private ImportTestDatabase _db = null!;
    private string _out = null!;

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: provider);
        await _db.SeedAsync();
        Assert.Empty((await _db.ImportParticipantsAsync("R1",
            "ref,email,werkplein,vaste_contactpersoon,uitkering,dagen_tot_eerste_betaling\n" +
            "A1,a1@example.nl,WP-AMS,ja,WW,12\nA2,a2@example.nl,WP-RTD,nee,AO,\nA3,a3@example.nl,WP-RTD,nee,AO,40\n")).Errors);
        Assert.Equal(0, (await RunAsync("responses", "import", "--round", "R1", _db.WriteFile("antwoorden.csv", Answers))).Code);
        _out = Path.Combine(_db.Folder, "uit");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => _db.RunCliAsync(args);

    private async Task<string[]> ExportAsync(string format)
    {
        var (code, output, error) = await RunAsync("data", "export", "--round", "R1", "--format", format, "--out", _out);
        Assert.True(code == 0, error);
        Assert.Contains("2 responsen van ronde 'R1' geschreven naar", output, StringComparison.Ordinal);
        var files = Directory.GetFiles(_out).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        foreach (var file in files)
        {
            Assert.DoesNotContain("@example.nl", await File.ReadAllTextAsync(Path.Combine(_out, file!)), StringComparison.Ordinal);
        }

        return files!;
    }

    [Fact]
    public async Task Csv_has_one_row_per_response_with_labels_answers_and_hand_computed_scores()
    {
        Assert.Equal(["gegevens-r1.csv"], await ExportAsync("csv"));

        var lines = (await File.ReadAllTextAsync(Path.Combine(_out, "gegevens-r1.csv"))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "ref,werkplein,vaste_contactpersoon,uitkering,dagen_tot_eerste_betaling,modus,dispositie,totaaloordeel," +
            "bereikbaarheid.1,bereikbaarheid.2,bereikbaarheid.3,persoonlijke_aandacht.1,persoonlijke_aandacht.2,persoonlijke_aandacht.3," +
            "maatwerk.1,maatwerk.2,maatwerk.3,tijdigheid.1,tijdigheid.2,duidelijkheid.1,duidelijkheid.2,duidelijkheid.3," +
            "score_bereikbaarheid,score_persoonlijke_aandacht,score_maatwerk,score_tijdigheid,score_duidelijkheid,weight", lines[0]);
        // Scores: 1 + (mean - 1) * 9 / 4. bereikbaarheid (4+5+3)/3 = 4 -> 7.75; persoonlijke_aandacht 4 -> 7.75;
        // maatwerk (2+4)/2 = 3 ("weet niet" not scored) -> 5.5; tijdigheid 5 -> 10; duidelijkheid 3 -> 5.5.
        // Weight: WP-AMS has one invited participant (WW), who answered: 1 / 1.
        Assert.Equal("A1,WP-AMS,ja,WW,12,telefoon,volledig (1.1),8,4,5,3,4,4,4,2,0,4,5,5,3,3,3,7.7500,7.7500,5.5000,10.0000,5.5000,1.0000", lines[1]);
        // A2: the grade and maatwerk.2 = 3 (-> 5.5), 2 of 15 items answered: a break-off, so no weight.
        Assert.Equal("A2,WP-RTD,nee,AO,,telefoon,afgebroken (2.12),6,,,,,,,,3,,,,,,,,,5.5000,,,", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task Xlsx_has_typed_cells_equal_to_the_csv()
    {
        Assert.Equal(["gegevens-r1.xlsx"], await ExportAsync("xlsx"));

        var rows = MiniExcel.Query(Path.Combine(_out, "gegevens-r1.xlsx"), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("A1", rows[0]["ref"]);
        Assert.Equal("volledig (1.1)", rows[0]["dispositie"]);
        Assert.Equal(8d, Convert.ToDouble(rows[0]["totaaloordeel"], CultureInfo.InvariantCulture));
        Assert.IsType<double>(rows[0]["score_bereikbaarheid"]);
        Assert.Equal(7.75, (double)rows[0]["score_bereikbaarheid"]!, 10);
        Assert.Equal(0d, Convert.ToDouble(rows[0]["maatwerk.2"], CultureInfo.InvariantCulture));
        Assert.Null(rows[1]["maatwerk.1"]);
    }

    [Fact]
    public async Task Pspp_reads_the_spss_syntax_with_labels_missing_values_and_the_means()
    {
        Assert.Equal(["gegevens-r1.csv", "gegevens-r1.sps"], await ExportAsync("spss"));

        await File.WriteAllTextAsync(Path.Combine(_out, "lees.sps"),
            "INSERT FILE='gegevens-r1.sps'.\nDISPLAY DICTIONARY.\nDESCRIPTIVES totaaloordeel maatwerk_2 score_maatwerk.\nFREQUENCIES dispositie vaste_contactpersoon.\n");
        var output = await RunToolAsync(_out, "pspp", "-O", "format=csv", "-o", "uit.csv", "lees.sps");
        var csv = await File.ReadAllTextAsync(Path.Combine(_out, "uit.csv"));
        Assert.DoesNotContain("error", output + csv, StringComparison.OrdinalIgnoreCase);
        // VARIABLE LABELS and levels.
        Assert.Contains("maatwerk_1,", csv, StringComparison.Ordinal);
        // PSPP's CSV output quotes a field with a comma.
        Assert.Contains("\"De hulp die ik kreeg, paste bij mijn situatie.\",Ordinal", csv, StringComparison.Ordinal);
        Assert.Contains("totaaloordeel,", csv, StringComparison.Ordinal);
        Assert.Contains("Vaste contactpersoon,Nominal", csv, StringComparison.Ordinal);
        // VALUE LABELS; PSPP marks 0 "[a]": "a. User-missing value" (MISSING VALUES).
        Assert.Contains("paste bij mijn situatie.\",0[a],weet niet / niet van toepassing", csv, StringComparison.Ordinal);
        Assert.Contains("Footnote: a. User-missing value", csv, StringComparison.Ordinal);
        Assert.Contains(",5,helemaal eens", csv, StringComparison.Ordinal);
        Assert.Contains(",2,nee", csv, StringComparison.Ordinal);
        // Means: grade (8 + 6) / 2 = 7; maatwerk.2 is 0 ("weet niet", missing) for A1 and 3 for A2: N 1, mean 3;
        // score_maatwerk (5.5 + 5.5) / 2 = 5.5.
        Assert.Contains("\"Welk rapportcijfer geeft u het Werkplein voor de hele dienstverlening? (1 is heel slecht, 10 is uitstekend)\",2,7.00,", csv, StringComparison.Ordinal);
        Assert.Contains("Er was een goede balans tussen wat ik moest doen en de steun die ik kreeg.,1,3.00,", csv, StringComparison.Ordinal);
        Assert.Contains("Score Maatwerk (1-10),2,5.50,", csv, StringComparison.Ordinal);
        Assert.Contains("Valid,volledig (1.1),1,50.0%", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rscript_reads_the_r_script_with_factors_labels_and_the_means()
    {
        Assert.Equal(["gegevens-r1.R", "gegevens-r1.csv"], await ExportAsync("r"));

        var output = await RunToolAsync(_out, "Rscript", "-e",
            "source('gegevens-r1.R'); " +
            "cat(levels(klantmeting$vaste_contactpersoon), sep = '|'); cat('\\n'); " +
            "cat(as.character(klantmeting$dispositie), sep = '|'); cat('\\n'); " +
            "cat(class(klantmeting$ref), class(klantmeting$totaaloordeel), class(klantmeting$score_maatwerk), '\\n'); " +
            "cat(mean(klantmeting$totaaloordeel), mean(klantmeting$maatwerk_2, na.rm = TRUE), sum(is.na(klantmeting$maatwerk_2)), '\\n'); " +
            "cat(attr(klantmeting$maatwerk_1, 'label'), '\\n'); cat(names(attr(klantmeting$maatwerk_1, 'labels')), sep = '|'); cat('\\n')");

        var lines = output.Split('\n');
        Assert.Equal("ja|nee", lines[0]);
        Assert.Equal("volledig (1.1)|afgebroken (2.12)", lines[1]);
        Assert.Equal("character integer numeric ", lines[2]);
        // Grade (8 + 6) / 2 = 7; maatwerk.2: "weet niet" of A1 is NA, A2 answered 3.
        Assert.Equal("7 3 1 ", lines[3]);
        Assert.Equal("De hulp die ik kreeg, paste bij mijn situatie. ", lines[4]);
        Assert.Equal("helemaal oneens|oneens|neutraal|eens|helemaal eens", lines[5]);
    }

    [Fact]
    public async Task Labelled_attribute_values_are_the_value_labels_in_spss_and_r()
    {
        await _db.WithAsync(sp => sp.GetRequiredService<RoundService>().CreateAsync("W1", "werkgevers-2010", new DateOnly(2009, 3, 1), new DateOnly(2009, 4, 30)));
        Assert.Empty((await _db.ImportParticipantsAsync("W1", "ref,email,werkplein,sector,grootte\nE1,e1@example.nl,WP-AMS,F,250+\n")).Errors);
        Assert.Equal(0, (await RunAsync("responses", "import", "--round", "W1", _db.WriteFile("w.csv", "ref,totaaloordeel\nE1,8\n"), "--mode", "papier")).Code);
        var folder = Path.Combine(_db.Folder, "w");
        Assert.Equal(0, (await RunAsync("data", "export", "--round", "W1", "--format", "spss", "--out", folder)).Code);
        Assert.Equal(0, (await RunAsync("data", "export", "--round", "W1", "--format", "r", "--out", folder)).Code);

        // Sector F is the sixth section: code 6, labelled "Bouw" in SPSS and as the factor level in R.
        Assert.Contains("sector 1 'Landbouw, bosbouw en visserij' 2 'Delfstoffenwinning'", await File.ReadAllTextAsync(Path.Combine(folder, "gegevens-w1.sps")),
            StringComparison.Ordinal);
        var output = await RunToolAsync(folder, "Rscript", "-e",
            "source('gegevens-w1.R'); cat(as.character(klantmeting$sector), as.character(klantmeting$grootte), sep = '|'); cat('\\n')");
        Assert.Equal("Bouw|250 werknemers of meer", output.Split('\n')[0]);
    }

    [Fact]
    public async Task The_interviewer_of_a_telephone_response_is_in_no_export_format()
    {
        const string interviewer = "interviewer-7f3c9e21-user-id";
        Assert.Equal(2, await _db.DbAsync(db => db.Responses.ExecuteUpdateAsync(s => s.SetProperty(r => r.InterviewerId, interviewer))));
        foreach (var format in new[] { "csv", "xlsx", "spss", "r" })
        {
            await ExportAsync(format);
            foreach (var file in Directory.GetFiles(_out))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                var text = file.EndsWith(".xlsx", StringComparison.Ordinal) ? XlsxText(bytes) : System.Text.Encoding.UTF8.GetString(bytes);
                Assert.DoesNotContain(interviewer, text, StringComparison.Ordinal);
                Assert.DoesNotContain("interviewer", text, StringComparison.OrdinalIgnoreCase);
            }

            Directory.Delete(_out, recursive: true);
        }

        static string XlsxText(byte[] bytes)
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
            return string.Concat(zip.Entries.Select(e => new StreamReader(e.Open()).ReadToEnd()));
        }
    }

    [Fact]
    public async Task Unknown_round_and_format_are_clear_errors_and_write_nothing()
    {
        var unknown = await RunAsync("data", "export", "--round", "Bestaat niet", "--format", "csv", "--out", _out);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("Er is geen ronde met de naam 'Bestaat niet'", unknown.Err, StringComparison.Ordinal);

        var format = await RunAsync("data", "export", "--round", "R1", "--format", "sav", "--out", _out);
        Assert.Equal(2, format.Code);
        Assert.Contains("Onbekend formaat 'sav'; kies csv, xlsx, spss of r.", format.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_out));
    }

    /// <summary>Runs an external program (PSPP, Rscript) in <paramref name="folder"/>; it must succeed. Returns its standard output.</summary>
    internal static async Task<string> RunToolAsync(string folder, string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class DataExportTestsOnSqlite() : DataExportTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class DataExportTestsOnPostgreSql() : DataExportTests(DatabaseProvider.PostgreSql);
