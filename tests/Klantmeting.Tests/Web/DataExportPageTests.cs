using System.IO.Compression;
using System.Net;
using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Surveys;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Results;
using Klantmeting.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Klantmeting.Tests.Web;

/// <summary>The page with the respondent-level data of a round: the four downloads, their contents and the audit entry.</summary>
public sealed class DataExportPageTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-data-page-").FullName;
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _client = null!;
    private int _responses;

    private static string Page => "/beheer/rondes/" + Uri.EscapeDataString(ResultsRoundSeed.RoundName) + "/gegevens";

    public async Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, "k.db")}");
            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
        });
        await using var scope = _app.Services.CreateAsyncScope();
        var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        await ResultsRoundSeed.SeedAsync(db, survey);
        // The seed has a second round with one response: only this round's count.
        _responses = await db.Responses.CountAsync(r => db.Rounds.Any(x => x.Id == r.RoundId && x.Name == ResultsRoundSeed.RoundName));
        await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("beheerder@ako.test", Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var signIn = await AccessAppFactory.PostSignInAsync(_client, "beheerder@ako.test", AccessAppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Page_counts_the_responses_says_what_is_in_it_and_links_every_format()
    {
        Assert.True(_responses > 0);
        var html = await _client.GetStringAsync(Page);

        Assert.Contains($"<h1>Gegevens per respondent: {ResultsRoundSeed.RoundName}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"Deze ronde heeft <strong>{_responses.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"))}</strong>", html, StringComparison.Ordinal);
        Assert.Contains("Er staan <strong>geen</strong> e-mailadressen", html, StringComparison.Ordinal);
        foreach (var format in new[] { "csv", "xlsx", "spss", "r" })
        {
            Assert.Contains($"/gegevens?handler=Download&amp;formaat={format}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("/gegevens\">Gegevens per respondent", await _client.GetStringAsync("/beheer/rondes/" + Uri.EscapeDataString(ResultsRoundSeed.RoundName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_and_xlsx_have_a_row_per_response_and_no_address()
    {
        using var csv = await _client.GetAsync(Page + "?handler=Download&formaat=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("ref,werkplein,", text, StringComparison.Ordinal);
        Assert.Equal(_responses + 1, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);

        using var xlsx = await _client.GetAsync(Page + "?handler=Download&formaat=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(_responses, stream.Query(useHeaderRow: true).Count());
    }

    [Theory]
    [InlineData("spss", ".sps")]
    [InlineData("r", ".R")]
    public async Task Spss_and_r_come_as_a_zip_of_the_coded_csv_and_its_syntax_and_are_logged(string format, string syntax)
    {
        using var response = await _client.GetAsync(Page + "?handler=Download&formaat=" + format);

        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"gegevens-najaar-2009--t3-{format}.zip", response.Content.Headers.ContentDisposition!.FileName);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(new[] { "gegevens-najaar-2009--t3.csv", "gegevens-najaar-2009--t3" + syntax }.Order(StringComparer.Ordinal),
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var entry = await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().AuditEntries
                .SingleAsync(e => e.Action == AuditAction.ExportDownloaded && e.ObjectKey == "gegevens");
            Assert.Equal($"gegevens per respondent ({format}, {_responses} responsen)", entry.Details);
        }
    }
}
