using System.Net;
using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Surveys;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Exports;
using Klantmeting.Tests.Results;
using Klantmeting.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>
/// Issue 19 §4: every table download of the pages, through the real host, in the three formats. Without
/// <c>formaat</c> (and with <c>formaat=csv</c>) the machine CSV as before; <c>formaat=csv-nl</c> and
/// <c>formaat=xlsx</c> hold the same values (<see cref="TableFormatAssert"/>); an unknown format is 404. The tables
/// have text cells that are formulas, so the neutralisation is checked in every format.
/// </summary>
public abstract class TableDownloadFormatTests(AccessAppFactory app)
{
    private const string Formula = "=2+3*HYPERLINK(\"x\";\"klik\")";
    private static readonly string Round = Uri.EscapeDataString(ResultsRoundSeed.RoundName);

    /// <summary>Every table download, with the columns that hold whole numbers.</summary>
    private static IEnumerable<(string Url, string FileName, string[] WholeNumbers)> Downloads(long upload) =>
    [
        ($"/beheer/rondes/{Round}/resultaten?handler=ResultsCsv", "resultaten-najaar-2009--t3", ["n"]),
        ($"/beheer/rondes/{Round}/resultaten?handler=ResponseRateCsv", "respons-najaar-2009--t3", ["invited", "complete"]),
        ($"/beheer/rondes/{Round}/resultaten?handler=ResponseRateModesCsv", "respons-per-wijze-najaar-2009--t3", ["sample", "complete"]),
        ($"/beheer/rondes/{Round}/resultaten?handler=RegionsCsv", "regio-najaar-2009--t3", ["n"]),
        ($"/werkplein/WP-A/rapport?handler=Csv&ronde={Round}", "resultaten-wp-a-najaar-2009--t3", ["n"]),
        ($"/werkplein?handler=Csv&werkplein=WP-B&ronde={Round}", "resultaten-wp-b-najaar-2009--t3", ["n"]),
        ($"/beheer/rondes/{Round}/opmerkingen?handler=Csv", "opmerkingen-najaar-2009--t3", ["totaaloordeel"]),
        ($"/werkplein/WP-A/opmerkingen?handler=Csv&ronde={Round}", "opmerkingen-wp-a-najaar-2009--t3", ["totaaloordeel"]),
        ($"/beheer/vergelijken?ronde=Ander&ronde={Round}&niveau=werkpleinen&handler=Csv", "vergelijking", []),
        ($"/beheer/vergelijken?ronde=Ander&ronde={Round}&niveau=landelijk&handler=GroepenCsv", "vergelijking-groepen", []),
        // Only entries of 2009: a download adds an entry of today, which would change the log between the formats.
        ("/beheer/logboek?handler=Csv&van=2009-01-01&tot=2009-12-31", "logboek", []),
        ($"/beheer/rondes/{Round}/deelnemers?handler=Errors&upload={upload}", "fouten-deelnemers", ["regel"]),
    ];

    [Fact]
    public async Task Every_download_comes_in_machine_csv_dutch_csv_and_xlsx_with_the_same_values()
    {
        var upload = await SeedAsync();
        using var client = await app.SignedInAsync(AccessAppFactory.Beheerder);
        foreach (var (url, fileName, whole) in Downloads(upload))
        {
            var machine = await DownloadAsync(client, url, "text/csv", fileName + ".csv");
            Assert.True(TableFormatAssert.MachineRows(machine).Count > 1, $"{url}: no data rows");
            Assert.Equal(machine, await DownloadAsync(client, url + "&formaat=csv", "text/csv", fileName + ".csv"));
            TableFormatAssert.DutchCsvEquals(machine, await DownloadAsync(client, url + "&formaat=csv-nl", "text/csv", fileName + ".csv"), url);
            TableFormatAssert.XlsxEquals(machine, await DownloadAsync(client, url + "&formaat=xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName + ".xlsx"), url, whole);
            using var unknown = await client.GetAsync(url + "&formaat=sav");
            Assert.True(unknown.StatusCode == HttpStatusCode.NotFound, $"{url}&formaat=sav: {unknown.StatusCode}");
        }
    }

    [Fact]
    public async Task A_formula_stays_text_in_every_format()
    {
        await SeedAsync();
        using var client = await app.SignedInAsync(AccessAppFactory.Beheerder);
        var url = $"/beheer/rondes/{Round}/opmerkingen?handler=Csv";

        var machine = TableFormatAssert.MachineRows(await DownloadAsync(client, url, "text/csv", null));
        var dutch = TableFormatAssert.Parse(System.Text.Encoding.UTF8.GetString(await DownloadAsync(client, url + "&formaat=csv-nl", "text/csv", null))[1..], ';');
        using var xlsx = new MemoryStream(await DownloadAsync(client, url + "&formaat=xlsx", null, null));
        var sheet = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: false).Cast<IDictionary<string, object?>>().SelectMany(r => r.Values).OfType<string>().ToList();

        Assert.Contains(machine, r => r[^1] == "'" + Formula);
        Assert.Contains(dutch, r => r[^1] == "'" + Formula);
        Assert.Contains("'" + Formula, sheet);
        Assert.DoesNotContain(Formula, sheet);
    }

    [Fact]
    public async Task Pages_link_each_download_in_the_three_formats()
    {
        var upload = await SeedAsync();
        using var admin = await app.SignedInAsync(AccessAppFactory.Beheerder);
        foreach (var (page, download) in new[]
                 {
                     ($"/beheer/rondes/{Round}/resultaten", "?handler=ResultsCsv"),
                     ($"/beheer/rondes/{Round}/resultaten", "?handler=RegionsCsv"),
                     ($"/beheer/rondes/{Round}/opmerkingen", $"/beheer/rondes/{Round}/opmerkingen?handler=Csv"),
                     ($"/beheer/vergelijken?ronde=Ander&ronde={Round}", "handler=GroepenCsv"),
                     ("/beheer/logboek", "/beheer/logboek?handler=Csv"),
                     ($"/beheer/rondes/{Round}/deelnemers?upload={upload}", $"?handler=Errors&amp;upload={upload}"),
                 })
        {
            var html = await admin.GetStringAsync(page);
            Assert.Contains(download + "\"", html, StringComparison.Ordinal);
            Assert.Contains(download + "&amp;formaat=csv-nl\"", html, StringComparison.Ordinal);
            Assert.Contains(download + "&amp;formaat=xlsx\"", html, StringComparison.Ordinal);
            Assert.Contains("XLSX)</a>", html, StringComparison.Ordinal);
        }

        using var user = await app.SignedInAsync(AccessAppFactory.UserA);
        var dashboard = await user.GetStringAsync($"/werkplein/WP-A?ronde={Round}");
        Assert.Contains($"rapport?handler=Csv&amp;ronde={Round}&amp;formaat=xlsx\"", dashboard, StringComparison.Ordinal);
        Assert.Contains("Cijfers downloaden (Excel, XLSX)</a>", dashboard, StringComparison.Ordinal);
        var comments = await user.GetStringAsync($"/werkplein/WP-A/opmerkingen?ronde={Round}");
        Assert.Contains("&amp;formaat=csv-nl\">CSV (Excel, NL)</a>", comments, StringComparison.Ordinal);
        var index = await user.GetStringAsync("/werkplein");
        Assert.Contains("name=\"formaat\" value=\"xlsx\">Excel (XLSX) downloaden</button>", index, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("results", "n")]
    [InlineData("response-rate", "invited")]
    public async Task Cli_exports_take_format_csv_nl_and_xlsx_and_csv_stays_the_default(string command, string wholeNumbers)
    {
        var folder = Directory.CreateTempSubdirectory("klantmeting-formats-").FullName;
        var settings = new Dictionary<string, string?>(app.DatabaseSettings) { [SurveyExtensions.PathSetting] = SurveyExtensions.DefaultPath };
        try
        {
            async Task<byte[]> ExportAsync(string file, params string[] format)
            {
                var path = Path.Combine(folder, file);
                using var output = new StringWriter();
                using var error = new StringWriter();
                var code = await Klantmeting.Cli.CliApp.RunAsync([command, "export", $"--round={ResultsRoundSeed.RoundName}", "--out", path, .. format],
                    output, error, settings);
                Assert.True(code == 0, error.ToString());
                return await File.ReadAllBytesAsync(path);
            }

            var machine = await ExportAsync("standaard.csv");
            Assert.Equal(machine, await ExportAsync("machine.csv", "--format", "csv"));
            TableFormatAssert.DutchCsvEquals(machine, await ExportAsync("nl.csv", "--format", "csv-nl"), command);
            TableFormatAssert.XlsxEquals(machine, await ExportAsync("excel.xlsx", "--format", "xlsx"), command, wholeNumbers);

            using var output = new StringWriter();
            using var error = new StringWriter();
            var unknown = await Klantmeting.Cli.CliApp.RunAsync([command, "export", $"--round={ResultsRoundSeed.RoundName}", "--out", Path.Combine(folder, "x.sav"), "--format", "sav"],
                output, error, settings);
            Assert.Equal(Klantmeting.Cli.CliApp.UsageError, unknown);
            Assert.Contains("Onbekend formaat 'sav'; kies csv, csv-nl, xlsx.", error.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "x.sav")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url, string? mediaType, string? fileName)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        if (mediaType is not null)
        {
            Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        }

        if (fileName is not null)
        {
            Assert.Equal(fileName, response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        }

        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Comments (one a formula), audit entries of 2009 and an upload with errors; once per host. Returns the upload's id.</summary>
    private async Task<long> SeedAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var round = await db.Rounds.SingleAsync(r => r.Name == ResultsRoundSeed.RoundName);
        if (await db.Uploads.SingleOrDefaultAsync(u => u.RoundId == round.Id && u.FileName == "deelnemers.csv") is { } existing)
        {
            return existing.Id;
        }

        var responses = await db.Responses.Where(r => r.RoundId == round.Id).OrderBy(r => r.Id).Select(r => r.Id).Take(3).ToListAsync();
        await db.Responses.Where(r => r.Id == responses[0]).ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, Formula));
        await db.Responses.Where(r => r.Id == responses[1]).ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, "Goed geholpen; dank, 8,5 waard"));
        await db.Responses.Where(r => r.Id == responses[2]).ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, "-2 punten\r\nvoor de wachttijd"));
        db.AuditEntries.AddRange(
            new AuditEntry { At = new DateTime(2009, 9, 1, 8, 0, 0, DateTimeKind.Utc), Actor = "@beheerder", Action = AuditAction.RoundCreated, ObjectType = AuditObject.Round, ObjectKey = "=1+1", Round = "=1+1", Details = "+31; 1.5" },
            new AuditEntry { At = new DateTime(2009, 9, 2, 8, 0, 0, DateTimeKind.Utc), Actor = "systeem", Action = AuditAction.RoundOpened, ObjectType = AuditObject.Round, ObjectKey = "Najaar", Round = "Najaar" });
        var upload = new Upload
        {
            RoundId = round.Id,
            Kind = UploadKind.Participants,
            FileName = "deelnemers.csv",
            UploadedBy = "beheerder",
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
            FinishedAt = DateTime.UtcNow,
            State = UploadState.Done,
            RowsChecked = 3,
            RowsSkipped = 3,
            ErrorCount = 3,
        };
        db.Uploads.Add(upload);
        await db.SaveChangesAsync();
        db.UploadErrors.AddRange(
            new UploadError { UploadId = upload.Id, Number = 1, Line = 2, Field = "=werkplein", Message = "Onbekend Werkplein '=2+3'." },
            new UploadError { UploadId = upload.Id, Number = 2, Line = 3, Field = null, Message = "-Regel te lang; 1.5 kB" },
            new UploadError { UploadId = upload.Id, Number = 3, Line = 10, Field = "email", Message = "Geen e-mailadres." });
        await db.SaveChangesAsync();
        return upload.Id;
    }
}

public sealed class TableDownloadFormatTestsOnSqlite(AccessAppFactory app) : TableDownloadFormatTests(app), IClassFixture<AccessAppFactory>;

public sealed class TableDownloadFormatTestsOnPostgreSql(PostgreSqlAccessAppFactory app) : TableDownloadFormatTests(app), IClassFixture<PostgreSqlAccessAppFactory>;
