using System.Text;
using Klantmeting.EndToEnd.Access;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Jobs;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Look;

/// <summary>
/// Every page at phone width (390 px) and desktop width (1280 px) in a real chromium: axe-core (WCAG 2.0/2.1 A and
/// AA) finds nothing, and at 390 px the page itself never scrolls sideways (wide tables scroll in their own region).
/// Add a page with one line in <see cref="Pages"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageLayoutBrowserTests(BrowserFixture browser, PageLayoutBrowserTests.Host host) : IClassFixture<PageLayoutBrowserTests.Host>
{
    /// <summary>Who visits: nobody signed in, a beheerder, or the user of Werkplein WP-NRD.</summary>
    public enum Visitor
    {
        Anonymous,
        Beheerder,
        Werkplein,
        Interviewer,
    }

    /// <summary>
    /// The pages: name, visitor, path. In a path, <c>{ronde}</c> is the closed round, <c>{open}</c> the open round,
    /// <c>{token}</c> an answer link token and <c>{afmeldtoken}</c> an opt-out token of the open round, <c>{gebruiker}</c> the
    /// user id of the werkplein user, <c>{zaak}</c> the call case the interviewer holds in the telephone round "Bellen".
    /// </summary>
    private static readonly (string Name, Visitor Visitor, string Path)[] Pages =
    [
        ("start", Visitor.Anonymous, "/"),
        ("start beheerder", Visitor.Beheerder, "/"),
        ("inloggen", Visitor.Anonymous, "/inloggen"),
        ("beheer overzicht", Visitor.Beheerder, "/beheer"),
        ("rondes", Visitor.Beheerder, "/beheer/rondes"),
        ("nieuwe ronde", Visitor.Beheerder, "/beheer/rondes/nieuw"),
        ("ronde", Visitor.Beheerder, "/beheer/rondes/{ronde}"),
        ("ronde open", Visitor.Beheerder, "/beheer/rondes/{open}"),
        ("ronde sluiten bevestigen", Visitor.Beheerder, "/beheer/rondes/{open}?bevestig=sluiten"),
        ("logboek", Visitor.Beheerder, "/beheer/logboek"),
        ("opmerkingen", Visitor.Beheerder, "/beheer/rondes/{ronde}/opmerkingen"),
        ("opmerkingen met verborgen", Visitor.Beheerder, "/beheer/rondes/{ronde}/opmerkingen?verborgen=true"),
        ("verzending", Visitor.Beheerder, "/beheer/rondes/{open}/verzending"),
        ("resultaten", Visitor.Beheerder, "/beheer/rondes/{ronde}/resultaten"),
        ("resultaten gewogen", Visitor.Beheerder, "/beheer/rondes/{ronde}/resultaten?gewogen=ja"),
        ("resultaten telefoonronde", Visitor.Beheerder, "/beheer/rondes/Bellen/resultaten"),
        ("gegevens", Visitor.Beheerder, "/beheer/rondes/{ronde}/gegevens"),
        ("deelnemers", Visitor.Beheerder, "/beheer/rondes/{ronde}/deelnemers"),
        ("deelnemers open ronde", Visitor.Beheerder, "/beheer/rondes/{open}/deelnemers"),
        ("antwoorden", Visitor.Beheerder, "/beheer/rondes/{open}/antwoorden"),
        ("vergelijken", Visitor.Beheerder, "/beheer/vergelijken"),
        ("trends", Visitor.Beheerder, "/beheer/trends"),
        ("landkaart", Visitor.Beheerder, "/beheer/landkaart"),
        ("tertaalrapporten", Visitor.Beheerder, "/beheer/tertaal"),
        ("tertaalrapport", Visitor.Beheerder, "/beheer/tertaal/2009-T3"),
        ("trends werkplein", Visitor.Beheerder, "/beheer/trends?werkplein=WP-NRD"),
        ("vergelijken uitkomst", Visitor.Beheerder, "/beheer/vergelijken?ronde={ronde}&ronde={open}&niveau=werkpleinen"),
        ("vergelijken uitkomst gewogen", Visitor.Beheerder, "/beheer/vergelijken?ronde={ronde}&ronde={open}&niveau=werkpleinen&gewogen=ja"),
        ("vergelijken groepen gewogen", Visitor.Beheerder, "/beheer/vergelijken?ronde={ronde}&ronde={open}&gewogen=ja"),
        ("vragenlijsten", Visitor.Beheerder, "/beheer/vragenlijsten"),
        ("vragenlijst gegevens", Visitor.Beheerder, "/beheer/vragenlijsten/werkzoekenden-2009"),
        ("vragenlijst voorbeeld", Visitor.Beheerder, "/beheer/vragenlijsten/werkzoekenden-2009/voorbeeld"),
        ("vragenlijst voorbeeld stap", Visitor.Beheerder, "/beheer/vragenlijsten/werkzoekenden-2009/voorbeeld?stap=1"),
        ("vragenlijst voorbeeld cijfer", Visitor.Beheerder, "/beheer/vragenlijsten/werkzoekenden-2009/voorbeeld?stap=6"),
        ("vragenlijst voorbeeld controleren", Visitor.Beheerder, "/beheer/vragenlijsten/werkzoekenden-2009/voorbeeld?stap=7"),
        ("vragenlijst voorbeeld einde", Visitor.Beheerder, "/beheer/vragenlijsten/werkzoekenden-2009/voorbeeld?stap=einde"),
        ("vragenlijst e-mails", Visitor.Beheerder, "/beheer/vragenlijsten/werkgevers-2009/e-mails"),
        ("vragenlijst herinnering", Visitor.Beheerder, "/beheer/vragenlijsten/werkgevers-2009/e-mails?soort=verder"),
        ("werkpleinen", Visitor.Beheerder, "/beheer/werkpleinen"),
        ("werkplein wijzigen", Visitor.Beheerder, "/beheer/werkpleinen/WP-NRD"),
        ("gebruikers", Visitor.Beheerder, "/beheer/gebruikers"),
        ("nieuwe gebruiker", Visitor.Beheerder, "/beheer/gebruikers/nieuw"),
        ("gebruiker", Visitor.Beheerder, "/beheer/gebruikers/{gebruiker}"),
        ("werkplein keuze", Visitor.Werkplein, "/werkplein"),
        ("werkplein dashboard", Visitor.Werkplein, "/werkplein/WP-NRD"),
        ("werkplein dashboard gewogen", Visitor.Werkplein, "/werkplein/WP-NRD?gewogen=ja"),
        ("werkplein rapport", Visitor.Werkplein, "/werkplein/WP-NRD/rapport?ronde={ronde}"),
        ("werkplein rapport gewogen", Visitor.Werkplein, "/werkplein/WP-NRD/rapport?ronde={ronde}&gewogen=ja"),
        ("werkplein opmerkingen", Visitor.Werkplein, "/werkplein/WP-NRD/opmerkingen?ronde={ronde}"),
        ("werkplein vergelijking", Visitor.Werkplein, "/werkplein/WP-NRD/vergelijking?ronde={ronde}"),
        ("werkplein vergelijking gewogen", Visitor.Werkplein, "/werkplein/WP-NRD/vergelijking?ronde={ronde}&gewogen=ja"),
        ("werkplein landkaart", Visitor.Werkplein, "/werkplein/WP-NRD/landkaart"),
        ("werkplein tertaalrapport", Visitor.Werkplein, "/werkplein/WP-NRD/tertaal/2009-T3"),
        ("openbare resultaten", Visitor.Anonymous, "/resultaten"),
        ("privacy", Visitor.Anonymous, "/privacy"),
        ("vragenlijst", Visitor.Anonymous, "/v/{token}"),
        ("afmelden", Visitor.Anonymous, "/afmelden/{afmeldtoken}"),
        ("interviewers", Visitor.Beheerder, "/beheer/rondes/Bellen/interviewers"),
        ("papieren vragenlijsten", Visitor.Beheerder, "/beheer/rondes/Papier/papier"),
        ("antwoorden invoeren", Visitor.Beheerder, "/beheer/rondes/Papier/invoer"),
        ("bellen rondes", Visitor.Interviewer, "/interview"),
        ("bellen", Visitor.Interviewer, "/interview/Bellen"),
        ("interview", Visitor.Interviewer, "/interview/Bellen/vragenlijst/{zaak}"),
        ("interview stap", Visitor.Interviewer, "/interview/Bellen/vragenlijst/{zaak}?stap=1"),
    ];

    private static readonly int[] _widths = [390, 1280];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in Pages)
        {
            foreach (var width in _widths)
            {
                data.Add(page.Name, width);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Page_has_no_axe_violations_and_no_sideways_scrolling(string name, int width)
    {
        var (_, visitor, template) = Pages.Single(p => p.Name == name);
        var page = await host.OpenAsync(browser, visitor, width);
        var path = host.Resolve(template);
        var response = await page.GotoAsync(host.App.Url(path));
        Assert.True(response!.Status == 200, $"{name}: {path} answered {response.Status}");
        await ScreenshotAsync(page, name, width);

        var report = new StringBuilder();
        foreach (var violation in await Axe.RunAsync(page))
        {
            report.AppendLine($"[{name} {width}px] {path}: {violation}");
        }

        Assert.True(report.Length == 0, report.ToString());
        var (scrollWidth, innerWidth) = await WidthsAsync(page);
        if (width <= 390)
        {
            Assert.True(scrollWidth <= innerWidth, $"{name} at {width}px is {scrollWidth}px wide: the page scrolls sideways");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_paper_entry_form_has_no_axe_violations_fits_390px_and_moves_with_tab_from_answer_to_answer()
    {
        var page = await host.OpenAsync(browser, Visitor.Beheerder, 390);
        await page.GotoAsync(host.App.Url("/beheer/rondes/Papier/invoer"));
        await page.FillAsync("#code", host.PaperCode.ToLowerInvariant());
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("[data-testid=participant]");
        await ScreenshotAsync(page, "antwoorden invoeren formulier", 390);
        var report = new StringBuilder();
        foreach (var violation in await Axe.RunAsync(page))
        {
            report.AppendLine($"[invoerformulier 390px]: {violation}");
        }

        Assert.True(report.Length == 0, report.ToString());
        var (scrollWidth, innerWidth) = await WidthsAsync(page);
        Assert.True(scrollWidth <= innerWidth, $"the entry form at 390px is {scrollWidth}px wide: the page scrolls sideways");

        var answers = page.Locator("input[inputmode=numeric]");
        await answers.First.FocusAsync();
        await page.Keyboard.TypeAsync("4");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal(await answers.Nth(1).GetAttributeAsync("name"), await page.EvaluateAsync<string>("document.activeElement.name"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_administrator_navigation_marks_the_current_page_and_only_beheerders_get_it()
    {
        var page = await host.OpenAsync(browser, Visitor.Beheerder, 390);
        await page.GotoAsync(host.App.Url("/beheer"));
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Beheer" });
        string[] expected = ["Overzicht", "Rondes", "Vragenlijsten", "Werkpleinen", "Gebruikers", "Vergelijken", "Trends", "Landkaart", "Tertaalrapport", "Logboek"];
        Assert.Equal(expected, (await nav.GetByRole(AriaRole.Link).AllInnerTextsAsync()).Select(t => t.Trim()).ToArray());
        Assert.Equal("page", await nav.GetByRole(AriaRole.Link, new() { Name = "Overzicht" }).GetAttributeAsync("aria-current"));

        await page.GotoAsync(host.App.Url("/beheer/vergelijken"));
        Assert.Equal("page", await nav.GetByRole(AriaRole.Link, new() { Name = "Vergelijken" }).GetAttributeAsync("aria-current"));
        Assert.Null(await nav.GetByRole(AriaRole.Link, new() { Name = "Overzicht" }).GetAttributeAsync("aria-current"));
        await page.GotoAsync(host.App.Url("/beheer/trends?werkplein=WP-NRD"));
        Assert.Equal("page", await nav.GetByRole(AriaRole.Link, new() { Name = "Trends" }).GetAttributeAsync("aria-current"));
        await page.GotoAsync(host.App.Url(host.Resolve("/beheer/rondes/{open}/verzending")));
        Assert.Equal("page", await nav.GetByRole(AriaRole.Link, new() { Name = "Rondes" }).GetAttributeAsync("aria-current"));
        await page.Context.CloseAsync();

        // Not on the public pages, nor for a werkplein user (who gets 404 on /beheer).
        var werkplein = await host.OpenAsync(browser, Visitor.Werkplein, 390);
        Assert.Equal(404, (await werkplein.GotoAsync(host.App.Url("/beheer")))!.Status);
        Assert.Equal(0, await werkplein.GetByRole(AriaRole.Navigation, new() { Name = "Beheer" }).CountAsync());
        await werkplein.GotoAsync(host.App.Url("/werkplein/WP-NRD"));
        Assert.Equal(0, await werkplein.GetByRole(AriaRole.Navigation, new() { Name = "Beheer" }).CountAsync());
        await werkplein.Context.CloseAsync();
    }

    [Fact]
    public async Task The_overview_works_with_the_keyboard_only()
    {
        var page = await host.OpenAsync(browser, Visitor.Beheerder, 390);
        await page.GotoAsync(host.App.Url("/beheer"));
        // First Tab: the skip link, visible when focused; Enter moves to the content.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Naar de inhoud", (await page.EvaluateAsync<string>("() => document.activeElement.innerText")).Trim());
        Assert.True(await page.EvaluateAsync<bool>("() => { const r = document.activeElement.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.top >= 0; }"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("inhoud", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // From the content, Tab reaches the sending page link of the open round, and Enter follows it.
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Verzending van " + Host.OpenRound });
        for (var i = 0; i < 30 && !await link.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        }

        Assert.True(await link.EvaluateAsync<bool>("e => e === document.activeElement"), "Tab never reached the sending link");
        await page.Keyboard.PressAsync("Enter");
        await PageWaits.UrlAsync(page, url => url.EndsWith("/verzending", StringComparison.Ordinal), "Enter on the sending link");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_overview_shows_state_response_rate_what_happens_next_and_warnings()
    {
        var page = await host.OpenAsync(browser, Visitor.Beheerder, 1280);
        await page.GotoAsync(host.App.Url("/beheer"));
        var open = page.GetByTestId("round-" + Host.OpenRound);
        Assert.Equal("open", (await open.GetByTestId("state").InnerTextAsync()).Trim());
        // 20 in the sample, 1 complete response: 5,0%; Dutch plural and decimal comma.
        Assert.Equal("5,0%: 1 van 20 deelnemers vulde de vragenlijst helemaal in", (await open.GetByTestId("rr1").InnerTextAsync()).Trim());
        var next = await open.GetByTestId("next").InnerTextAsync();
        Assert.Contains("6 uitnodigingen wachten op verzending.", next);
        Assert.Contains($"Herinnering 2 op {Host.ReminderDay}.", next);
        var warnings = string.Join("\n", await open.GetByTestId("warning").AllTextContentsAsync());
        Assert.Contains("maar het veldwerk begint pas op", warnings);
        Assert.Contains("15,4% van de verstuurde uitnodigingen is onbestelbaar (2 van 13)", warnings);
        Assert.Contains("1 uitnodiging met een fout bij het versturen in het afgelopen uur", warnings);

        var closed = page.GetByTestId("round-" + AccessSeed.RoundName);
        Assert.Equal("gesloten", (await closed.GetByTestId("state").InnerTextAsync()).Trim());
        Assert.Equal(0, await closed.GetByTestId("warning").CountAsync());
        // 40 invited, 35 answered everything.
        Assert.Equal("87,5%: 35 van 40 deelnemers vulde de vragenlijst helemaal in", (await closed.GetByTestId("rr1").InnerTextAsync()).Trim());
        await page.Context.CloseAsync();
    }

    private static async Task<(int ScrollWidth, int InnerWidth)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }

    private static async Task ScreenshotAsync(IPage page, string name, int width)
    {
        // Set SCREENSHOT_DIR to look at every page at both widths after a run.
        if (System.Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name.Replace(' ', '-')}-{width}.png"), FullPage = true });
        }
    }

    /// <summary>
    /// One host for the class: the closed round of <see cref="AccessSeed"/> and an open round that opened before its
    /// start date, with bounces above 5%, a recent sending error, a planned reminder and links to answer or opt out.
    /// </summary>
    public sealed class Host : IAsyncLifetime
    {
        public const string OpenRound = "Voorjaar 2027";

        private readonly Dictionary<Visitor, IReadOnlyList<BrowserContextCookiesResult>> _cookies = [];

        /// <summary>Web role only: no jobs, so nothing sends or changes the seeded invitations during the tests.</summary>
        public KestrelAppFactory App { get; } = new KestrelAppFactory().WithSetting(JobsExtensions.RoleSetting, "web");

        public string Token { get; } = InvitationToken.Generate();

        public string OptOutToken { get; } = InvitationToken.Generate();

        /// <summary>The day reminder 2 is due, as the overview writes it.</summary>
        public static string ReminderDay { get; private set; } = "";

        public string Resolve(string path) => path
            .Replace("{ronde}", Uri.EscapeDataString(AccessSeed.RoundName), StringComparison.Ordinal)
            .Replace("{open}", Uri.EscapeDataString(OpenRound), StringComparison.Ordinal)
            .Replace("{token}", Token, StringComparison.Ordinal)
            .Replace("{afmeldtoken}", OptOutToken, StringComparison.Ordinal)
            .Replace("{gebruiker}", WerkpleinUserId, StringComparison.Ordinal)
            .Replace("{zaak}", CallCaseId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        /// <summary>The id of <see cref="AccessSeed.WerkpleinUser"/> (its page under <c>/beheer/gebruikers</c>).</summary>
        public string WerkpleinUserId { get; private set; } = "";

        /// <summary>The call case the interviewer holds in the telephone round "Bellen" (its interview page).</summary>
        public long CallCaseId { get; private set; }

        /// <summary>The response code printed for the participant of the paper round "Papier".</summary>
        public string PaperCode { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await AccessSeed.SeedAsync(App);
            await App.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<KlantmetingDbContext>();
                // Comments in the closed round, one of them hidden: the comment pages show their forms and the mark.
                await db.Responses.ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, "Goed geholpen, bel 06-12345678."));
                db.CommentHides.Add(new Klantmeting.Comments.CommentHide
                {
                    ResponseId = await db.Responses.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(), Reason = "Herkenbaar", HiddenBy = "systeem",
                    HiddenAt = DateTime.UtcNow,
                });
                await db.SaveChangesAsync();
                var survey = sp.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
                var now = DateTime.UtcNow;
                var today = DateOnly.FromDateTime(RoundCalendar.ToDutch(now));
                var round = new Round
                {
                    Name = OpenRound,
                    QuestionnaireId = survey.Id,
                    FieldworkStart = today.AddDays(30),
                    FieldworkEnd = today.AddDays(60),
                    State = RoundState.Open,
                    CreatedAt = now,
                    OpenedAt = now,
                };
                db.Rounds.Add(round);
                var werkplein = await db.Werkpleinen.SingleAsync(w => w.Code == "WP-NRD");
                await db.SaveChangesAsync();
                var reminderAt = RoundCalendar.StartOfDayUtc(today.AddDays(10)).AddHours(9);
                ReminderDay = Klantmeting.Web.Infrastructure.Dutch.Date(today.AddDays(10), today.Year);
                var invitations = new List<Invitation>();
                for (var n = 0; n < 20; n++)
                {
                    var participant = new Participant { RoundId = round.Id, Ref = $"OPEN-{n}", WerkpleinId = werkplein.Id };
                    db.Participants.Add(participant);
                    await db.SaveChangesAsync();
                    // 11 sent (one had reminder 1, reminder 2 planned), 2 bounced, 6 waiting of which one failed just now, 1 failed for good.
                    var state = n switch { < 11 => InvitationState.Sent, < 13 => InvitationState.Bounced, < 19 => InvitationState.Pending, _ => InvitationState.Failed };
                    var invitation = new Invitation
                    {
                        ParticipantId = participant.Id,
                        RoundId = round.Id,
                        State = state,
                        NextAttemptAt = n == 13 ? now.AddMinutes(5) : now.AddDays(-2),
                        SentAt = state is InvitationState.Sent or InvitationState.Bounced ? now.AddDays(-1) : null,
                        LastError = n is 13 or 19 ? "451 4.3.0 Probeer het later opnieuw" : null,
                        RemindersSent = n == 0 ? 1 : 0,
                        NextReminderAt = n == 0 ? reminderAt : n < 11 ? reminderAt.AddDays(2) : null,
                    };
                    db.Invitations.Add(invitation);
                    invitations.Add(invitation);
                }

                await db.SaveChangesAsync();
                db.InvitationTokens.Add(new IssuedToken { Hash = InvitationToken.Hash(Token), InvitationId = invitations[1].Id, Purpose = TokenPurpose.Answer, CreatedAt = now });
                db.InvitationTokens.Add(new IssuedToken { Hash = InvitationToken.Hash(OptOutToken), InvitationId = invitations[1].Id, Purpose = TokenPurpose.OptOut, CreatedAt = now });
                // One complete response (every statement and the grade) and one that stopped early.
                db.Responses.Add(new Klantmeting.Responses.Response
                {
                    InvitationId = invitations[2].Id, RoundId = round.Id, StartedAt = now, UpdatedAt = now, CompletedAt = now, Grade = 8,
                    Scores = Klantmeting.Responses.ResponseScore.Summarize(0, survey.Statements.Select(s => (s.Id, 4))),
                });
                db.Responses.Add(new Klantmeting.Responses.Response
                {
                    InvitationId = invitations[3].Id, RoundId = round.Id, StartedAt = now, UpdatedAt = now,
                    Scores = Klantmeting.Responses.ResponseScore.Summarize(0, survey.Statements.Take(2).Select(s => (s.Id, 4))),
                });
                await db.SaveChangesAsync();
                WerkpleinUserId = await db.Users.Where(u => u.Email == AccessSeed.WerkpleinUser).Select(u => u.Id).SingleAsync();
                CallCaseId = await SeedCallRoundAsync(sp, db, werkplein.Id, now);
                await SeedPaperRoundAsync(db, werkplein.Id, now);
                var paper = sp.GetRequiredService<Klantmeting.Paper.PaperService>();
                PaperCode = (await paper.PrintAsync((await paper.FindRoundAsync("Papier"))!, null, null)).Single().Code;
                return true;
            });
        }

        /// <summary>A telephone round with an assigned interviewer who holds one participant, so the call screen shows its form.</summary>
        private static async Task<long> SeedCallRoundAsync(IServiceProvider sp, KlantmetingDbContext db, int werkpleinId, DateTime now)
        {
            var interviewer = (await sp.GetRequiredService<Klantmeting.Users.UserService>()
                .CreateAsync(Interviewer, Klantmeting.Users.Roles.Interviewer, [], AccessSeed.Password, mustChangePassword: false)).User;
            var round = new Round
            {
                Name = "Bellen", QuestionnaireId = "werkgevers-2009", Mode = RoundMode.Telefoon, State = RoundState.Open, CreatedAt = now, OpenedAt = now,
                FieldworkStart = DateOnly.FromDateTime(now).AddDays(-1), FieldworkEnd = DateOnly.FromDateTime(now).AddDays(30),
            };
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
            var participant = db.Participants.Add(new Participant { RoundId = round.Id, Ref = "BEL-1", WerkpleinId = werkpleinId }).Entity;
            await db.SaveChangesAsync();
            db.ParticipantContacts.Add(new ParticipantContact { ParticipantId = participant.Id, RoundId = round.Id, Phone = "+31612345678" });
            // As every participant of a round has one (never e-mailed in a telephone round): the per-mode rates count from it.
            db.Invitations.Add(new Klantmeting.Invitations.Invitation { ParticipantId = participant.Id, RoundId = round.Id, NextAttemptAt = now });
            var held = db.CallCases.Add(new Klantmeting.Calls.CallCase
            {
                RoundId = round.Id, ParticipantId = participant.Id, State = Klantmeting.Calls.CallCaseState.Claimed, ClaimId = Guid.NewGuid(),
                ClaimedBy = interviewer.Id, ClaimedAt = now, NextCallAt = now, CreatedAt = now,
            }).Entity;
            await db.SaveChangesAsync();
            await sp.GetRequiredService<Klantmeting.Calls.InterviewerAssignments>().AssignAsync("Bellen", Interviewer);
            return held.Id;
        }

        /// <summary>An open paper round "Papier" with one participant, for the print and data-entry pages.</summary>
        private static async Task SeedPaperRoundAsync(KlantmetingDbContext db, int werkpleinId, DateTime now)
        {
            var round = new Round
            {
                Name = "Papier", QuestionnaireId = "werkgevers-2009", Mode = RoundMode.Papier, State = RoundState.Open, CreatedAt = now, OpenedAt = now,
                FieldworkStart = DateOnly.FromDateTime(now).AddDays(-1), FieldworkEnd = DateOnly.FromDateTime(now).AddDays(30),
            };
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
            var participant = db.Participants.Add(new Participant { RoundId = round.Id, Ref = "PAP-1", WerkpleinId = werkpleinId }).Entity;
            await db.SaveChangesAsync();
            db.Invitations.Add(new Klantmeting.Invitations.Invitation { ParticipantId = participant.Id, RoundId = round.Id, NextAttemptAt = now });
            await db.SaveChangesAsync();
        }

        /// <summary>The interviewer of the telephone round "Bellen".</summary>
        private const string Interviewer = "interviewer@belbureau.test";

        /// <summary>A new page (fresh context) of <paramref name="width"/> px, signed in as <paramref name="visitor"/>.</summary>
        public async Task<IPage> OpenAsync(BrowserFixture browser, Visitor visitor, int width)
        {
            var page = await browser.NewPageAsync(width, 844);
            if (visitor == Visitor.Anonymous)
            {
                return page;
            }

            if (!_cookies.TryGetValue(visitor, out var cookies))
            {
                var email = visitor switch { Visitor.Beheerder => AccessSeed.Beheerder, Visitor.Interviewer => Interviewer, _ => AccessSeed.WerkpleinUser };
                var signIn = await BrowserSignIn.SignInAsync(browser, App, email, AccessSeed.Password, width);
                await PageWaits.SignedInAsync(signIn);
                cookies = await signIn.Context.CookiesAsync();
                await signIn.Context.CloseAsync();
                _cookies[visitor] = cookies;
            }

            await page.Context.AddCookiesAsync(cookies.Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires > 0 ? c.Expires : null,
                HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            }));
            return page;
        }

        public Task DisposeAsync() => App.DisposeAsync().AsTask();
    }
}
