using System.Net;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Results;
using Klantmeting.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>The administrators' results page: figures, charts with text alternatives, tables and downloads.</summary>
public sealed class ResultsPageTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-results-page-").FullName;
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _client = null!;

    private const string EmptyChart = "data-testid=\"chart-empty\">";

    private static string Path(string tail = "") => "/beheer/rondes/" + Uri.EscapeDataString(ResultsRoundSeed.RoundName) + "/resultaten" + tail;

    public async Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={System.IO.Path.Combine(_folder, "k.db")}");
            b.UseSetting("Mail:OutboxPath", System.IO.Path.Combine(_folder, "outbox"));
        });
        await using var scope = _app.Services.CreateAsyncScope();
        var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
        await ResultsRoundSeed.SeedAsync(scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>(), survey);
        await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("beheerder@ako.test", Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var signIn = await AccessAppFactory.PostSignInAsync(_client, "beheerder@ako.test", AccessAppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Shows_response_scores_and_breakdowns_with_charts_that_have_text_and_tables()
    {
        var html = await _client.GetStringAsync(Path());

        Assert.Contains("<h1>Resultaten: Najaar 2009, T3</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Respons per Werkplein (AAPOR RR1 en RR2)", html, StringComparison.Ordinal);
        // The seed's national contact, cooperation and refusal rates: 29 / 35, 23 / 29 and 4 / 35.
        Assert.Contains("reageerde 82,9% op een of andere manier", html, StringComparison.Ordinal);
        Assert.Contains("Van hen vulde 79,3% de vragenlijst helemaal in (medewerking, COOP1)", html, StringComparison.Ordinal);
        Assert.Contains("11,4% van alle uitgenodigden meldde zich af of stopte halverwege (weigering, REF1)", html, StringComparison.Ordinal);
        Assert.Contains("Scores per principe, Nederland", html, StringComparison.Ordinal);
        Assert.Contains("Vaste contactpersoon", html, StringComparison.Ordinal);
        Assert.Contains("Respons naar vaste contactpersoon, Nederland", html, StringComparison.Ordinal);
        Assert.Contains("Respons naar uitkeringssoort, Nederland", html, StringComparison.Ordinal);
        // Every chart is an image with a caption and a table with its numbers next to it.
        var charts = html.Split("role=\"img\"").Length - 1;
        // Curve, scores, one per attribute of werkzoekenden-2009 except dagen_tot_eerste_betaling, whose bands are
        // all below the minimum cell size here: it gets a sentence instead of an empty frame.
        Assert.Equal(2 + 2, charts);
        var dagen = html[html.IndexOf("<h3 id=\"uit-dagen_tot_eerste_betaling\">", StringComparison.Ordinal)..];
        Assert.StartsWith("Geen grafiek: in elke groep zijn te weinig antwoorden voor een cijfer.",
            dagen[(dagen.IndexOf(EmptyChart, StringComparison.Ordinal) + EmptyChart.Length)..], StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", dagen[..dagen.IndexOf("<table", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Equal(charts, html.Split("<svg").Length - 1);
        Assert.True(html.Split("<figcaption").Length - 1 >= charts);
        Assert.Contains("viewBox=\"0 0 ", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_few_answers_give_a_sentence_instead_of_empty_chart_frames()
    {
        // Every cell below the minimum size: no score or breakdown chart, and no caption promising figures.
        using var strict = _app.WithWebHostBuilder(b => b.UseSetting("Results:MinimumCellSize", "1000"));
        var client = strict.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var signIn = await AccessAppFactory.PostSignInAsync(client, "beheerder@ako.test", AccessAppFactory.Password);
        var html = await client.GetStringAsync(Path());

        Assert.Equal(1, html.Split("role=\"img\"").Length - 1); // only the fieldwork curve
        Assert.Equal(1, html.Split("<svg").Length - 1);
        Assert.Contains("Geen grafiek: Nederland heeft te weinig antwoorden voor een cijfer.", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("Geen grafiek: in elke groep zijn te weinig antwoorden voor een cijfer.").Length - 1);
        Assert.DoesNotContain("Staafdiagram", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_figures_are_the_service_figures()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var cells = await scope.ServiceProvider.GetRequiredService<ResultsService>().ComputeCellsAsync(ResultsRoundSeed.RoundName);
        var grade = cells.Single(c => c is { Werkplein: "NL", Breakdown: "totaal", Measure: "totaaloordeel" });
        var html = await _client.GetStringAsync(Path());

        Assert.False(grade.Suppressed);
        var nl = System.Globalization.CultureInfo.GetCultureInfo("nl-NL");
        Assert.Contains($"<td>{grade.N}</td><td>{grade.Mean!.Value.ToString("0.00", nl)}</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downloads_are_the_exports()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ResultsService>();
        using var expected = new MemoryStream();
        await service.WriteCellsCsvAsync(ResultsRoundSeed.RoundName, expected);

        var response = await _client.GetAsync(Path("?handler=ResultsCsv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(expected.ToArray(), await response.Content.ReadAsByteArrayAsync());
        var rates = await _client.GetStringAsync(Path("?handler=ResponseRateCsv"));
        Assert.StartsWith("round,werkplein,invited,not_sent,sent,bounced,opted_out,break_off,partial,complete,rr1,rr2,coop1,ref1,con1", rates, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_web_round_shows_the_rates_per_mode_and_offers_them_as_a_separate_download()
    {
        var before = await _client.GetByteArrayAsync(Path("?handler=ResponseRateCsv"));
        Assert.DoesNotContain("data-testid=\"mode-rates\"", await _client.GetStringAsync(Path()), StringComparison.Ordinal);
        Assert.DoesNotContain("handler=ResponseRateModesCsv", await _client.GetStringAsync(Path()), StringComparison.Ordinal);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().Rounds
                .Where(r => r.Name == ResultsRoundSeed.RoundName).ExecuteUpdateAsync(s => s.SetProperty(r => r.Mode, RoundMode.Papier));
        }

        var html = await _client.GetStringAsync(Path());
        Assert.Contains("data-testid=\"mode-rates\"", html, StringComparison.Ordinal);
        Assert.Contains("Respons per wijze van vragen, Nederland (AAPOR)", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Papier</th>", html, StringComparison.Ordinal);
        Assert.Contains("handler=ResponseRateModesCsv", html, StringComparison.Ordinal);
        var modes = await _client.GetStringAsync(Path("?handler=ResponseRateModesCsv"));
        Assert.StartsWith(ResultsService.ModeRatesHeader, modes, StringComparison.Ordinal);
        // The seed's 35 invitations, all in the paper mode of the round now.
        Assert.Contains($"\n{ResultsRoundSeed.RoundName},NL,papier,35,", modes.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(before, await _client.GetByteArrayAsync(Path("?handler=ResponseRateCsv")));
    }

    [Fact]
    public async Task The_start_page_shows_a_closed_round_with_its_frozen_counts()
    {
        // The seed leaves SentAt empty; the dispatcher sets it on every invitation that went out.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var notSent = new[] { InvitationState.Pending, InvitationState.Claimed, InvitationState.Failed };
            await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().Invitations.Where(i => !notSent.Contains(i.State))
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.SentAt, ResultsRoundSeed.Submitted));
        }

        // Open: counted over the round's rows. The seed's 35 invitations, 31 sent, 23 complete responses.
        var open = await StartPageFiguresAsync();
        Assert.Equal(("65,7%: 23 van 35 deelnemers vulde de vragenlijst helemaal in", "31 van 35 uitnodigingen", false), open);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoundService>().CloseAsync(ResultsRoundSeed.RoundName);
        }

        // Closed: the same figures, now from the frozen snapshot (the NL totals of the response rates).
        Assert.Equal(open, await StartPageFiguresAsync());

        // A late bounce changes the rows but not a closed round's figures, as on its results page: 2 of 31 bounced
        // (6.5%) would warn, the frozen 1 of 31 does not.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            var sent = await db.Invitations.Where(i => i.State == InvitationState.Sent && !db.Responses.Any(r => r.InvitationId == i.Id))
                .Select(i => i.Id).FirstAsync();
            await db.Invitations.Where(i => i.Id == sent).ExecuteUpdateAsync(u => u.SetProperty(i => i.State, InvitationState.Bounced));
        }

        Assert.Equal(open, await StartPageFiguresAsync());
    }

    /// <summary>The response line (RR1), the sent line and whether there is a bounce warning on the seed round's card of the start page.</summary>
    private async Task<(string Rr1, string Sent, bool BounceWarning)> StartPageFiguresAsync()
    {
        var html = await _client.GetStringAsync("/beheer");
        var card = html[html.IndexOf($"data-testid=\"round-{ResultsRoundSeed.RoundName}\"", StringComparison.Ordinal)..];
        string Field(string id)
        {
            var start = card.IndexOf($"data-testid=\"{id}\">", StringComparison.Ordinal) + id.Length + 15;
            return System.Net.WebUtility.HtmlDecode(card[start..card.IndexOf("</dd>", start, StringComparison.Ordinal)]).Trim();
        }

        return (Field("rr1"), Field("sent"), card[..card.IndexOf("</section>", StringComparison.Ordinal)].Contains("onbestelbaar", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/beheer/rondes/bestaat-niet/resultaten")]
    [InlineData("/beheer/rondes/bestaat-niet/resultaten?handler=ResultsCsv")]
    public async Task Unknown_round_is_404(string url) =>
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(url)).StatusCode);

    [Fact]
    public async Task Unknown_werkplein_is_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(Path("?werkplein=WP-XXX"))).StatusCode);

    [Fact]
    public async Task Closed_without_sign_in()
    {
        var anonymous = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(Path())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(Path("?handler=ResultsCsv"))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
