using System.Globalization;
using Klantmeting.Calls;
using Klantmeting.EndToEnd.Infrastructure;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Fieldwork;

/// <summary>
/// A mixed round (<c>gemengd</c>) from start to results, with the real host, a real SMTP server (maildev), chromium and
/// a moved clock: web invitations and a reminder go out, two answer on the web and one opts out; two days after the
/// reminder the seven others are on the call list; two interviewers, signed in in two browsers, work the list at the
/// same time and never hold the same participant; an appointment comes back at its time to the interviewer who made
/// it; the outcomes give the AAPOR rates computed here by hand from docs/response-rates.md; the interviews are complete
/// responses with mode telefoon; the results show the mode breakdown; no phone number is in the results or exports.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MixedRoundTests(BrowserFixture browser, MaildevServer smtp) : IClassFixture<MaildevServer>
{
    private const string RoundName = "Gemengd 2030";
    private const string InterviewerA = "anna@belbureau.test";
    private const string InterviewerB = "bram@belbureau.test";
    private const string Beheerder = "beheer@ako.test";

    /// <summary>Monday 2 September 2030, 10:00 Dutch summer time (UTC+2): inside the calling hours, as every moment below.</summary>
    private static readonly DateTimeOffset Start = new(2030, 9, 2, 8, 0, 0, TimeSpan.Zero);

    private static readonly CultureInfo Nl = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>What each participant on the call list says when called (an appointment is followed by an interview).</summary>
    private static readonly Dictionary<string, Plan> CallPlans = new(StringComparer.Ordinal)
    {
        ["bel1"] = new(null, 9),
        ["bel2"] = new(null, 7),
        ["bel3"] = new("weigering: wil niet meedoen", null),
        ["bel4"] = new("verkeerd nummer of nummer bestaat niet", null),
        ["bel5"] = new("geen gehoor", null),
        ["bel6"] = new(Appointment, 8),
        ["bel7"] = new("taalprobleem", null),
    };

    private const string Appointment = "afspraak: later terugbellen";

    /// <summary>Web answers (grade), the one who opts out, then the call list: everyone has an e-mail address and a phone number.</summary>
    private static readonly string[] People = ["web1", "web2", "afmelder", .. CallPlans.Keys];

    [Fact]
    public async Task Web_first_then_two_interviewers_call_the_non_respondents_and_rates_and_modes_come_out_as_computed_by_hand()
    {
        var domain = $"g{Guid.NewGuid():N}"[..12] + ".voorbeeld.nl";
        string Address(string who) => $"{who}@{domain}";
        var phones = People.Select((who, n) => (who, n)).ToDictionary(x => x.who, x => $"+316123456{x.n + 10}");
        var whoHas = phones.ToDictionary(p => p.Value, p => p.Key);
        var clock = new ManualClock(Start);
        var port = MaildevServer.FreePort();
        await using var app = KestrelAppFactory.OnPort(port)
            .WithSmtp(smtp.SmtpPort)
            .WithSetting("Invitations:DispatchCron", "*/1 * * * * *")
            .WithSetting("App:PublicBaseUrl", $"http://127.0.0.1:{port}")
            .WithSetting("Results:MinimumCellSize", "2")
            .WithClock(clock);

        // 1. A mixed round: one reminder on day 7, the call list 2 days after it. The file gives phone numbers in Dutch
        // notation; they are stored as E.164.
        var csv = Path.Combine(app.DataFolder, "steekproef.csv");
        await File.WriteAllTextAsync(csv, "ref;email;werkplein;vaste_contactpersoon;uitkering;telefoon\r\n" +
            string.Concat(People.Select((who, n) => $"K-{n:000};{Address(who)};WP-GEM;ja;WW;06-123456{n + 10}\r\n")));
        var werkpleinen = Path.Combine(app.DataFolder, "werkpleinen.csv");
        await File.WriteAllTextAsync(werkpleinen, "code;naam\r\nWP-GEM;Gemert Centrum\r\n");
        await app.WithScopeAsync(async sp =>
        {
            Assert.Empty((await sp.GetRequiredService<WerkpleinImporter>().ImportAsync(werkpleinen)).Errors);
            var rounds = sp.GetRequiredService<RoundService>();
            await rounds.CreateAsync(RoundName, "werkzoekenden-2009", new DateOnly(2030, 9, 1), new DateOnly(2030, 12, 31), "7",
                new RoundModeSettings(RoundMode.Gemengd, CallListAfterDays: 2));
            Assert.Empty((await sp.GetRequiredService<ParticipantImporter>().ImportAsync(RoundName, csv)).Errors);
            await rounds.OpenAsync(RoundName);
            return 0;
        });
        await BrowserSignIn.CreateUserAsync(app, InterviewerA, Roles.Interviewer);
        await BrowserSignIn.CreateUserAsync(app, InterviewerB, Roles.Interviewer);
        await BrowserSignIn.CreateUserAsync(app, Beheerder, Roles.Beheerder);
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<InterviewerAssignments>().AssignAsync(RoundName, InterviewerA);
            await sp.GetRequiredService<InterviewerAssignments>().AssignAsync(RoundName, InterviewerB);
            return 0;
        });
        Assert.Equal(phones.Values.Order(StringComparer.Ordinal), await DbAsync(app, db => db.ParticipantContacts.Select(c => c.Phone!).OrderBy(p => p).ToListAsync()));

        // 2. The web invitations arrive; two answer completely (grades 6 and 8), one opts out on the page of the
        // List-Unsubscribe link.
        var invitations = new Dictionary<string, ReceivedEmail>();
        foreach (var who in People)
        {
            invitations[who] = (await smtp.WaitForAsync(1, TimeSpan.FromSeconds(60), Address(who))).Single();
        }

        var web = await browser.NewPageAsync();
        await web.GotoAsync(MailLinks.AnswerLink().Match(invitations["web1"].Text!).Value);
        await QuestionnaireInBrowser.AnswerAllAndSendAsync(web, 6);
        await Assertions.Expect(web.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bedankt voor het invullen");
        await web.GotoAsync(MailLinks.AnswerLink().Match(invitations["web2"].Text!).Value);
        await QuestionnaireInBrowser.AnswerAllAndSendAsync(web, 8);
        await Assertions.Expect(web.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bedankt voor het invullen");
        var optOut = (await smtp.SourceAsync(invitations["afmelder"].Id)).Headers["List-Unsubscribe"] ?? "";
        await web.GotoAsync(MailLinks.OptOutHeader().Match(optOut).Groups[1].Value);
        await web.GetByRole(AriaRole.Button, new() { Name = "Ja, meld mij af" }).ClickAsync();
        await Assertions.Expect(web.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("U bent afgemeld");
        await web.Context.CloseAsync();

        // 3. Day 7: the reminder, only for the seven who neither answered nor opted out.
        clock.Advance(TimeSpan.FromDays(7));
        foreach (var who in CallPlans.Keys)
        {
            await smtp.WaitForAsync(2, TimeSpan.FromSeconds(60), Address(who));
        }

        await Eventually.TrueAsync(async () => await DbAsync(app, db => db.Invitations.CountAsync(i => i.RemindersSent == 1 && i.NextReminderAt == null)) == CallPlans.Count,
            TimeSpan.FromSeconds(60), "the seven reminders marked sent");

        // 4. The call list: nobody a minute before the two days are over (Wednesday 09:59), the seven at 11:00. The job
        // runs directly at the moved clock; its recurring run may add them as well (the unique index decides), so the
        // list itself is counted.
        clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        await FillCallListAsync(app);
        Assert.Equal(0, await DbAsync(app, db => db.CallCases.CountAsync()));
        clock.Advance(TimeSpan.FromMinutes(61));
        await FillCallListAsync(app);
        var listed = await DbAsync(app, db => (from c in db.CallCases
                                               join k in db.ParticipantContacts on c.ParticipantId equals k.ParticipantId
                                               select k.Phone!).ToListAsync());
        Assert.Equal(CallPlans.Keys.Select(w => phones[w]).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        foreach (var who in People)
        {
            Assert.Equal(who.StartsWith("bel", StringComparison.Ordinal) ? 2 : 1, (await smtp.WaitForAsync(1, TimeSpan.FromSeconds(60), Address(who))).Count);
        }

        // 5. Two interviewers in two browsers press "Volgende deelnemer" at the same moment, round after round, and
        // record what each participant says; the held participants differ on the pages and in the database.
        var ids = await DbAsync(app, db => db.Users.ToDictionaryAsync(u => u.Email!, u => u.Id));
        var callScreen = app.Url($"/interview/{Uri.EscapeDataString(RoundName)}");
        var a = await SignInAsync(app, InterviewerA, callScreen);
        var b = await SignInAsync(app, InterviewerB, callScreen);
        var seen = new Dictionary<IPage, List<string>> { [a] = [], [b] = [] };
        IPage? appointmentMaker = null;
        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(SubmitAsync(a, "Volgende deelnemer"), SubmitAsync(b, "Volgende deelnemer"));
            var heldA = await HeldPhoneAsync(a);
            var heldB = await HeldPhoneAsync(b);
            if (heldA is not null && heldA == heldB)
            {
                Assert.Fail($"both interviewers hold {whoHas[heldA]}");
            }

            var claimed = await DbAsync(app, db => (from c in db.CallCases
                                                    where c.State == CallCaseState.Claimed
                                                    join k in db.ParticipantContacts on c.ParticipantId equals k.ParticipantId
                                                    select new { c.ClaimedBy, k.Phone }).ToListAsync());
            var expected = new[] { (ids[InterviewerA], heldA), (ids[InterviewerB], heldB) }.Where(h => h.Item2 is not null).OrderBy(h => h.Item1, StringComparer.Ordinal);
            Assert.Equal(expected, claimed.Select(c => (c.ClaimedBy!, (string?)c.Phone)).OrderBy(h => h.Item1, StringComparer.Ordinal));
            if (heldA is null && heldB is null)
            {
                break;
            }

            async Task WorkAsync(IPage page, string? phone)
            {
                if (phone is null)
                {
                    return;
                }

                seen[page].Add(phone);
                var plan = CallPlans[whoHas[phone]];
                if (plan.Outcome is null)
                {
                    await InterviewAsync(page, plan.Grade!.Value);
                    return;
                }

                // The appointment: today at 11:40 Dutch time, 40 minutes from now.
                await RecordAsync(page, plan.Outcome, plan.Outcome == Appointment ? "2030-09-11T11:40" : null);
                if (plan.Outcome == Appointment)
                {
                    appointmentMaker = page;
                }
            }

            await Task.WhenAll(WorkAsync(a, heldA), WorkAsync(b, heldB));
        }

        Assert.Empty(seen[a].Intersect(seen[b]));
        Assert.Equal(CallPlans.Keys.Select(w => phones[w]).Order(StringComparer.Ordinal), seen[a].Concat(seen[b]).Order(StringComparer.Ordinal));
        Assert.NotEmpty(seen[a]);
        Assert.NotEmpty(seen[b]);
        Assert.NotNull(appointmentMaker);
        var maker = appointmentMaker;
        var other = maker == a ? b : a;

        // 6. The appointment does not come back before 11:40, to nobody; at 11:40 not to the other interviewer (it waits
        // for its own), but to the one who made it, who then holds the interview.
        clock.Advance(TimeSpan.FromMinutes(39));
        foreach (var page in new[] { other, maker })
        {
            await SubmitAsync(page, "Volgende deelnemer");
            Assert.Null(await HeldPhoneAsync(page));
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        await SubmitAsync(other, "Volgende deelnemer");
        Assert.Null(await HeldPhoneAsync(other));
        await SubmitAsync(maker, "Volgende deelnemer");
        Assert.Equal(phones["bel6"], await HeldPhoneAsync(maker));
        await Assertions.Expect(maker.Locator("dl.facts")).ToContainTextAsync("woensdag 11 september 2030 11:40");
        await Assertions.Expect(maker.GetByTestId("werkplein")).ToHaveTextAsync("Gemert Centrum");
        await InterviewAsync(maker, CallPlans["bel6"].Grade!.Value);
        foreach (var page in new[] { other, maker })
        {
            await SubmitAsync(page, "Volgende deelnemer");
            Assert.Null(await HeldPhoneAsync(page));
        }

        // The interviewer sees no results.
        Assert.Equal(404, (await other.GotoAsync(app.Url($"/beheer/rondes/{Uri.EscapeDataString(RoundName)}/resultaten")))!.Status);
        await a.Context.CloseAsync();
        await b.Context.CloseAsync();

        // 7. The interviews are complete responses with mode telefoon and their interviewer; the web answers stay web.
        var responses = await DbAsync(app, db => (from r in db.Responses
                                                  join i in db.Invitations on r.InvitationId equals i.Id
                                                  join k in db.ParticipantContacts on i.ParticipantId equals k.ParticipantId
                                                  select new { k.Phone, r.Mode, r.InterviewerId, r.CompletedAt, r.Grade }).ToListAsync());
        Assert.All(responses, r => Assert.NotNull(r.CompletedAt));
        Assert.Equal(
            ["bel1:Telefoon:9", "bel2:Telefoon:7", "bel6:Telefoon:8", "web1:Web:6", "web2:Web:8"],
            responses.Select(r => $"{whoHas[r.Phone!]}:{r.Mode}:{r.Grade}").Order(StringComparer.Ordinal));
        Assert.All(responses.Where(r => r.Mode == ResponseMode.Telefoon), r => Assert.Contains(r.InterviewerId, new[] { ids[InterviewerA], ids[InterviewerB] }));
        Assert.All(responses.Where(r => r.Mode == ResponseMode.Web), r => Assert.Null(r.InterviewerId));
        var makerId = ids[maker == a ? InterviewerA : InterviewerB];
        var appointmentCalls = await DbAsync(app, db => (from t in db.CallAttempts
                                                         join c in db.CallCases on t.CallCaseId equals c.Id
                                                         join k in db.ParticipantContacts on c.ParticipantId equals k.ParticipantId
                                                         where k.Phone == phones["bel6"]
                                                         orderby t.Id
                                                         select new { t.Outcome, t.InterviewerId }).ToListAsync());
        Assert.Equal([(CallOutcome.Afspraak, makerId), (CallOutcome.Interview, makerId)], appointmentCalls.Select(t => (t.Outcome, t.InterviewerId)));

        // 8. The rates, by hand from the formulas of docs/response-rates.md ("Per mode"):
        // web (stayed web): web1 and web2 complete, the opt-out a refusal: I = 2, R = 1.
        // telefoon (the seven on the call list): three interviews I = 3, weigering R = 1, geen gehoor NC = 1,
        // taalprobleem O = 1, verkeerd nummer not eligible (in no denominator).
        var webRates = Rates(i: 2, p: 0, r: 1, nc: 0, o: 0, u: 0);
        var phoneRates = Rates(i: 3, p: 0, r: 1, nc: 1, o: 1, u: 0);
        Assert.Equal(new[] { 2 / 3.0, 2 / 3.0, 2 / 3.0, 1 / 3.0, 1.0 }, webRates);
        Assert.Equal(new[] { 3 / 6.0, 3 / 6.0, 3 / 5.0, 1 / 6.0, 5 / 6.0 }, phoneRates);

        var admin = await SignInAsync(app, Beheerder, app.Url($"/beheer/rondes/{Uri.EscapeDataString(RoundName)}/resultaten"));
        var modeTable = admin.GetByTestId("mode-rates");
        await Assertions.Expect(modeTable).ToBeVisibleAsync();
        var rows = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var row in await modeTable.Locator("tbody tr").AllAsync())
        {
            rows[(await row.Locator("th").InnerTextAsync()).Trim()] = (await row.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        }

        // Aantal, niet van toepassing, volledig, deels, geweigerd, geen contact, anders, onbekend, RR1, RR2, COOP1, REF1, CON1.
        Assert.Equal(["Telefoon", "Web"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["3", "0", "2", "0", "1", "0", "0", "0", .. webRates.Select(Percent)], rows["Web"]);
        Assert.Equal(["7", "1", "3", "0", "1", "1", "1", "0", .. phoneRates.Select(Percent)], rows["Telefoon"]);

        var resultsUrl = $"/beheer/rondes/{Uri.EscapeDataString(RoundName)}/resultaten";
        var modesCsv = await DownloadAsync(admin, app.Url(resultsUrl + "?handler=ResponseRateModesCsv"));
        var modeLines = Table(modesCsv, ResultsService.ModeRatesHeader).Where(l => l["werkplein"] == ResultKeys.National).ToDictionary(l => l["mode"]);
        Assert.Equal(["telefoon", "web"], modeLines.Keys.Order(StringComparer.Ordinal));
        AssertRates(webRates, modeLines["web"]);
        AssertRates(phoneRates, modeLines["telefoon"]);
        Assert.Equal(("7", "1", "3"), (modeLines["telefoon"]["sample"], modeLines["telefoon"]["not_eligible"], modeLines["telefoon"]["complete"]));

        // The response-rate export keeps its web dispositions for the whole round (docs/response-rates.md): every complete
        // response counts, whatever its mode (I = 5), the opt-out is the refusal (R = 1) and the four called without an
        // interview are sent without reaction (UO = 4).
        var rateCsv = await DownloadAsync(admin, app.Url(resultsUrl + "?handler=ResponseRateCsv"));
        var national = Table(rateCsv).Single(l => l["werkplein"] == ResultKeys.National);
        Assert.Equal(("10", "5", "1"), (national["invited"], national["complete"], national["opted_out"]));
        AssertRates(Rates(i: 5, p: 0, r: 1, nc: 0, o: 0, u: 4), national);

        // 9. The mode breakdown of the scores: web (6 + 8) / 2 = 7.00 with 2 respondents, telefoon (9 + 7 + 8) / 3 = 8.00
        // with 3, both at least the minimum cell size of 2; on the page and in the results export.
        Assert.Equal("7,00 (2)", (await admin.GetByTestId("wijze-web-totaaloordeel").InnerTextAsync()).Trim());
        Assert.Equal("8,00 (3)", (await admin.GetByTestId("wijze-telefoon-totaaloordeel").InnerTextAsync()).Trim());
        var resultsCsv = await DownloadAsync(admin, app.Url(resultsUrl + "?handler=ResultsCsv"));
        var modeCells = Table(resultsCsv)
            .Where(l => l["werkplein"] == ResultKeys.National && l["breakdown"] == ResultKeys.Mode && l["measure"] == "totaaloordeel")
            .ToDictionary(l => l["group"]);
        Assert.Equal(["telefoon", "web"], modeCells.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("2", 7.0, "3", 8.0), (modeCells["web"]["n"], Number(modeCells["web"]["mean"]), modeCells["telefoon"]["n"], Number(modeCells["telefoon"]["mean"])));

        // 10. No phone number (E.164 or as the file gave it) on the results page or in any of the three exports.
        var html = await admin.ContentAsync();
        foreach (var (what, text) in new[] { ("results page", html), ("results export", resultsCsv), ("response-rate export", rateCsv), ("per-mode export", modesCsv) })
        {
            foreach (var phone in phones.Values)
            {
                Assert.False(text.Contains(phone[3..], StringComparison.Ordinal), $"{what} contains the phone number of {whoHas[phone]}");
            }
        }

        await admin.Context.CloseAsync();
    }

    /// <summary>RR1, RR2, COOP1, REF1, CON1 by the formulas of docs/response-rates.md (u = UH + UO).</summary>
    private static double[] Rates(int i, int p, int r, int nc, int o, int u)
    {
        double all = (i + p) + (r + nc + o) + u;
        return [i / all, (i + p) / all, i / (double)((i + p) + r + o), r / all, ((i + p) + r + o) / (double)((i + p) + r + o + nc + u)];
    }

    /// <summary>As the results page writes a rate: one decimal, Dutch comma.</summary>
    private static string Percent(double rate) => (rate * 100).ToString("0.0", Nl) + "%";

    private static void AssertRates(double[] expected, Dictionary<string, string> line)
    {
        string[] columns = ["rr1", "rr2", "coop1", "ref1", "con1"];
        for (var n = 0; n < columns.Length; n++)
        {
            // The export gives fractions with four decimals.
            Assert.True(Math.Abs(expected[n] - Number(line[columns[n]])) < 0.00005, $"{columns[n]}: {line[columns[n]]}, computed {expected[n]:0.0000}");
        }
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>The lines of a machine CSV (comma, no quoted commas in this round) as column name → value; checks the header if given.</summary>
    private static List<Dictionary<string, string>> Table(string csv, string? header = null)
    {
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(header ?? lines[0], lines[0]);
        var names = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',').Select((v, n) => (names[n], v.Trim('"'))).ToDictionary(x => x.Item1, x => x.Item2)).ToList();
    }

    private static async Task<string> DownloadAsync(IPage page, string url)
    {
        var response = await page.APIRequest.GetAsync(url);
        Assert.True(response.Ok, $"{url}: {response.Status}");
        return await response.TextAsync();
    }

    private static Task<T> DbAsync<T>(KestrelAppFactory app, Func<KlantmetingDbContext, Task<T>> query) =>
        app.WithScopeAsync(sp => query(sp.GetRequiredService<KlantmetingDbContext>()));

    private static Task<int> FillCallListAsync(KestrelAppFactory app) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CallListFeeder>().RunAsync());

    private async Task<IPage> SignInAsync(KestrelAppFactory app, string email, string then)
    {
        var page = await BrowserSignIn.SignInAsync(browser, app, email);
        await PageWaits.SignedInAsync(page);
        await page.GotoAsync(then);
        return page;
    }

    /// <summary>Clicks the button and waits until the page it leads to has replaced this one.</summary>
    private static async Task SubmitAsync(IPage page, string button)
    {
        await page.EvaluateAsync("() => { window.__before = true; }");
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.__before !== true && document.readyState !== 'loading'");
    }

    /// <summary>The phone number of the participant the call screen shows, or null when it says there is nobody to call.</summary>
    private static async Task<string?> HeldPhoneAsync(IPage page)
    {
        if (await page.GetByTestId("phone").CountAsync() == 1)
        {
            return (await page.GetByTestId("phone").InnerTextAsync()).Trim();
        }

        await Assertions.Expect(page.GetByTestId("reason")).ToContainTextAsync("Er is nu niemand om te bellen.");
        return null;
    }

    /// <summary>Records an outcome on the call screen (with the callback time of an appointment, Dutch time).</summary>
    private static async Task RecordAsync(IPage page, string outcome, string? callback)
    {
        await page.GetByLabel(outcome, new() { Exact = true }).CheckAsync();
        if (callback is not null)
        {
            await page.GetByLabel("Bij een afspraak: terugbellen op (Nederlandse tijd)").FillAsync(callback);
        }

        await SubmitAsync(page, "Uitkomst opslaan");
        await Assertions.Expect(page.GetByText($"Opgeslagen: {outcome}.")).ToBeVisibleAsync();
    }

    /// <summary>Opens the interview from the call screen, reads every question out (all "Mee eens") and sends it in.</summary>
    private static async Task InterviewAsync(IPage page, int grade)
    {
        await page.GetByTestId("interview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("interview-banner")).ToBeVisibleAsync();
        await QuestionnaireInBrowser.AnswerAllAndSendAsync(page, grade);
        await Assertions.Expect(page.GetByText("Opgeslagen: interview.")).ToBeVisibleAsync();
    }

    /// <summary>What a participant on the call list says: an outcome to record, or (also after it) an interview with this grade.</summary>
    private sealed record Plan(string? Outcome, int? Grade);


}
