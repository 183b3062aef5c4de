using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Calls;
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
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Klantmeting.Tests.Calls;

/// <summary>
/// The call screen as an interviewer uses it: next participant (phone number and Werkplein), an appointment with a
/// callback time in Dutch time. The clock stands on Monday 16 September 2030, 10:00 Dutch time.
/// </summary>
public sealed partial class InterviewPagesTests : IAsyncDisposable
{
    private const string Interviewer = "anna@belbureau.test";
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-interview-pages-").FullName;
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 9, 16, 8, 0, 0, TimeSpan.Zero));
    private WebApplicationFactory<Program>? _app;
    private TestDatabase? _database;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_interviewer_gets_the_next_participant_and_records_an_appointment_in_dutch_time(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        var screen = await client.GetStringAsync("/interview/Bellen");
        Assert.Contains("Volgende deelnemer", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("31612345678", screen, StringComparison.Ordinal); // a visit claims nothing

        using var next = await client.PostAsync("/interview/Bellen?handler=Next", Form(screen, []));
        var call = await next.Content.ReadAsStringAsync();
        Assert.Contains("<dd data-testid=\"phone\">&#x2B;31612345678</dd>", call, StringComparison.Ordinal);
        Assert.Contains("<dd data-testid=\"werkplein\">Werkplein Zo&#xEB;</dd>", call, StringComparison.Ordinal);
        var caseId = CaseRegex().Match(call).Groups[1].Value;

        using var missing = await client.PostAsync("/interview/Bellen?handler=Outcome", Form(call, [new("zaak", caseId), new("uitkomst", "4")]));
        Assert.Contains("Geef bij een afspraak de datum en tijd om terug te bellen.", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var saved = await client.PostAsync("/interview/Bellen?handler=Outcome",
            Form(call, [new("zaak", caseId), new("uitkomst", "4"), new("terugbellen", "2030-09-16T14:30")]));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await client.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Opgeslagen: afspraak: later terugbellen.", after, StringComparison.Ordinal);

        // 14:30 Dutch summer time is 12:30 UTC.
        await using var scope = _app!.Services.CreateAsyncScope();
        var attempt = await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().CallAttempts.SingleAsync();
        Assert.Equal((CallOutcome.Afspraak, new DateTime(2030, 9, 16, 12, 30, 0)), (attempt.Outcome, DateTime.SpecifyKind(attempt.CallbackAt!.Value, DateTimeKind.Unspecified)));
        using var none = await client.PostAsync("/interview/Bellen?handler=Next", Form(after, []));
        Assert.Contains("Er is nu niemand om te bellen.", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_interview_is_read_out_in_interviewer_wording_interrupted_resumed_and_stored_as_telefoon(DatabaseProvider provider)
    {
        var client = await StartAsync(provider, "werkgevers-2010");
        var screen = await client.GetStringAsync("/interview/Bellen");
        using var next = await client.PostAsync("/interview/Bellen?handler=Next", Form(screen, []));
        var caseId = CaseRegex().Match(await next.Content.ReadAsStringAsync()).Groups[1].Value;
        var url = $"/interview/Bellen/vragenlijst/{caseId}";

        // Another interviewer of the same round does not hold the case: nothing of it is shown.
        await using (var scope = _app!.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(OtherInterviewer, Roles.Interviewer, [], AccessAppFactory.Password, mustChangePassword: false);
            await scope.ServiceProvider.GetRequiredService<InterviewerAssignments>().AssignAsync("Bellen", OtherInterviewer);
        }

        var other = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using (var signIn = await AccessAppFactory.PostSignInAsync(other, OtherInterviewer, AccessAppFactory.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        using (var refused = await other.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.DoesNotContain("31612345678", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Intro, then the first principle in the interviewer's words (werkgevers-2010 gives them).
        var page = await client.GetStringAsync(url);
        Assert.Contains("Onderbreken", page, StringComparison.Ordinal);
        page = await PostStepAsync(client, url, page, "volgende");
        Assert.Contains("Het Werkplein kent de werkzoekenden goed en weet wie bij uw bedrijf past.", page, StringComparison.Ordinal);
        var interruptedAt = StepRegex().Match(page).Groups[1].Value;

        // Interrupted with the answers of this step: back to the call screen; opening it again resumes at that step.
        using (var interrupt = await client.PostAsync(url, Form(page, [new("stap", interruptedAt), new("actie", "onderbreken"), .. Answers(page, "4")])))
        {
            Assert.Equal(HttpStatusCode.Redirect, interrupt.StatusCode);
            Assert.Equal($"/interview/Bellen?onderbroken={interruptedAt}", interrupt.Headers.Location!.OriginalString);
        }

        page = await client.GetStringAsync(url);
        Assert.Equal(interruptedAt, StepRegex().Match(page).Groups[1].Value);
        Assert.Matches("value=\"4\" checked=\"checked\"", page);

        // Through every step to the check step, then sent: a complete telephone response with the interviewer.
        page = await ToCheckStepAsync(client, url, page);
        using var sent = await client.PostAsync(url, Form(page, [new("stap", StepRegex().Match(page).Groups[1].Value), new("actie", "verzenden")]));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal($"/interview/Bellen?opgeslagen={(int)CallOutcome.Interview}", sent.Headers.Location!.OriginalString);

        await using var check = _app.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var response = await db.Responses.Include(r => r.Answers).SingleAsync();
        var anna = await db.Users.SingleAsync(u => u.NormalizedEmail == Interviewer.ToUpperInvariant());
        Assert.Equal((Klantmeting.Responses.ResponseMode.Telefoon, anna.Id), (response.Mode, response.InterviewerId));
        Assert.NotNull(response.CompletedAt);
        Assert.Equal(8, response.Grade);
        Assert.NotEmpty(response.Answers);
        Assert.All(response.Answers, a => Assert.Equal(4, a.Value));
        Assert.Equal(CallOutcome.Interview, (await db.CallAttempts.SingleAsync()).Outcome);

        // Done: the questionnaire cannot be opened again.
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sending_the_interview_in_stores_the_completion_and_the_outcome_together_or_neither(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        var screen = await client.GetStringAsync("/interview/Bellen");
        using var next = await client.PostAsync("/interview/Bellen?handler=Next", Form(screen, []));
        var caseId = long.Parse(CaseRegex().Match(await next.Content.ReadAsStringAsync()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var url = $"/interview/Bellen/vragenlijst/{caseId}";
        var page = await ToCheckStepAsync(client, url, await client.GetStringAsync(url));

        // Recording the outcome fails after the response was completed in the same transaction (a claim whose round
        // cannot be read): neither the completion nor the outcome is stored, and the case is still held.
        await using (var scope = _app!.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            var roundId = await db.Rounds.Where(r => r.Name == "Bellen").Select(r => r.Id).SingleAsync();
            var interviewerId = await db.Users.Where(u => u.NormalizedEmail == Interviewer.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
            var interviews = sp.GetRequiredService<InterviewService>();
            var interview = await interviews.OpenAsync(roundId, caseId, interviewerId);
            Assert.NotNull(interview);
            await Assert.ThrowsAsync<InvalidOperationException>(() => interviews.CompleteAsync(interview with { Claim = interview.Claim with { RoundId = -1 } }));
        }

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            Assert.Null((await db.Responses.SingleAsync()).CompletedAt);
            Assert.Empty(await db.CallAttempts.ToListAsync());
            Assert.Equal(CallCaseState.Claimed, (await db.CallCases.SingleAsync()).State);
        }

        // Sent again through the page: both are stored.
        using var sent = await client.PostAsync(url, Form(page, [new("stap", StepRegex().Match(page).Groups[1].Value), new("actie", "verzenden")]));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        await using var check = _app.Services.CreateAsyncScope();
        var after = check.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        Assert.NotNull((await after.Responses.SingleAsync()).CompletedAt);
        Assert.Equal(CallOutcome.Interview, (await after.CallAttempts.SingleAsync()).Outcome);
        Assert.Equal(CallCaseState.Done, (await after.CallCases.SingleAsync()).State);
    }

    private const string OtherInterviewer = "bram@belbureau.test";

    /// <summary>Posts every step from <paramref name="page"/> on (4 on every statement, 8 as grade) up to the check step; returns it.</summary>
    private static async Task<string> ToCheckStepAsync(HttpClient client, string url, string page)
    {
        for (var i = 0; i < 20 && !page.Contains("value=\"verzenden\"", StringComparison.Ordinal); i++)
        {
            page = await PostStepAsync(client, url, page, "volgende");
        }

        Assert.Contains("value=\"verzenden\"", page, StringComparison.Ordinal);
        return page;
    }

    /// <summary>Posts a step with 4 on every statement (8 on the grade step) and returns the page it leads to.</summary>
    private static async Task<string> PostStepAsync(HttpClient client, string url, string page, string action)
    {
        KeyValuePair<string, string>[] fields = [new("stap", StepRegex().Match(page).Groups[1].Value), new("actie", action), .. Answers(page, "4")];
        if (page.Contains("name=\"totaaloordeel\"", StringComparison.Ordinal))
        {
            fields = [.. fields, new("totaaloordeel", "8"), new("toelichting", "")];
        }

        using var posted = await client.PostAsync(url, Form(page, fields));
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"step {fields[0].Value}: {posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
        return await client.GetStringAsync(posted.Headers.Location!.OriginalString);
    }

    private static KeyValuePair<string, string>[] Answers(string page, string value) =>
        [.. AnswerRegex().Matches(page).Select(m => m.Groups[1].Value).Distinct().Select(name => new KeyValuePair<string, string>(name, value))];

    [GeneratedRegex("name=\"stap\" value=\"(\\d+)\"")]
    private static partial Regex StepRegex();

    [GeneratedRegex("name=\"(antwoord\\[[^\"]+\\])\"")]
    private static partial Regex AnswerRegex();

    private async Task<HttpClient> StartAsync(DatabaseProvider provider, string questionnaire = "werkgevers-2009")
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
            b.ConfigureTestServices(s => s.RemoveAll<TimeProvider>().AddSingleton<TimeProvider>(_clock));
        });
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await SeedAsync(scope.ServiceProvider, questionnaire);
        }

        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var signIn = await AccessAppFactory.PostSignInAsync(client, Interviewer, AccessAppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static async Task SeedAsync(IServiceProvider sp, string questionnaire)
    {
        await sp.GetRequiredService<UserService>().CreateAsync(Interviewer, Roles.Interviewer, [], AccessAppFactory.Password, mustChangePassword: false);
        var round = await sp.GetRequiredService<RoundService>().CreateAsync("Bellen", questionnaire, new DateOnly(2030, 9, 1), new DateOnly(2030, 11, 30),
            null, new RoundModeSettings(RoundMode.Telefoon));
        var db = sp.GetRequiredService<KlantmetingDbContext>();
        var werkplein = db.Werkpleinen.Add(new Werkplein { Code = "WP-Z", Name = "Werkplein Zoë" }).Entity;
        await db.SaveChangesAsync();
        var participant = db.Participants.Add(new Participant { RoundId = round.Id, Ref = "B1", WerkpleinId = werkplein.Id }).Entity;
        await db.SaveChangesAsync();
        db.ParticipantContacts.Add(new ParticipantContact { ParticipantId = participant.Id, RoundId = round.Id, Phone = "+31612345678" });
        db.Invitations.Add(new Invitation { ParticipantId = participant.Id, RoundId = round.Id, State = InvitationState.Pending, NextAttemptAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        await sp.GetRequiredService<RoundService>().OpenAsync("Bellen");
        await sp.GetRequiredService<InterviewerAssignments>().AssignAsync("Bellen", Interviewer);
        Assert.Equal(1, await sp.GetRequiredService<CallListFeeder>().RunAsync());
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

    private static FormUrlEncodedContent Form(string html, KeyValuePair<string, string>[] fields) =>
        new([new("__RequestVerificationToken", TokenRegex().Match(html).Groups[1].Value), .. fields]);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    [GeneratedRegex("name=\"zaak\" value=\"(\\d+)\"")]
    private static partial Regex CaseRegex();
}
