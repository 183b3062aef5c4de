using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Email;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Users;
using Klantmeting.Web.Pages.Beheer.Vragenlijsten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Klantmeting.Tests.Web;

/// <summary>The questionnaire pages: list and detail against the survey files, the preview that stores nothing, the e-mail preview.</summary>
public sealed partial class QuestionnairePagesTests : IAsyncDisposable
{
    private const string Beheerder = "vragenlijsten@ako.test";
    private static readonly DateTimeOffset _now = new(2027, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-questionnaire-pages-").FullName;
    private WebApplicationFactory<Program>? _app;
    private TestDatabase? _database;

    /// <summary>The survey files as the app loads them.</summary>
    private static IReadOnlyList<SurveyDefinition> Files => SurveyLoader.LoadDirectory(SurveyExtensions.DefaultPath);

    private async Task<HttpClient> StartAsync(DatabaseProvider provider)
    {
        _database = await TestDatabase.CreateAsync(provider, _folder);
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            foreach (var (key, value) in _database.Settings)
            {
                b.UseSetting(key, value);
            }

            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Demo:Seed", "false");
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(new ManualTimeProvider(_now)));
        });
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserService>()
                .CreateAsync(Beheerder, Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            db.Rounds.Add(new Round { Name = "Najaar 2026", QuestionnaireId = "werkzoekenden-2009", FieldworkStart = new(2026, 9, 1), FieldworkEnd = new(2026, 10, 31), CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var signIn = await AccessAppFactory.PostSignInAsync(client, Beheerder, AccessAppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_list_shows_every_survey_file_with_audience_version_counts_and_rounds()
    {
        var client = await StartAsync(DatabaseProvider.Sqlite);

        var html = await client.GetStringAsync("/beheer/vragenlijsten");

        Assert.Equal(5, Files.Count);
        foreach (var survey in Files)
        {
            var row = Row(html, survey.Id);
            Assert.Contains($"<a href=\"/beheer/vragenlijsten/{survey.Id}\">{survey.Id}</a>", row, StringComparison.Ordinal);
            Assert.Contains($"<td>{survey.Audience}</td>", row, StringComparison.Ordinal);
            Assert.Contains($"<td>{survey.Version}</td><td>{survey.Principles.Count}</td><td>{survey.Statements.Count()}</td>",
                Regex.Replace(row, @">\s+<", "><"), StringComparison.Ordinal);
            if (survey.Id == "werkzoekenden-2009")
            {
                Assert.Contains("<a href=\"/beheer/rondes/Najaar%202026\">Najaar 2026</a>", row, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("nog geen", row, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_detail_shows_principles_statements_attributes_open_question_and_comparable_links()
    {
        var client = await StartAsync(DatabaseProvider.Sqlite);
        foreach (var survey in Files)
        {
            var html = await client.GetStringAsync($"/beheer/vragenlijsten/{survey.Id}");
            var text = WebUtility.HtmlDecode(html);
            Assert.Contains($"<h1>Vragenlijst {survey.Id}</h1>", html, StringComparison.Ordinal);
            Assert.Contains(survey.Title, text, StringComparison.Ordinal);
            Assert.Contains($"data-testid=\"audience\">{survey.Audience}<", html, StringComparison.Ordinal);
            foreach (var principle in survey.Principles)
            {
                Assert.Contains($"{principle.Name} <span class=\"hint\">({principle.Id})</span>", text, StringComparison.Ordinal);
                Assert.Contains(principle.Description, text, StringComparison.Ordinal);
                foreach (var statement in principle.Statements)
                {
                    Assert.Contains($"<li>{statement.Text} <span class=\"hint\">({statement.Id})</span></li>", text, StringComparison.Ordinal);
                }
            }

            foreach (var attribute in survey.Attributes)
            {
                var row = WebUtility.HtmlDecode(Regex.Replace(Between(html, $"data-testid=\"kenmerk-{attribute.Id}\"", "</tr>"), @"\s+", " "));
                Assert.Contains($"<th scope=\"row\">{attribute.Label}</th>", row, StringComparison.Ordinal);
                Assert.Contains($"<td>{(attribute.Required ? "ja" : "nee")}</td>", row, StringComparison.Ordinal);
                foreach (var value in attribute.Values)
                {
                    Assert.Contains(attribute.ValueLabels.TryGetValue(value, out var label) ? $"{value} ({label})" : value, row, StringComparison.Ordinal);
                }
            }

            Assert.Contains(survey.Open.Text, text, StringComparison.Ordinal);
            Assert.Contains(survey.Grade.Text, text, StringComparison.Ordinal);
        }

        // comparable_to in werkzoekenden-2009: bereikbaarheid -> toegankelijkheid of 2007; and the way back from 2007.
        var y2009 = await client.GetStringAsync("/beheer/vragenlijsten/werkzoekenden-2009");
        var bereikbaarheid = Between(y2009, "data-testid=\"vergelijkbaar-bereikbaarheid\"", "</p>");
        Assert.Contains("(toegankelijkheid) in <a href", bereikbaarheid, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/beheer/vragenlijsten/werkzoekenden-2007#principe-toegankelijkheid\">werkzoekenden-2007</a>", bereikbaarheid, StringComparison.Ordinal);
        var y2007 = await client.GetStringAsync("/beheer/vragenlijsten/werkzoekenden-2007");
        Assert.Contains("<a href=\"/beheer/vragenlijsten/werkzoekenden-2009#principe-bereikbaarheid\">werkzoekenden-2009</a>",
            Between(y2007, "data-testid=\"vergelijkbaar-toegankelijkheid\"", "</p>"), StringComparison.Ordinal);
        Assert.Contains("id=\"principe-toegankelijkheid\"", y2007, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/beheer/rondes/Najaar%202026\">Najaar 2026</a>", y2009, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/beheer/vragenlijsten/bestaat-niet")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_preview_walks_every_step_to_the_end_and_stores_nothing(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        const string Self = "/beheer/vragenlijsten/werkzoekenden-2009/voorbeeld";
        var survey = Files.Single(s => s.Id == "werkzoekenden-2009");
        async Task<(HttpStatusCode Status, string Html, string? Location)> PostAsync(int step, string action, params (string, string)[] fields)
        {
            var form = await client.GetStringAsync($"{Self}?stap={step}");
            using var response = await client.PostAsync(Self, new FormUrlEncodedContent(
                [new("__RequestVerificationToken", AccessAppFactory.AntiforgeryToken(form)), new("stap", step.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("actie", action),
                 .. fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))]));
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
        }

        var intro = await client.GetStringAsync(Self);
        Assert.Contains("Voorbeeld: er wordt niets opgeslagen.", intro, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(survey.Title), intro, StringComparison.Ordinal);
        Assert.Contains($"action=\"{Self}\"", intro, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Redirect, $"{Self}?stap=1"), Pick(await PostAsync(0, "volgende")));

        for (var step = 1; step <= survey.Principles.Count; step++)
        {
            var principle = survey.Principles[step - 1];
            var page = await client.GetStringAsync($"{Self}?stap={step}");
            Assert.Contains($"<title>Voorbeeld: Stap {step} van 7: {WebUtility.HtmlEncode(principle.Name)}", page, StringComparison.Ordinal);
            Assert.Contains("name=\"antwoord[" + principle.Statements[0].Id + "]\"", page, StringComparison.Ordinal);
            Assert.Equal((HttpStatusCode.Redirect, $"{Self}?stap={step + 1}"),
                Pick(await PostAsync(step, "volgende", ($"antwoord[{principle.Statements[0].Id}]", "4"))));
        }

        // A wrong answer gets the answering page's own message; previous goes back.
        var wrong = await PostAsync(1, "volgende", ("antwoord[bereikbaarheid.1]", "9"));
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        Assert.Contains("is niet geldig. Kies een van de antwoorden.", WebUtility.HtmlDecode(wrong.Html), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Redirect, $"{Self}?stap=0"), Pick(await PostAsync(1, "vorige")));

        // The grade is needed to go on, as for a respondent.
        var noGrade = await PostAsync(6, "volgende", ("totaaloordeel", ""), ("toelichting", ""));
        Assert.Contains("Kies een rapportcijfer van 1 tot en met 10. Dat is nodig om verder te gaan.", noGrade.Html, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Redirect, $"{Self}?stap=7"), Pick(await PostAsync(6, "volgende", ("totaaloordeel", "8"), ("toelichting", "Goed"))));
        var check = await client.GetStringAsync($"{Self}?stap=7");
        Assert.Contains("Controleren en versturen", check, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Redirect, $"{Self}?stap=einde"), Pick(await PostAsync(7, "verzenden")));
        var end = await client.GetStringAsync($"{Self}?stap=einde");
        Assert.Contains("Bedankt voor het invullen", end, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Self}?stap=7\">Vorige</a>", end, StringComparison.Ordinal);

        // Without the antiforgery token nothing happens at all.
        using var forged = await client.PostAsync(Self, new FormUrlEncodedContent([new("stap", "1"), new("actie", "volgende")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        await using var scope = _app!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        Assert.Equal((0, 0, 0), (await db.Responses.CountAsync(), await db.Answers.CountAsync(), await db.Invitations.CountAsync()));
    }

    [Theory]
    [InlineData("uitnodiging", PreviewEmailKind.Invitation)]
    [InlineData("herinnering", PreviewEmailKind.Reminder)]
    [InlineData("verder", PreviewEmailKind.ReminderToContinue)]
    public async Task The_email_preview_is_what_the_dispatcher_builds(string kind, PreviewEmailKind previewKind)
    {
        var client = await StartAsync(DatabaseProvider.Sqlite);
        const string Id = "werkgevers-2009";
        MimeKit.MimeMessage expected;
        await using (var scope = _app!.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var builder = new InvitationMessageBuilder(services.GetRequiredService<ISurveyCatalog>(), services.GetRequiredService<EmailRenderer>(),
                services.GetRequiredService<IOptions<MailOptions>>().Value, services.GetRequiredService<IOptions<AppOptions>>().Value);
            // 10 March 2027 + four weeks.
            expected = await builder.BuildAsync(InvitationEmailPreview.SampleItem(Id, previewKind, new DateOnly(2027, 4, 7)),
                InvitationEmailPreview.SampleToken, InvitationEmailPreview.SampleToken);
        }

        using var page = await client.GetAsync($"/beheer/vragenlijsten/{Id}/e-mails?soort={kind}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"data-testid=\"subject\">{WebUtility.HtmlEncode(expected.Subject)}<", html, StringComparison.Ordinal);
        Assert.Equal(expected.TextBody, WebUtility.HtmlDecode(Between(html, "data-testid=\"text\" tabindex=\"0\" aria-labelledby=\"tekst-titel\">", "</pre>")));
        var iframe = Regex.Match(html, "<iframe[^>]*>").Value;
        Assert.Contains(" sandbox=\"\"", iframe, StringComparison.Ordinal);
        Assert.Contains($" src=\"/beheer/vragenlijsten/{Id}/e-mails?handler=Html&amp;soort={kind}\"", iframe, StringComparison.Ordinal);
        Assert.Contains("7 april 2027", expected.TextBody, StringComparison.Ordinal);
        Assert.Contains("/v/" + InvitationEmailPreview.SampleToken, expected.TextBody, StringComparison.Ordinal);
        Assert.False(InvitationToken.IsWellFormed(InvitationEmailPreview.SampleToken));
        // The page itself keeps the app's strict policy.
        Assert.Contains("style-src 'self'", string.Join(";", page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());

        using var frame = await client.GetAsync($"/beheer/vragenlijsten/{Id}/e-mails?handler=Html&soort={kind}");
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.Equal("text/html", frame.Content.Headers.ContentType!.MediaType);
        Assert.Equal(expected.HtmlBody, await frame.Content.ReadAsStringAsync());
        Assert.Equal(EmailFrame.Policy, frame.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("sandbox", EmailFrame.Policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script", EmailFrame.Policy, StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", frame.Headers.GetValues("X-Frame-Options").Single());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/beheer/vragenlijsten/{Id}/e-mails?soort=onbekend")).StatusCode);
    }

    private static (HttpStatusCode, string?) Pick((HttpStatusCode Status, string Html, string? Location) r) => (r.Status, r.Location);

    private static string Row(string html, string id) => Between(html, $"<tr data-testid=\"vragenlijst-{id}\">", "</tr>");

    private static string Between(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found");
        from += start.Length;
        return html[from..html.IndexOf(end, from, StringComparison.Ordinal)];
    }
}
