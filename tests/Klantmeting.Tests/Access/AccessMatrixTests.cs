using System.Net;
using System.Text;
using Klantmeting.Calls;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Klantmeting.Tests.Results;
using Klantmeting.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Access;

/// <summary>
/// Every route of the app × every role: the expected status of each. The routes come from the app's own
/// <see cref="EndpointDataSource"/>, so a new page without a line here fails the test until someone decides who may see it.
/// </summary>
public sealed class AccessMatrixTests(AccessAppFactory app) : IClassFixture<AccessAppFactory>
{
    private const int Ok = 200, SignIn = 302, BadRequest = 400, NotFound = 404;

    private const string Anonymous = "anoniem";

    private static readonly string[] _roles = [Anonymous, AccessAppFactory.Beheerder, AccessAppFactory.UserA, AccessAppFactory.UserAb];

    private static string Round => Uri.EscapeDataString(ResultsRoundSeed.RoundName);

    /// <summary>The telephone round of <see cref="An_interviewer_sees_the_call_screens_of_an_assigned_round_and_nothing_of_the_results"/>.</summary>
    private const string CallRound = "Bellen%202009";

    private const string Interviewer = "interviewer@belbureau.test";

    /// <summary>Route pattern -> requests (URL, then the status for anonymous, beheerder, user of WP-A, user of WP-A and WP-B).</summary>
    private Dictionary<string, (string Url, int[] Expected)[]> Matrix() => new()
    {
        ["/"] = [("/", [Ok, Ok, Ok, Ok])],
        ["/Fout"] = [("/Fout?code=404", [Ok, Ok, Ok, Ok])],
        ["/privacy"] = [("/privacy", [Ok, Ok, Ok, Ok])],
        ["/inloggen"] = [("/inloggen", [Ok, Ok, Ok, Ok])],
        ["/uitloggen"] = [("/uitloggen", [Ok, Ok, Ok, Ok])],
        ["/wachtwoord-wijzigen"] = [("/wachtwoord-wijzigen", [SignIn, Ok, Ok, Ok])],
        ["/v/{token}"] = [($"/v/{app.Token}", [Ok, Ok, Ok, Ok]), ("/v/onbekend", [NotFound, NotFound, NotFound, NotFound])],
        ["/health/live"] = [("/health/live", [Ok, Ok, Ok, Ok])],
        ["/health/ready"] = [("/health/ready", [Ok, Ok, Ok, Ok])],
        ["/dev/outbox"] = [("/dev/outbox", [SignIn, Ok, NotFound, NotFound])],
        ["/hangfire/{**path}"] = [("/hangfire", [SignIn, Ok, NotFound, NotFound]), ("/hangfire/jobs/enqueued", [SignIn, Ok, NotFound, NotFound])],
        ["/beheer"] = [("/beheer", [SignIn, Ok, NotFound, NotFound])],
        ["/beheer/rondes/{name}/resultaten"] =
        [
            ($"/beheer/rondes/{Round}/resultaten", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/resultaten?werkplein=WP-A", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/resultaten?gewogen=ja", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/resultaten?werkplein=WP-A&gewogen=ja", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/resultaten?handler=ResultsCsv", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/resultaten?handler=ResultsCsv&gewogen=ja", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/resultaten?handler=ResultsCsv&gewogen=misschien", [SignIn, BadRequest, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/resultaten?handler=ResponseRateCsv", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/resultaten?handler=ResponseRateModesCsv", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/resultaten?handler=RegionsCsv", [SignIn, Ok, NotFound, NotFound]),
        ],
        ["/beheer/rondes/{name}/opmerkingen"] =
        [
            ($"/beheer/rondes/{Round}/opmerkingen", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/opmerkingen?werkplein=WP-A&groep=uitkering:WW&van=5&tot=9&zoek=x", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/opmerkingen?werkplein=WP-XXX", [SignIn, NotFound, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/opmerkingen?handler=Csv", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/opmerkingen?handler=Xlsx&werkplein=WP-A", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/opmerkingen?verborgen=true&gedaan=verborgen", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/rondes/Bestaat%20niet/opmerkingen", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/rondes/{name}/gegevens"] =
        [
            ($"/beheer/rondes/{Round}/gegevens", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/gegevens?handler=Download&formaat=csv", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/gegevens?handler=Download&formaat=spss", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/gegevens?handler=Download&formaat=sav", [SignIn, NotFound, NotFound, NotFound]),
            ("/beheer/rondes/Bestaat%20niet/gegevens", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/interview"] = [("/interview", [SignIn, NotFound, NotFound, NotFound])],
        ["/interview/{ronde}"] =
        [
            ($"/interview/{CallRound}", [SignIn, NotFound, NotFound, NotFound]),
            ($"/interview/{Round}", [SignIn, NotFound, NotFound, NotFound]),
        ],
        // The questionnaire of a held case: only the interviewer holding the case's lease; nobody holds case 1 here.
        ["/interview/{ronde}/vragenlijst/{zaak:long}"] =
        [
            ($"/interview/{CallRound}/vragenlijst/1", [SignIn, NotFound, NotFound, NotFound]),
            ($"/interview/{Round}/vragenlijst/1", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/rondes/{name}/interviewers"] =
        [
            ($"/beheer/rondes/{Round}/interviewers", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/rondes/Bestaat%20niet/interviewers", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/rondes/{name}/papier"] =
        [
            ($"/beheer/rondes/{Round}/papier", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/rondes/Bestaat%20niet/papier", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/rondes/{name}/invoer"] =
        [
            ($"/beheer/rondes/{Round}/invoer", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/rondes/Bestaat%20niet/invoer", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/rondes/{name}/verzending"] =
        [
            ($"/beheer/rondes/{Round}/verzending", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/rondes/Bestaat%20niet/verzending", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/rondes"] = [("/beheer/rondes", [SignIn, Ok, NotFound, NotFound])],
        ["/beheer/rondes/nieuw"] = [("/beheer/rondes/nieuw", [SignIn, Ok, NotFound, NotFound])],
        ["/beheer/rondes/{name}"] =
        [
            ($"/beheer/rondes/{Round}", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}?bevestig=sluiten", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/rondes/Bestaat%20niet", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/rondes/{name}/wijzigen"] =
        [
            ($"/beheer/rondes/{Round}/wijzigen", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/rondes/Bestaat%20niet/wijzigen", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/rondes/{name}/deelnemers"] =
        [
            ($"/beheer/rondes/{Round}/deelnemers", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/deelnemers?bevestig=verwijderen", [SignIn, Ok, NotFound, NotFound]),
            // The errors of an upload that does not exist (or is of another round).
            ($"/beheer/rondes/{Round}/deelnemers?handler=Errors&upload=999999", [SignIn, NotFound, NotFound, NotFound]),
            ("/beheer/rondes/Bestaat%20niet/deelnemers", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/rondes/{name}/antwoorden"] =
        [
            ($"/beheer/rondes/{Round}/antwoorden", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/rondes/{Round}/antwoorden?handler=Errors&upload=999999", [SignIn, NotFound, NotFound, NotFound]),
            ("/beheer/rondes/Bestaat%20niet/antwoorden", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/logboek"] =
        [
            ("/beheer/logboek", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/logboek?ronde={Round}&van=2009-01-01", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/logboek?handler=Csv", [SignIn, Ok, NotFound, NotFound]),
        ],
        ["/beheer/vragenlijsten"] = [("/beheer/vragenlijsten", [SignIn, Ok, NotFound, NotFound])],
        ["/beheer/vragenlijsten/{id}"] =
        [
            ("/beheer/vragenlijsten/werkzoekenden-2009", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/vragenlijsten/bestaat-niet", [SignIn, NotFound, NotFound, NotFound]),
        ],
        // The preview of the answering pages: no token, nothing saved.
        ["/beheer/vragenlijsten/{id}/voorbeeld"] =
        [
            ("/beheer/vragenlijsten/werkzoekenden-2009/voorbeeld", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/vragenlijsten/werkzoekenden-2009/voorbeeld?stap=7", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/vragenlijsten/werkzoekenden-2009/voorbeeld?stap=einde", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/vragenlijsten/bestaat-niet/voorbeeld", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/vragenlijsten/{id}/e-mails"] =
        [
            ("/beheer/vragenlijsten/werkgevers-2009/e-mails", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/vragenlijsten/werkgevers-2009/e-mails?soort=verder", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/vragenlijsten/werkgevers-2009/e-mails?handler=Html&soort=herinnering", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/vragenlijsten/bestaat-niet/e-mails", [SignIn, NotFound, NotFound, NotFound]),
        ],
        // The test link of a test invitation: the questionnaire only, nothing saved, no token.
        ["/v/test-{questionnaire}"] =
        [
            ("/v/test-werkzoekenden-2009", [Ok, Ok, Ok, Ok]),
            ("/v/test-werkzoekenden-2009?stap=1", [Ok, Ok, Ok, Ok]),
            ("/v/test-onbekend", [NotFound, NotFound, NotFound, NotFound]),
        ],
        // Opt-out needs no sign-in; an answer token is no opt-out token.
        ["/afmelden/{token}"] =
        [
            ($"/afmelden/{app.OptOutToken}", [Ok, Ok, Ok, Ok]),
            ($"/afmelden/{app.Token}", [NotFound, NotFound, NotFound, NotFound]),
            ("/afmelden/onbekend", [NotFound, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/vergelijken"] =
        [
            ("/beheer/vergelijken", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/vergelijken?gewogen=ja", [SignIn, Ok, NotFound, NotFound]),
            ($"/beheer/vergelijken?ronde={Round}&handler=Csv", [SignIn, BadRequest, NotFound, NotFound]),
            ($"/beheer/vergelijken?ronde={Round}&handler=GroepenCsv", [SignIn, BadRequest, NotFound, NotFound]),
            ($"/beheer/vergelijken?ronde={Round}&handler=GroepenCsv&gewogen=ja", [SignIn, BadRequest, NotFound, NotFound]),
        ],
        ["/beheer/trends"] =
        [
            ("/beheer/trends", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/trends?werkplein=WP-C", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/trends?werkplein=WP-XXX", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/werkpleinen"] = [("/beheer/werkpleinen", [SignIn, Ok, NotFound, NotFound])],
        ["/beheer/werkpleinen/{code}"] =
        [
            ("/beheer/werkpleinen/WP-C", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/werkpleinen/WP-XXX", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/gebruikers"] = [("/beheer/gebruikers", [SignIn, Ok, NotFound, NotFound])],
        ["/beheer/gebruikers/nieuw"] = [("/beheer/gebruikers/nieuw", [SignIn, Ok, NotFound, NotFound])],
        ["/beheer/gebruikers/{id}"] =
        [
            ($"/beheer/gebruikers/{app.OneTimeUserId}", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/gebruikers/onbekend", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/resultaten"] = [("/resultaten", [Ok, Ok, Ok, Ok])],
        ["/werkplein"] =
        [
            ("/werkplein", [SignIn, Ok, Ok, Ok]),
            // The export form: Werkplein and round are parameters.
            ($"/werkplein?handler=Csv&werkplein=WP-A&ronde={Round}", [SignIn, Ok, Ok, Ok]),
            ($"/werkplein?handler=Csv&werkplein=WP-B&ronde={Round}", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein?handler=Csv&werkplein=WP-C&ronde={Round}", [SignIn, NotFound, NotFound, NotFound]),
            ($"/werkplein?handler=Csv&werkplein=WP-A&werkplein=WP-B&ronde={Round}", [SignIn, NotFound, NotFound, NotFound]),
            ($"/werkplein?handler=Csv&werkplein=WP-B&werkplein=WP-A&ronde={Round}", [SignIn, NotFound, NotFound, NotFound]),
            ("/werkplein?handler=Csv&werkplein=WP-B&ronde=Bestaat%20niet", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/werkplein/{code}"] =
        [
            ("/werkplein/WP-A", [SignIn, Ok, Ok, Ok]),
            ("/werkplein/WP-B", [SignIn, Ok, NotFound, Ok]),
            ("/werkplein/WP-A?gewogen=ja", [SignIn, Ok, Ok, Ok]),
            ("/werkplein/WP-B?gewogen=ja", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein/WP-B?ronde={Round}", [SignIn, Ok, NotFound, Ok]),
            ("/werkplein/WP-C", [SignIn, Ok, NotFound, NotFound]),
            ("/werkplein/wp-b", [SignIn, NotFound, NotFound, NotFound]),
            ("/werkplein/WP-XXX", [SignIn, NotFound, NotFound, NotFound]),
            ("/werkplein/WP-A?ronde=Bestaat%20niet", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/werkplein/{code}/opmerkingen"] =
        [
            ($"/werkplein/WP-A/opmerkingen?ronde={Round}", [SignIn, Ok, Ok, Ok]),
            ($"/werkplein/WP-B/opmerkingen?ronde={Round}", [SignIn, Ok, NotFound, Ok]),
            ("/werkplein/WP-B/opmerkingen", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein/WP-C/opmerkingen?ronde={Round}", [SignIn, NotFound, NotFound, NotFound]),
            ($"/werkplein/WP-A/opmerkingen?handler=Csv&ronde={Round}", [SignIn, Ok, Ok, Ok]),
            ($"/werkplein/WP-B/opmerkingen?handler=Csv&ronde={Round}", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein/WP-A/opmerkingen?handler=Xlsx&ronde={Round}", [SignIn, Ok, Ok, Ok]),
            ($"/werkplein/WP-B/opmerkingen?handler=Xlsx&ronde={Round}", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein/WP-C/opmerkingen?handler=Xlsx&ronde={Round}", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/werkplein/{code}/vergelijking"] =
        [
            ($"/werkplein/WP-A/vergelijking?ronde={Round}", [SignIn, Ok, Ok, Ok]),
            ($"/werkplein/WP-B/vergelijking?ronde={Round}", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein/WP-A/vergelijking?ronde={Round}&gewogen=ja", [SignIn, Ok, Ok, Ok]),
            ($"/werkplein/WP-B/vergelijking?ronde={Round}&gewogen=ja", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein/WP-A/vergelijking?ronde={Round}&gewogen=misschien", [SignIn, BadRequest, BadRequest, BadRequest]),
            ("/werkplein/WP-B/vergelijking", [SignIn, Ok, NotFound, Ok]),
            // WP-C has no rounds: the page says so; a round it is not in is 404.
            ("/werkplein/WP-C/vergelijking", [SignIn, Ok, NotFound, NotFound]),
            ($"/werkplein/WP-C/vergelijking?ronde={Round}", [SignIn, NotFound, NotFound, NotFound]),
            ("/werkplein/WP-XXX/vergelijking", [SignIn, NotFound, NotFound, NotFound]),
            ("/werkplein/WP-A/vergelijking?ronde=Bestaat%20niet", [SignIn, NotFound, NotFound, NotFound]),
        ],
        // The Landkaart of the current tertaal: a werkplein user only its own Werkplein; a beheerder sees it read-only.
        ["/werkplein/{code}/landkaart"] =
        [
            ("/werkplein/WP-A/landkaart", [SignIn, Ok, Ok, Ok]),
            ("/werkplein/WP-B/landkaart", [SignIn, Ok, NotFound, Ok]),
            ("/werkplein/WP-C/landkaart", [SignIn, Ok, NotFound, NotFound]),
            ("/werkplein/WP-XXX/landkaart", [SignIn, NotFound, NotFound, NotFound]),
            // No evidence uploaded in this app: 404 for everyone, as for a Werkplein one may not see.
            ("/werkplein/WP-A/landkaart?handler=Bewijs&mijlpaal=4", [SignIn, NotFound, NotFound, NotFound]),
            // The spread chart: nothing accepted in this app, so no chart (404) even where the page is allowed.
            ("/werkplein/WP-A/landkaart?handler=Spreiding&tertaal=2009-T2&soort=fase", [SignIn, NotFound, NotFound, NotFound]),
            ("/werkplein/WP-C/landkaart?handler=Spreiding&tertaal=2009-T2&soort=fase", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/beheer/landkaart"] =
        [
            ("/beheer/landkaart", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/landkaart?tertaal=2009-T2", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/landkaart?tertaal=2009-T4", [SignIn, NotFound, NotFound, NotFound]),
            ("/beheer/landkaart?handler=Spreiding&tertaal=2009-T2&soort=mijlpaal", [SignIn, NotFound, NotFound, NotFound]),
        ],
        // The tertaal report: the AKO sees the whole report; werkplein users only their own part, under /werkplein.
        ["/beheer/tertaal"] =
        [
            ("/beheer/tertaal", [SignIn, Ok, NotFound, NotFound]),
        ],
        ["/beheer/tertaal/{tertaal}"] =
        [
            ("/beheer/tertaal/2009-T3", [SignIn, Ok, NotFound, NotFound]),
            ("/beheer/tertaal/2009-T3?handler=Pdf", [SignIn, Ok, NotFound, NotFound]),
            // No Landkaart accepted in this app: no spread chart.
            ("/beheer/tertaal/2009-T3?handler=Spreiding&soort=fase", [SignIn, NotFound, NotFound, NotFound]),
            ("/beheer/tertaal/2009-T4", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/werkplein/{code}/tertaal/{tertaal}"] =
        [
            ("/werkplein/WP-A/tertaal/2009-T3", [SignIn, Ok, Ok, Ok]),
            ("/werkplein/WP-A/tertaal/2009-T3?handler=Pdf", [SignIn, Ok, Ok, Ok]),
            ("/werkplein/WP-B/tertaal/2009-T3", [SignIn, Ok, NotFound, Ok]),
            ("/werkplein/WP-B/tertaal/2009-T3?handler=Pdf", [SignIn, Ok, NotFound, Ok]),
            ("/werkplein/WP-C/tertaal/2009-T3", [SignIn, Ok, NotFound, NotFound]),
            ("/werkplein/WP-XXX/tertaal/2009-T3", [SignIn, NotFound, NotFound, NotFound]),
            ("/werkplein/WP-A/tertaal/2009-T9", [SignIn, NotFound, NotFound, NotFound]),
        ],
        // Nothing is submitted in this app, so the review page of any Werkplein is 404; werkplein users never see it.
        ["/beheer/landkaart/{code}/{tertaal}"] =
        [
            ("/beheer/landkaart/WP-A/2009-T3", [SignIn, NotFound, NotFound, NotFound]),
            ("/beheer/landkaart/WP-XXX/2009-T3", [SignIn, NotFound, NotFound, NotFound]),
        ],
        ["/werkplein/{code}/rapport"] =
        [
            ($"/werkplein/WP-A/rapport?ronde={Round}", [SignIn, Ok, Ok, Ok]),
            ($"/werkplein/WP-B/rapport?ronde={Round}", [SignIn, Ok, NotFound, Ok]),
            ("/werkplein/WP-B/rapport", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein/WP-C/rapport?ronde={Round}", [SignIn, NotFound, NotFound, NotFound]),
            ($"/werkplein/WP-A/rapport?handler=Csv&ronde={Round}", [SignIn, Ok, Ok, Ok]),
            ($"/werkplein/WP-B/rapport?handler=Csv&ronde={Round}", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein/WP-A/rapport?ronde={Round}&gewogen=ja", [SignIn, Ok, Ok, Ok]),
            ($"/werkplein/WP-B/rapport?ronde={Round}&gewogen=ja", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein/WP-A/rapport?handler=Csv&ronde={Round}&gewogen=ja", [SignIn, Ok, Ok, Ok]),
            ($"/werkplein/WP-B/rapport?handler=Csv&ronde={Round}&gewogen=ja", [SignIn, Ok, NotFound, Ok]),
            ($"/werkplein/WP-A/rapport?ronde={Round}&gewogen=misschien", [SignIn, BadRequest, BadRequest, BadRequest]),
            ($"/werkplein/WP-B/rapport?handler=Csv&ronde={Round}&gewogen=misschien", [SignIn, BadRequest, NotFound, BadRequest]),
            ($"/werkplein/WP-C/rapport?handler=Csv&ronde={Round}", [SignIn, NotFound, NotFound, NotFound]),
        ],
    };

    [Fact]
    public void Every_route_of_the_app_is_in_the_matrix()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Distinct()
            .ToList();
        var matrix = Matrix();

        var missing = routes.Where(r => !matrix.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "Routes without a line in the access matrix (decide who may see them): " + string.Join(", ", missing));
        var stale = matrix.Keys.Where(k => !routes.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "Matrix lines for routes the app does not have: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_route_answers_each_role_as_expected()
    {
        var clients = new Dictionary<string, HttpClient> { [Anonymous] = app.Browser() };
        foreach (var user in _roles.Skip(1))
        {
            clients[user] = await app.SignedInAsync(user);
        }

        var report = new StringBuilder();
        var checks = 0;
        foreach (var (route, requests) in Matrix())
        {
            foreach (var (url, expected) in requests)
            {
                for (var r = 0; r < _roles.Length; r++)
                {
                    using var response = await clients[_roles[r]].GetAsync(url);
                    checks++;
                    var status = (int)response.StatusCode;
                    if (status != expected[r])
                    {
                        report.AppendLine($"{route}: GET {url} as {_roles[r]}: expected {expected[r]}, got {status}");
                    }
                    else if (status == SignIn && !response.Headers.Location!.OriginalString.Contains("/inloggen?ReturnUrl=", StringComparison.Ordinal))
                    {
                        report.AppendLine($"{route}: GET {url} as {_roles[r]}: redirected to {response.Headers.Location}, not to sign-in");
                    }
                }
            }
        }

        Assert.True(report.Length == 0, $"{checks} checks, these failed:\n{report}");
        Assert.True(checks > 100);
    }

    [Fact]
    public async Task An_interviewer_sees_the_call_screens_of_an_assigned_round_and_nothing_of_the_results()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            if (!await sp.GetRequiredService<KlantmetingDbContext>().Rounds.AnyAsync(r => r.Name == "Bellen 2009"))
            {
                await sp.GetRequiredService<UserService>().CreateAsync(Interviewer, Roles.Interviewer, [], AccessAppFactory.Password, mustChangePassword: false);
                await sp.GetRequiredService<RoundService>().CreateAsync("Bellen 2009", "werkgevers-2009", new DateOnly(2009, 9, 1), new DateOnly(2009, 11, 30),
                    null, new RoundModeSettings(RoundMode.Telefoon));
                await sp.GetRequiredService<InterviewerAssignments>().AssignAsync("Bellen 2009", Interviewer);
            }
        }

        var client = await app.SignedInAsync(Interviewer);
        var anonymous = app.Browser();
        var report = new StringBuilder();
        foreach (var (route, requests) in Matrix())
        {
            foreach (var (url, expected) in requests)
            {
                // Public pages as for anyone; the own account page; the call screens of the assigned round; nothing else.
                var wanted = url == "/interview" || url == $"/interview/{CallRound}" || url == "/wachtwoord-wijzigen" ? Ok
                    : expected[0] == SignIn ? NotFound
                    : expected[0];
                var status = (int)(await client.GetAsync(url)).StatusCode;
                if (status != wanted)
                {
                    report.AppendLine($"{route}: GET {url} as interviewer: expected {wanted}, got {status}");
                }
            }
        }

        Assert.True(report.Length == 0, report.ToString());
        Assert.Contains("Bellen 2009", await client.GetStringAsync("/interview"), StringComparison.Ordinal);
        var screen = await client.GetStringAsync($"/interview/{CallRound}");
        Assert.Contains("Volgende deelnemer", screen, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, (await anonymous.GetAsync($"/interview/{CallRound}")).StatusCode);
    }

    [Theory]
    [InlineData("/bestaat-niet")]
    [InlineData("/beheer/bestaat-niet")]
    [InlineData("/werkplein/WP-A/bestaat-niet")]
    public async Task A_url_without_a_page_is_404_for_everyone(string url)
    {
        foreach (var user in _roles)
        {
            var client = user == Anonymous ? app.Browser() : await app.SignedInAsync(user);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task A_refused_werkplein_gets_the_plain_not_found_page_and_nothing_of_its_figures()
    {
        var client = await app.SignedInAsync(AccessAppFactory.UserA);
        foreach (var url in new[] { "/werkplein/WP-B", $"/werkplein/WP-B/rapport?ronde={Round}", $"/werkplein/WP-B/rapport?handler=Csv&ronde={Round}",
                     $"/werkplein/WP-B/opmerkingen?ronde={Round}", $"/werkplein/WP-B/opmerkingen?handler=Csv&ronde={Round}",
                     $"/werkplein/WP-B/opmerkingen?handler=Xlsx&ronde={Round}",
                     $"/werkplein/WP-B/vergelijking?ronde={Round}",
                     $"/werkplein?handler=Csv&werkplein=WP-B&ronde={Round}" })
        {
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("Deze pagina bestaat niet", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Werkplein B", body, StringComparison.Ordinal);
            Assert.DoesNotContain("WP-B", body, StringComparison.Ordinal);
        }

        // The list and the export form offer only the user's own Werkplein.
        var list = await client.GetStringAsync("/werkplein");
        Assert.Contains("Werkplein A", list, StringComparison.Ordinal);
        Assert.DoesNotContain("WP-B", list, StringComparison.Ordinal);
        var csv = await client.GetStringAsync($"/werkplein?handler=Csv&werkplein=WP-A&ronde={Round}");
        var werkpleinen = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[^11]).Distinct().Order().ToList();
        Assert.Equal(["NL", "WP-A"], werkpleinen);
    }
}
