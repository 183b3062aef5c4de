using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>The round pages: create, edit and delete a draft, open with a confirmation, the hint when closing a draft.</summary>
public sealed partial class RoundPagesTests : IAsyncDisposable
{
    private const string Beheerder = "beheerder@ako.test";
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-round-pages-").FullName;
    private WebApplicationFactory<Program>? _app;
    private TestDatabase? _database;

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
        });
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserService>()
                .CreateAsync(Beheerder, Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Create_edit_and_delete_a_draft_with_the_services_messages_beside_the_field(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        var form = await client.GetStringAsync("/beheer/rondes/nieuw");
        Assert.Contains("<option value=\"werkzoekenden-2009\"", form, StringComparison.Ordinal);

        // Without the antiforgery token nothing is created.
        using var forged = await client.PostAsync("/beheer/rondes/nieuw", new FormUrlEncodedContent(Fields("Voorjaar 2027", "2027-03-01", "2027-04-15", "7,14")));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        // The same check and message as 'rounds create': end before start, shown beside the end date.
        using var wrong = await client.PostAsync("/beheer/rondes/nieuw", Form(form, Fields("Voorjaar 2027", "2027-03-01", "2027-02-01", "7,14")));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"field-error\" id=\"fout-tot\"><span class=\"visually-hidden\">Fout: </span>De einddatum (2027-02-01) ligt voor de begindatum (2027-03-01).</p>", wrongHtml, StringComparison.Ordinal);
        Assert.Contains("<title>Fout: Nieuwe ronde", wrongHtml, StringComparison.Ordinal);
        using var badReminders = await client.PostAsync("/beheer/rondes/nieuw", Form(form, Fields("Voorjaar 2027", "2027-03-01", "2027-04-15", "14,7")));
        Assert.Contains("id=\"fout-herinneringen\"", await badReminders.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var created = await client.PostAsync("/beheer/rondes/nieuw", Form(form, Fields("Voorjaar 2027", "2027-03-01", "2027-04-15", "7,14")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/beheer/rondes/Voorjaar%202027?gewijzigd=aangemaakt", created.Headers.Location!.OriginalString);
        var overview = await client.GetStringAsync(created.Headers.Location!.OriginalString);
        Assert.Contains("De ronde is aangemaakt.", overview, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"state\">in voorbereiding<", overview, StringComparison.Ordinal);

        using var duplicate = await client.PostAsync("/beheer/rondes/nieuw", Form(form, Fields("Voorjaar 2027", "2027-03-01", "2027-04-15", "7,14")));
        Assert.Contains("id=\"fout-naam\"><span class=\"visually-hidden\">Fout: </span>Er bestaat al een ronde met de naam &#x27;Voorjaar 2027&#x27;.", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var edit = await client.GetStringAsync("/beheer/rondes/Voorjaar%202027/wijzigen");
        using var edited = await client.PostAsync("/beheer/rondes/Voorjaar%202027/wijzigen",
            Form(edit, [new("vragenlijst", "werkzoekenden-2007"), new("van", "2027-03-02"), new("tot", "2027-04-30"), new("herinneringen", "geen")]));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var round = await RoundAsync("Voorjaar 2027");
        Assert.Equal(("werkzoekenden-2007", new DateOnly(2027, 3, 2), new DateOnly(2027, 4, 30), ""),
            (round!.QuestionnaireId, round.FieldworkStart, round.FieldworkEnd, round.ReminderDays));

        var list = await client.GetStringAsync("/beheer/rondes");
        Assert.Contains("<a href=\"/beheer/rondes/Voorjaar%202027\">Voorjaar 2027</a>", list, StringComparison.Ordinal);

        var confirm = await client.GetStringAsync("/beheer/rondes/Voorjaar%202027?bevestig=verwijderen");
        Assert.Contains("De ronde en haar 0 deelnemers (met hun e-mailadressen) worden verwijderd.", confirm, StringComparison.Ordinal);
        using var deleted = await client.PostAsync("/beheer/rondes/Voorjaar%202027?handler=Delete", Form(confirm, []));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await RoundAsync("Voorjaar 2027"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/beheer/rondes/Voorjaar%202027")).StatusCode);

        var log = await client.GetStringAsync("/beheer/logboek?ronde=Voorjaar%202027");
        Assert.Contains("ronde aangemaakt", log, StringComparison.Ordinal);
        Assert.Contains("ronde gewijzigd", log, StringComparison.Ordinal);
        Assert.Contains("ronde verwijderd", log, StringComparison.Ordinal);
        // The header names who is signed in; the log itself never shows an e-mail address.
        Assert.DoesNotContain("@", log[log.IndexOf("<h1>Logboek", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var csv = await client.GetStringAsync("/beheer/logboek?handler=Csv&ronde=Voorjaar%202027");
        Assert.StartsWith(AuditLog.CsvHeader + "\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",round-deleted,ronde,Voorjaar 2027,Voorjaar 2027,0 deelnemers verwijderd\r\n", csv, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_mixed_round_is_chosen_on_the_form_with_its_call_settings_and_wrong_settings_are_shown_beside_their_field(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        var form = await client.GetStringAsync("/beheer/rondes/nieuw");
        Assert.Contains("id=\"benadering-web\" name=\"benadering\" value=\"web\" checked=\"checked\"", form, StringComparison.Ordinal);
        Assert.Contains("id=\"belvan\" name=\"belvan\" value=\"09:00\"", form, StringComparison.Ordinal);
        KeyValuePair<string, string>[] mixed = [.. Fields("Gemengd 2027", "2027-03-01", "2027-04-15", "7,14"),
            new("benadering", "gemengd"), new("beldagen", "4"), new("belvan", "10:00"), new("beltot", "20:00"), new("zaterdag", "true")];

        using var wrong = await client.PostAsync("/beheer/rondes/nieuw", Form(form, [.. mixed, new("belpogingen", "0")]));
        Assert.Contains("id=\"fout-belpogingen\"><span class=\"visually-hidden\">Fout: </span>Aantal belpogingen: geef een heel getal van 1 tot en met 20.",
            await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unreadable = await client.PostAsync("/beheer/rondes/nieuw", Form(form, [.. mixed, new("belpogingen", "zes")]));
        Assert.Contains("id=\"fout-belpogingen\"><span class=\"visually-hidden\">Fout: </span>Vul een heel aantal belpogingen in.",
            await unreadable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await RoundAsync("Gemengd 2027"));

        using var created = await client.PostAsync("/beheer/rondes/nieuw", Form(form, [.. mixed, new("belpogingen", "6")]));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var round = await RoundAsync("Gemengd 2027");
        Assert.Equal((RoundMode.Gemengd, 4, 6, new TimeOnly(10, 0), new TimeOnly(20, 0), true),
            (round!.Mode, round.CallListAfterDays, round.MaxCallAttempts, round.CallingHoursStart, round.CallingHoursEnd, round.CallOnSaturday));
        var page = await client.GetStringAsync("/beheer/rondes/Gemengd%202027");
        Assert.Contains("gemengd, bellen 4 dagen na de laatste herinnering, hoogstens 6 belpogingen, bellen 10:00-20:00 op werkdagen en zaterdag", page, StringComparison.Ordinal);
        var edit = await client.GetStringAsync("/beheer/rondes/Gemengd%202027/wijzigen");
        Assert.Contains("id=\"benadering-gemengd\" name=\"benadering\" value=\"gemengd\" checked=\"checked\"", edit, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Opening_says_how_many_invitations_go_out_and_before_the_start_asks_for_a_choice(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        await SeedAsync("Nu", new DateOnly(2000, 1, 1), 1234);
        await SeedAsync("Later", new DateOnly(2999, 1, 1), 2);

        var confirm = await client.GetStringAsync("/beheer/rondes/Nu?bevestig=openen");
        Assert.Contains("data-testid=\"confirm-text\">Er gaan nu 1.234 uitnodigingen uit", confirm, StringComparison.Ordinal);
        Assert.Equal(RoundState.Draft, (await RoundAsync("Nu"))!.State); // showing the confirmation changes nothing
        using var opened = await client.PostAsync("/beheer/rondes/Nu?handler=Open", Form(confirm, []));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(RoundState.Open, (await RoundAsync("Nu"))!.State);

        var early = await client.GetStringAsync("/beheer/rondes/Later?bevestig=openen");
        Assert.Contains("De eerste veldwerkdag is 1 januari 2999; dat is nog niet begonnen. Wat wilt u?", early, StringComparison.Ordinal);
        Assert.Contains("Nu openen, vóór de eerste veldwerkdag: er gaan nu 2 uitnodigingen uit", early, StringComparison.Ordinal);
        // A post without the explicit choice opens nothing and asks again.
        using var unchosen = await client.PostAsync("/beheer/rondes/Later?handler=Open", Form(early, []));
        Assert.Equal(HttpStatusCode.OK, unchosen.StatusCode);
        Assert.Contains("Kies eerst: nu openen", await unchosen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(RoundState.Draft, (await RoundAsync("Later"))!.State);
        using var scheduled = await client.PostAsync("/beheer/rondes/Later?handler=Schedule", Form(early, []));
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        Assert.NotNull((await RoundAsync("Later"))!.ScheduledAt);
        using var chosen = await client.PostAsync("/beheer/rondes/Later?handler=Open", Form(early, [new("voorBegindatum", "true")]));
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal(RoundState.Open, (await RoundAsync("Later"))!.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Closing_a_draft_explains_how_to_record_a_past_round_and_a_closed_round_shows_nothing_waiting(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        await SeedAsync("Oud", new DateOnly(2001, 1, 1), 3);

        var confirm = await client.GetStringAsync("/beheer/rondes/Oud?bevestig=sluiten");
        Assert.Contains("data-testid=\"close-hint\">Ronde &#x27;Oud&#x27; is in voorbereiding en heeft nog geen antwoorden", confirm, StringComparison.Ordinal);
        Assert.Contains("Importeer dan eerst de steekproef en de antwoorden", confirm, StringComparison.Ordinal);
        // A forged post gets the same message from the service, not a bare refusal.
        using var refused = await client.PostAsync("/beheer/rondes/Oud?handler=Close", Form(confirm, []));
        Assert.Contains("en sluit de ronde daarna", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(RoundState.Draft, (await RoundAsync("Oud"))!.State);

        // With imported answers the draft closes: that records a past round.
        await using (var scope = _app!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            var round = await db.Rounds.SingleAsync(r => r.Name == "Oud");
            var invitation = await db.Invitations.FirstAsync(i => i.RoundId == round.Id);
            db.Responses.Add(new Klantmeting.Responses.Response
            {
                RoundId = round.Id, InvitationId = invitation.Id, Mode = Klantmeting.Responses.ResponseMode.Telefoon,
                StartedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, CompletedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        confirm = await client.GetStringAsync("/beheer/rondes/Oud?bevestig=sluiten");
        using var closed = await client.PostAsync("/beheer/rondes/Oud?handler=Close", Form(confirm, []));
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(RoundState.Closed, (await RoundAsync("Oud"))!.State);
        var overview = await client.GetStringAsync("/beheer/rondes/Oud");
        Assert.Contains("Niet verstuurd", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("wachtend", overview, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Nog te versturen", overview, StringComparison.Ordinal);
    }

    private async Task SeedAsync(string name, DateOnly start, int participants)
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var werkplein = await db.Werkpleinen.FirstOrDefaultAsync() ?? db.Werkpleinen.Add(new Werkplein { Code = "WP-A", Name = "Werkplein A" }).Entity;
        var round = new Round { Name = name, QuestionnaireId = "werkzoekenden-2009", FieldworkStart = start, FieldworkEnd = start.AddDays(60), CreatedAt = DateTime.UtcNow };
        db.Rounds.Add(round);
        await db.SaveChangesAsync();
        var list = Enumerable.Range(1, participants).Select(n => new Participant { RoundId = round.Id, Ref = $"{name}-{n}", WerkpleinId = werkplein.Id }).ToList();
        db.Participants.AddRange(list);
        await db.SaveChangesAsync();
        db.Invitations.AddRange(list.Select(p => new Invitation { ParticipantId = p.Id, RoundId = round.Id, State = InvitationState.Pending, NextAttemptAt = DateTime.UtcNow }));
        await db.SaveChangesAsync();
    }

    private async Task<Round?> RoundAsync(string name)
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name);
    }

    private static KeyValuePair<string, string>[] Fields(string name, string from, string to, string reminders) =>
        [new("naam", name), new("vragenlijst", "werkzoekenden-2009"), new("van", from), new("tot", to), new("herinneringen", reminders)];

    private static FormUrlEncodedContent Form(string html, KeyValuePair<string, string>[] fields) =>
        new([new("__RequestVerificationToken", TokenRegex().Match(html).Groups[1].Value), .. fields]);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
