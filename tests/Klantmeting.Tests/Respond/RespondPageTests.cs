using System.Net;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Tests.Respond;

/// <summary>The answering pages <c>/v/{token}</c> through the real host, on every provider (subclasses below).</summary>
public abstract class RespondPageTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : RespondAppFactory
{
    // werkzoekenden-2009: 5 principles -> steps 1-5, grade 6, check 7.
    private const int Grade = 6;
    private const int Check = 7;

    private static (string, string) A(string itemId, int value) => ($"antwoord[{itemId}]", value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("/v/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // well-formed, unknown
    [InlineData("/v/kort")] // malformed
    [InlineData("/v/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3C")] // bad character
    [InlineData("/v/")]
    public async Task UnknownOrMalformedToken_Gives404_SameAsAnyUnknownUrl(string path)
    {
        using var http = factory.CreateClient();
        using var unknown = await http.GetAsync("/bestaat-niet");
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DraftRound_BehavesAsUnknown()
    {
        var token = await factory.SeedInvitationAsync(RoundState.Draft);
        using var client = new RespondClient(factory, token);
        using var http = factory.CreateClient();
        var unknown = await (await http.GetAsync("/bestaat-niet")).Content.ReadAsStringAsync();

        var page = await client.GetAsync();

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal(unknown, page.Html);
    }

    [Fact]
    public async Task Intro_ShowsTitleDurationResumeAndPrivacyLink()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);

        var page = await client.GetAsync();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Hoe tevreden bent u over het Werkplein?", page.Text);
        Assert.Contains("duurt ongeveer", page.Text);
        Assert.Contains("dezelfde link", page.Text);
        Assert.Contains("href=\"/privacy\"", page.Html);
        Assert.Null(await factory.FindResponseAsync(token));
    }

    [Fact]
    public async Task AnsweringStepByStep_StoresEveryStep_AndCompletes()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);

        var step1 = await client.PostStepAsync(0, "volgende");
        Assert.True(step1.Redirected);
        Assert.StartsWith("Stap 1 van 7: Bereikbaarheid", step1.Title);
        Assert.Contains("<progress", step1.Html);
        var created = await factory.FindResponseAsync(token);
        Assert.NotNull(created);
        Assert.Equal(1, created.CurrentStep);
        Assert.Null(created.CompletedAt);

        // Statement 3 left unanswered: no row.
        var step2 = await client.PostStepAsync(1, "volgende", A("bereikbaarheid.1", 5), A("bereikbaarheid.2", Answer.DontKnow));
        Assert.StartsWith("Stap 2 van 7", step2.Title);
        await client.PostStepAsync(2, "volgende", A("persoonlijke_aandacht.1", 4), A("persoonlijke_aandacht.2", 3), A("persoonlijke_aandacht.3", 2));
        await client.PostStepAsync(3, "volgende", A("maatwerk.1", 1));
        await client.PostStepAsync(4, "volgende");
        await client.PostStepAsync(5, "volgende", A("duidelijkheid.3", 4));
        var check = await client.PostStepAsync(Grade, "volgende", ("totaaloordeel", "8"), ("toelichting", "Goed geholpen.\r\nDank!"));
        Assert.StartsWith("Stap 7 van 7: Controleren", check.Title);
        Assert.Contains("Helemaal mee eens", check.Text);
        Assert.Contains("Goed geholpen.\nDank!", check.Text);

        var saved = await factory.FindResponseAsync(token);
        Assert.NotNull(saved);
        Assert.Equal(Check, saved.CurrentStep);
        Assert.Equal(8, saved.Grade);
        Assert.Equal("Goed geholpen.\nDank!", saved.Comment);
        Assert.Equal(
            new[] { "bereikbaarheid.1=5", "bereikbaarheid.2=0", "duidelijkheid.3=4", "maatwerk.1=1", "persoonlijke_aandacht.1=4", "persoonlijke_aandacht.2=3", "persoonlijke_aandacht.3=2" },
            saved.Answers.Select(a => $"{a.ItemId}={a.Value}").Order(StringComparer.Ordinal));
        Assert.Null(saved.CompletedAt);

        var thanks = await client.PostStepAsync(Check, "verzenden");
        Assert.Equal(HttpStatusCode.OK, thanks.Status);
        Assert.Contains("Bedankt voor het invullen", thanks.Text);
        Assert.NotNull((await factory.FindResponseAsync(token))!.CompletedAt);
    }

    [Fact]
    public async Task ChangingAStep_ReplacesItsAnswers()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");
        await client.PostStepAsync(1, "volgende", A("bereikbaarheid.1", 5), A("bereikbaarheid.2", 4));

        var back = await client.PostStepAsync(1, "vorige", A("bereikbaarheid.1", 2));

        Assert.Contains("Hoe tevreden bent u", back.Text);
        var saved = await factory.FindResponseAsync(token);
        Assert.Equal(ResponseSteps.Intro, saved!.CurrentStep);
        Assert.Equal(["bereikbaarheid.1=2"], saved.Answers.Select(a => $"{a.ItemId}={a.Value}"));
    }

    [Fact]
    public async Task SavingSteps_KeepsThePerPrincipleSummaryTheResultsRead()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");
        await client.PostStepAsync(1, "volgende", A("bereikbaarheid.1", 5), A("bereikbaarheid.2", 4), A("bereikbaarheid.3", 0));
        await client.PostStepAsync(2, "volgende", A("persoonlijke_aandacht.1", 3));
        await client.PostStepAsync(3, "volgende", A("maatwerk.1", 1));

        // Changing a step replaces its summary; a step saved without answers has none.
        await client.PostStepAsync(1, "volgende", A("bereikbaarheid.1", 2), A("bereikbaarheid.3", 0));
        await client.PostStepAsync(3, "volgende");

        var responseId = (await factory.FindResponseAsync(token))!.Id;
        var scores = await factory.WithDbAsync(db => db.ResponseScores.Where(s => s.ResponseId == responseId)
            .OrderBy(s => s.PrincipleId)
            .Select(s => $"{s.PrincipleId} answered={s.Answered} scored={s.Scored} sum={s.Sum}")
            .ToListAsync());
        Assert.Equal(["bereikbaarheid answered=2 scored=1 sum=2", "persoonlijke_aandacht answered=1 scored=1 sum=3"], scores);
    }

    [Fact]
    public async Task OpeningTheLinkAgain_ResumesAtSavedStep_WithSavedAnswers()
    {
        var token = await factory.SeedInvitationAsync();
        using (var first = new RespondClient(factory, token))
        {
            await first.PostStepAsync(0, "volgende");
            await first.PostStepAsync(1, "volgende", A("bereikbaarheid.1", 4), A("bereikbaarheid.3", Answer.DontKnow));
            await first.PostStepAsync(2, "volgende", A("persoonlijke_aandacht.2", 1));
        }

        // A new browser (no cookies) with the same link.
        using var later = new RespondClient(factory, token);
        var resumed = await later.GetAsync();
        Assert.StartsWith("Stap 3 van 7: Maatwerk", resumed.Title);

        var step1 = await later.GetAsync("?stap=1");
        Assert.True(step1.IsChecked("st-bereikbaarheid.1-4"));
        Assert.True(step1.IsChecked("st-bereikbaarheid.3-0"));
        Assert.False(step1.IsChecked("st-bereikbaarheid.2-1"));
        Assert.False(step1.IsChecked("st-bereikbaarheid.1-5"));
        var step2 = await later.GetAsync("?stap=2");
        Assert.True(step2.IsChecked("st-persoonlijke_aandacht.2-1"));
    }

    [Theory]
    [InlineData("6")]
    [InlineData("-1")]
    [InlineData("10")]
    [InlineData("drie")]
    [InlineData("")]
    public async Task StatementValueOutsideScale_IsRejected_AndNothingStored(string value)
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");
        await client.PostStepAsync(1, "volgende", A("bereikbaarheid.1", 3));
        var before = await factory.FindResponseAsync(token);

        var page = await client.PostStepAsync(1, "volgende", A("bereikbaarheid.1", 5), ("antwoord[bereikbaarheid.2]", value));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.False(page.Redirected);
        Assert.StartsWith("Fout: Stap 1 van 7", page.Title);
        Assert.Contains("role=\"alert\"", page.Html);
        Assert.Contains("href=\"#st-bereikbaarheid.2-1\"", page.Html);
        Assert.Contains("is niet geldig", page.Text);
        Assert.True(page.IsChecked("st-bereikbaarheid.1-5"), "valid answers of the post are shown again");
        await AssertUnchangedAsync(token, before);
    }

    [Fact]
    public async Task TwoValuesForOneStatement_AreRejected()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");
        var before = await factory.FindResponseAsync(token);

        var page = await client.PostStepAsync(1, "volgende", A("bereikbaarheid.1", 3), A("bereikbaarheid.1", 4));

        Assert.Contains("is niet geldig", page.Text);
        await AssertUnchangedAsync(token, before);
    }

    [Theory]
    [InlineData("onbekend.1")]
    [InlineData("maatwerk.1")] // known, but not on this step
    [InlineData("totaaloordeel")]
    public async Task UnknownItemId_IsRejected_AndNothingStored(string itemId)
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");
        var before = await factory.FindResponseAsync(token);

        var page = await client.PostStepAsync(1, "volgende", A("bereikbaarheid.1", 3), A(itemId, 3));

        Assert.False(page.Redirected);
        Assert.Contains("niet op deze pagina staat", page.Text);
        Assert.Contains("href=\"#vragen\"", page.Html);
        await AssertUnchangedAsync(token, before);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("-3")]
    [InlineData("7.5")]
    [InlineData("acht")]
    public async Task GradeOutsideOneToTen_IsRejected_AndNothingStored(string grade)
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");
        var before = await factory.FindResponseAsync(token);

        var page = await client.PostStepAsync(Grade, "volgende", ("totaaloordeel", grade), ("toelichting", "iets"));

        Assert.False(page.Redirected);
        Assert.StartsWith("Fout: Stap 6 van 7", page.Title);
        Assert.Contains("Kies een rapportcijfer van 1 tot en met 10.", page.Text);
        Assert.Contains("href=\"#cijfer-1\"", page.Html);
        Assert.Contains(">iets</textarea>", page.Html);
        await AssertUnchangedAsync(token, before);
    }

    [Fact]
    public async Task MissingGrade_BlocksNextAndSubmit_ButNotPrevious()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");

        var next = await client.PostStepAsync(Grade, "volgende", ("toelichting", ""));
        Assert.Contains("Dat is nodig om verder te gaan", next.Text);

        var previous = await client.PostStepAsync(Grade, "vorige", ("toelichting", "later"));
        Assert.True(previous.Redirected);
        Assert.Equal("later", (await factory.FindResponseAsync(token))!.Comment);

        var submit = await client.PostStepAsync(Check, "verzenden");
        Assert.Contains("nog geen rapportcijfer", submit.Text);
        Assert.Contains($"href=\"?stap={Grade}#cijfer-1\"", submit.Html);
        Assert.Null((await factory.FindResponseAsync(token))!.CompletedAt);
    }

    [Fact]
    public async Task TooLongComment_IsRejected_ButTheLimitItselfIsAccepted()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");
        var before = await factory.FindResponseAsync(token);

        var tooLong = await client.PostStepAsync(Grade, "volgende", ("totaaloordeel", "7"), ("toelichting", new string('x', Response.MaxCommentLength + 1)));
        Assert.False(tooLong.Redirected);
        Assert.Contains("Uw toelichting is te lang", tooLong.Text);
        Assert.Contains("href=\"#toelichting\"", tooLong.Html);
        await AssertUnchangedAsync(token, before);

        var huge = await client.PostStepAsync(Grade, "volgende", ("totaaloordeel", "7"), ("toelichting", new string('y', 100_000)));
        Assert.Contains("Uw toelichting is te lang", huge.Text);
        await AssertUnchangedAsync(token, before);

        // 1,999 line breaks sent as CRLF count as one character each, as the browser's maxlength does.
        var atLimit = string.Join("\r\n", Enumerable.Repeat("a", 2000));
        var ok = await client.PostStepAsync(Grade, "volgende", ("totaaloordeel", "7"), ("toelichting", atLimit));
        Assert.True(ok.Redirected);
        Assert.Equal(Response.MaxCommentLength - 1, (await factory.FindResponseAsync(token))!.Comment!.Length);
    }

    [Fact]
    public async Task HtmlInOpenAnswer_IsShownEscapedOnCheckPage()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");

        var check = await client.PostStepAsync(Grade, "volgende", ("totaaloordeel", "3"), ("toelichting", "<script>alert(1)</script><b>vet</b>"));

        Assert.StartsWith("Stap 7 van 7", check.Title);
        Assert.DoesNotContain("<script>alert(1)", check.Html);
        Assert.DoesNotContain("<b>vet", check.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;vet&lt;/b&gt;", check.Html);
        Assert.Equal("<script>alert(1)</script><b>vet</b>", (await factory.FindResponseAsync(token))!.Comment);

        // Shown again in the textarea, escaped as well.
        var grade = await client.GetAsync($"?stap={Grade}");
        Assert.DoesNotContain("<script>alert(1)", grade.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", grade.Html);
    }

    [Fact]
    public async Task SecondSubmit_IsRefused_AndChangesNothing()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");
        await client.PostStepAsync(1, "volgende", A("bereikbaarheid.1", 2));
        await client.PostStepAsync(Grade, "volgende", ("totaaloordeel", "6"), ("toelichting", "eerste keer"));
        // Keep a token of the check page from before the submit, as a second browser tab would.
        var oldCheck = await client.GetAsync($"?stap={Check}");
        Assert.Contains("Stap 7 van 7", oldCheck.Title);
        var oldStep1 = await client.GetAsync("?stap=1");
        var thanks = await client.PostStepAsync(Check, "verzenden");
        Assert.Contains("Bedankt voor het invullen", thanks.Text);
        var completed = await factory.FindResponseAsync(token);

        var again = await client.PostRawAsync([new("__RequestVerificationToken", oldCheck.AntiforgeryToken!), new("stap", "7"), new("actie", "verzenden")]);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("Bedankt voor het invullen", again.Text);

        var change = await client.PostRawAsync([new("__RequestVerificationToken", oldStep1.AntiforgeryToken!), new("stap", "1"), new("actie", "volgende"), new("antwoord[bereikbaarheid.1]", "5")]);
        Assert.Equal(HttpStatusCode.Conflict, change.Status);
        Assert.Contains("Bedankt voor het invullen", change.Text);

        var grade = await client.PostRawAsync([new("__RequestVerificationToken", oldStep1.AntiforgeryToken!), new("stap", "6"), new("actie", "volgende"), new("totaaloordeel", "1"), new("toelichting", "tweede keer")]);
        Assert.Equal(HttpStatusCode.Conflict, grade.Status);

        await AssertUnchangedAsync(token, completed);
        Assert.Contains("Bedankt voor het invullen", (await client.GetAsync()).Text);
        Assert.Contains("Bedankt voor het invullen", (await client.GetAsync("?stap=1")).Text);
    }

    [Fact]
    public async Task ClosedRound_ShowsClosedPage_AndStoresNothing()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.PostStepAsync(0, "volgende");
        var step1 = await client.GetAsync("?stap=1");
        var before = await factory.FindResponseAsync(token);
        await factory.WithDbAsync(db => db.Rounds
            .Where(r => db.Invitations.Any(i => i.RoundId == r.Id && i.Id == before!.InvitationId))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RoundState.Closed)));

        var page = await client.GetAsync();
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("deze vragenlijst is gesloten", page.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<form", page.Html);

        var post = await client.PostRawAsync([new("__RequestVerificationToken", step1.AntiforgeryToken!), new("stap", "1"), new("actie", "volgende"), new("antwoord[bereikbaarheid.1]", "5")]);
        Assert.Equal(HttpStatusCode.Conflict, post.Status);
        Assert.Contains("deze vragenlijst is gesloten", post.Text, StringComparison.OrdinalIgnoreCase);
        await AssertUnchangedAsync(token, before);
    }

    [Fact]
    public async Task ClosedRound_BeforeFirstSave_CreatesNoResponse()
    {
        var token = await factory.SeedInvitationAsync(RoundState.Closed);
        using var client = new RespondClient(factory, token);

        var page = await client.GetAsync();

        Assert.Equal("Deze vragenlijst is gesloten - Klantmeting", page.Title);
        Assert.Null(await factory.FindResponseAsync(token));
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_IsRejected_AndNothingStored()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        await client.GetAsync(); // has the antiforgery cookie, but sends no form token

        var page = await client.PostRawAsync([new("stap", "0"), new("actie", "volgende")]);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Null(await factory.FindResponseAsync(token));
    }

    [Fact]
    public async Task PostWithInvalidStep_IsRejected()
    {
        var token = await factory.SeedInvitationAsync();
        using var client = new RespondClient(factory, token);
        var intro = await client.GetAsync();

        var page = await client.PostRawAsync([new("__RequestVerificationToken", intro.AntiforgeryToken!), new("stap", "99"), new("actie", "volgende")]);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Null(await factory.FindResponseAsync(token));
    }

    [Fact]
    public async Task PrivacyNotice_IsReachable_AndCoversTheEssentials()
    {
        using var http = factory.CreateClient();

        var html = WebUtility.HtmlDecode(await http.GetStringAsync("/privacy"));

        Assert.Contains("AKO", html);
        Assert.Contains("UWV WERKbedrijf", html);
        Assert.Contains("BSN", html);
        Assert.Contains("12 maanden", html);
        Assert.Contains("Autoriteit Persoonsgegevens", html);
        Assert.Contains("privacy@klantmeting.example", html);
        foreach (var right in new[] { "inzage", "correctie", "verwijdering", "bezwaar" })
        {
            Assert.Contains(right, html);
        }
    }

    [Fact]
    public async Task RespondPages_AreNotCached_AndSendNoReferrer()
    {
        var token = await factory.SeedInvitationAsync();
        using var http = factory.CreateClient();

        using var response = await http.GetAsync($"/v/{token}");

        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    private async Task AssertUnchangedAsync(string token, Response? before)
    {
        var after = await factory.FindResponseAsync(token);
        if (before is null)
        {
            Assert.Null(after);
            return;
        }

        Assert.NotNull(after);
        Assert.Equal(before.CurrentStep, after.CurrentStep);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(before.Grade, after.Grade);
        Assert.Equal(before.Comment, after.Comment);
        Assert.Equal(before.CompletedAt, after.CompletedAt);
        Assert.Equal(
            before.Answers.Select(a => $"{a.ItemId}={a.Value}").Order(StringComparer.Ordinal),
            after.Answers.Select(a => $"{a.ItemId}={a.Value}").Order(StringComparer.Ordinal));
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class RespondPageTestsOnSqlite(RespondAppFactory factory) : RespondPageTests<RespondAppFactory>(factory);

/// <summary>On a PostgreSQL database.</summary>
public sealed class RespondPageTestsOnPostgreSql(PostgreSqlRespondAppFactory factory) : RespondPageTests<PostgreSqlRespondAppFactory>(factory);
