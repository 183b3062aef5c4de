using System.Globalization;
using System.Net;
using System.Text;
using Klantmeting.Cli;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Exports;
using Klantmeting.Participants;
using Klantmeting.Surveys;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Comparison;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>
/// Issue 13 §1: every export (CLI and web downloads) of two rounds whose identifiers and free columns are formulas.
/// Codes and names are stored directly, as rows from before the identifier rules would be. Text cells that begin
/// with = + - @, tab or CR must start with ' in the file; numbers (a negative difference) stay numbers.
/// </summary>
public sealed class FormulaInjectionTests : IAsyncLifetime
{
    private const string Older = "=HYPERLINK(\"http://evil.example\",\"klik\")";
    private const string Newer = "@SUM(1+1)*cmd|' -C calc'!A0";

    /// <summary>Werkplein codes (the last one is even valid under the rules) and names.</summary>
    private static readonly (string Code, string Name)[] Werkpleinen =
    [
        ("=2+3", "=HYPERLINK(\"http://evil.example\")"),
        ("@SUM(A1)", "+31 6 1234"),
        ("-1", "\tTab"),
    ];

    /// <summary>Columns holding text; every other column must hold a number (or be empty).</summary>
    private static readonly HashSet<string> TextColumns =
        ["round", "werkplein", "breakdown", "group", "measure", "suppressed", "from_round", "to_round", "from_measure", "to_measure", "significant", "status"];

    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-formula-").FullName;
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Klantmeting", ConnectionString);
            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Demo:Seed", "false");
            b.UseSetting(SurveyExtensions.PathSetting, SurveyExtensions.DefaultPath);
        });
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
        var werkpleinen = Werkpleinen.Select(w => new Werkplein { Code = w.Code, Name = w.Name, Region = "=1+1" }).ToList();
        db.Werkpleinen.AddRange(werkpleinen);
        await db.SaveChangesAsync();
        var byCode = werkpleinen.ToDictionary(w => w.Code);
        var (a, b, c) = (Werkpleinen[0].Code, Werkpleinen[1].Code, Werkpleinen[2].Code);
        // The older round scores higher, so the differences in the comparison are negative numbers.
        // Two grades per Werkplein, so the standard deviation is not 0 and Welch's test is defined.
        await ComparisonSeed.RoundAsync(db, survey, Older, new DateOnly(2008, 9, 1), byCode, [(a, 8, 6), (a, 9, 6), (b, 8, 6), (b, 9, 6), (c, 7, 6), (c, 8, 6)]);
        await ComparisonSeed.RoundAsync(db, survey, Newer, new DateOnly(2009, 9, 1), byCode, [(a, 6, 6), (a, 7, 6), (b, 7, 6), (b, 8, 6), (c, 6, 6), (c, 7, 6)]);
        foreach (var (participant, i) in (await db.Participants.Select(p => p.Id).ToListAsync()).Select((p, i) => (p, i)))
        {
            db.ParticipantAttributes.Add(new ParticipantAttribute { ParticipantId = participant, Name = "opmerking", Value = i % 2 == 0 ? "=1+1" : "-2" });
        }

        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<UserService>()
            .CreateAsync("beheerder@ako.test", Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        _admin = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var signIn = await AccessAppFactory.PostSignInAsync(_admin, "beheerder@ako.test", AccessAppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "k.db")}";

    [Fact]
    public async Task Every_export_neutralises_formulas_in_text_cells_and_keeps_numbers()
    {
        var exports = new Dictionary<string, string>();
        foreach (var round in new[] { Older, Newer })
        {
            exports[$"cli results export {round}"] = await CliExportAsync("results", round);
            exports[$"cli response-rate export {round}"] = await CliExportAsync("response-rate", round);
            foreach (var (code, _) in Werkpleinen)
            {
                var query = $"handler=Csv&ronde={Uri.EscapeDataString(round)}";
                exports[$"rapport {code} {round}"] = await DownloadAsync($"/werkplein/{Uri.EscapeDataString(code)}/rapport?{query}");
                exports[$"werkplein index {code} {round}"] = await DownloadAsync($"/werkplein?{query}&werkplein={Uri.EscapeDataString(code)}");
            }
        }

        // The results page has the round name in its path, so only a name without '/' can be reached there.
        exports["web results"] = await DownloadAsync($"/beheer/rondes/{Uri.EscapeDataString(Newer)}/resultaten?handler=ResultsCsv");
        exports["web response rate"] = await DownloadAsync($"/beheer/rondes/{Uri.EscapeDataString(Newer)}/resultaten?handler=ResponseRateCsv");
        exports["web comparison"] = await DownloadAsync(
            $"/beheer/vergelijken?ronde={Uri.EscapeDataString(Older)}&ronde={Uri.EscapeDataString(Newer)}&niveau=werkpleinen&handler=Csv");

        foreach (var (name, csv) in exports)
        {
            var rows = Parse(csv);
            Assert.True(rows.Count > 1, $"{name}: no data rows");
            var header = rows[0];
            foreach (var row in rows.Skip(1))
            {
                for (var i = 0; i < header.Length; i++)
                {
                    var value = row[i];
                    if (TextColumns.Contains(header[i]))
                    {
                        Assert.False(value.Length > 0 && FormulaGuard.FormulaStarters.Contains(value[0], StringComparison.Ordinal),
                            $"{name}, column {header[i]}: '{value}' would run as a formula");
                    }
                    else
                    {
                        Assert.True(value.Length == 0 || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                            $"{name}, column {header[i]}: '{value}' is not a number");
                    }
                }
            }
        }

        var comparison = Parse(exports["web comparison"]);
        var column = Array.IndexOf(comparison[0], "difference");
        var werkplein = Array.IndexOf(comparison[0], "werkplein");
        var fromRound = Array.IndexOf(comparison[0], "from_round");
        // totaaloordeel of "=2+3": 8.5 in the older round, 6.5 in the newer one.
        Assert.Contains(comparison, r => r[0] == "totaaloordeel" && r[werkplein] == "'=2+3" && r[fromRound] == "'" + Older && r[column] == "-2.0000");
        Assert.Contains(comparison, r => r[werkplein] == "'-1");
        Assert.Contains(comparison, r => r[werkplein] == "'@SUM(A1)");
        var results = Parse(exports[$"cli results export {Older}"]);
        Assert.All(results.Skip(1), r => Assert.Equal("'" + Older, r[0]));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\",\"'=2+3\",totaal,totaal,totaaloordeel,12,8.5000,", exports[$"cli results export {Older}"], StringComparison.Ordinal);
        Assert.Contains(Parse(exports["web response rate"]), r => r[1] == "'-1");
    }

    [Fact]
    public async Task A_csv_writer_neutralises_text_by_cell_type_not_by_its_look()
    {
        using var output = new MemoryStream();
        await using (var writer = CsvTableWriter.Create(output))
        {
            foreach (var text in new[] { "=1+1", "+1", "-0.42", "@A1", "\tx", "\rx", "a=1", "", "WP-A" })
            {
                writer.Text(text);
            }

            writer.Number(-0.42);
            writer.Integer(-3);
            writer.Boolean(false);
            writer.Text(null);
            await writer.EndRowAsync(CancellationToken.None);
        }

        Assert.Equal("\"'=1+1\",\"'+1\",\"'-0.42\",\"'@A1\",\"'\tx\",\"'\rx\",a=1,,WP-A,-0.4200,-3,false,\r\n", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal("'-x", FormulaGuard.Neutralise("-x"));
        Assert.Equal("x-", FormulaGuard.Neutralise("x-"));
    }

    private async Task<string> CliExportAsync(string command, string round)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.csv");
        using var output = new StringWriter();
        using var error = new StringWriter();
        // "--round=NAME": a lone token starting with @ would be read as a response file by System.CommandLine.
        var code = await CliApp.RunAsync([command, "export", $"--round={round}", "--out", file], output, error,
            new Dictionary<string, string?> { ["ConnectionStrings:Klantmeting"] = ConnectionString, [SurveyExtensions.PathSetting] = SurveyExtensions.DefaultPath });
        Assert.True(code == 0, error.ToString());
        return await File.ReadAllTextAsync(file);
    }

    private async Task<string> DownloadAsync(string url)
    {
        using var response = await _admin.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>RFC 4180 fields of every record (quoted fields may hold separators, quotes and line breaks).</summary>
    internal static List<string[]> Parse(string csv) => Klantmeting.Tests.Exports.TableFormatAssert.Parse(csv, ',');
}
