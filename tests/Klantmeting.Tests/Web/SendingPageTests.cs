using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Tests.Access;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>The administrators' sending page of a round: queue counts, last errors, pause and resume.</summary>
public sealed partial class SendingPageTests : IAsyncLifetime
{
    private const string RoundName = "Najaar <2009>";
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-sending-page-").FullName;
    private WebApplicationFactory<Program> _app = null!;

    private static string PagePath => "/beheer/rondes/" + Uri.EscapeDataString(RoundName) + "/verzending";

    public async Task InitializeAsync()
    {
        _app = Create();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var werkplein = new Werkplein { Code = "WP-A", Name = "Werkplein A" };
        db.Werkpleinen.Add(werkplein);
        var round = new Round
        {
            Name = RoundName, QuestionnaireId = "werkzoekenden-2009", FieldworkStart = new(2009, 9, 1), FieldworkEnd = new(2009, 11, 30),
            State = RoundState.Open, CreatedAt = DateTime.UtcNow, ScheduledAt = DateTime.UtcNow,
        };
        db.Rounds.Add(round);
        await db.SaveChangesAsync();
        InvitationState[] states =
        [
            InvitationState.Pending, InvitationState.Pending, InvitationState.Pending, InvitationState.Claimed, InvitationState.Sent,
            InvitationState.Sent, InvitationState.Bounced, InvitationState.OptedOut, InvitationState.OptedOut, InvitationState.Failed,
        ];
        var n = 0;
        foreach (var state in states)
        {
            var participant = new Participant { RoundId = round.Id, Ref = $"P{++n}", WerkpleinId = werkplein.Id };
            db.Participants.Add(participant);
            await db.SaveChangesAsync();
            db.Invitations.Add(new Invitation
            {
                ParticipantId = participant.Id, RoundId = round.Id, State = state, NextAttemptAt = DateTime.UtcNow,
                LastError = state == InvitationState.Failed ? "550 <script>alert(1)</script> refused" : null,
            });
        }

        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync(Beheerder, Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        await users.CreateAsync(WerkpleinUser, Roles.Werkplein, ["WP-A"], AccessAppFactory.Password, mustChangePassword: false);
    }

    private const string Beheerder = "beheerder@ako.test";
    private const string WerkpleinUser = "wp-a@werkplein.test";

    /// <summary>A client over https (the cookies are Secure) that keeps cookies, does not follow redirects, signed in as <paramref name="email"/>.</summary>
    private async Task<HttpClient> SignedInAsync(string? email = Beheerder)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        if (email is not null)
        {
            using var signIn = await AccessAppFactory.PostSignInAsync(client, email, AccessAppFactory.Password);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private WebApplicationFactory<Program> Create() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Production");
        b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, "k.db")}");
        b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
        // A web node runs no jobs: the round is scheduled and its last day is past, so the schedule job (every
        // minute) would close it in the middle of a test (seen once: the pause button was gone).
        b.UseSetting("App:Role", "Web");
    });

    [Fact]
    public async Task Shows_counts_per_state_schedule_and_encoded_errors()
    {
        var html = await (await SignedInAsync()).GetStringAsync(PagePath);

        Assert.Contains("<h1>Verzending: Najaar &lt;2009&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-pending\">3<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-claimed\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-sent\">2<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-bounced\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-opted-out\">2<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-failed\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-total\">10<", html, StringComparison.Ordinal);
        Assert.Contains("Ingepland: de ronde opent vanzelf op 1 september 2009 om 00:00 en sluit vanzelf na 30 november 2009", html, StringComparison.Ordinal);
        Assert.Contains("550 &lt;script&gt;alert(1)&lt;/script&gt; refused", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_round_shows_what_was_never_sent_instead_of_waiting_invitations()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoundService>().CloseAsync(RoundName);
        }

        var html = await (await SignedInAsync()).GetStringAsync(PagePath);

        // 3 pending and 1 claimed when it closed: never sent, and nothing is waiting any more.
        Assert.Contains("Niet verstuurd (ronde gesloten)</th><td data-testid=\"count-not-sent\">4<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("count-pending", html, StringComparison.Ordinal);
        Assert.DoesNotContain("count-claimed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("achtend", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-sent\">2<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-total\">10<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pause_and_resume_by_post_with_antiforgery_token()
    {
        var client = await SignedInAsync();
        var html = await client.GetStringAsync(PagePath);
        Assert.Contains("Versturen pauzeren", html, StringComparison.Ordinal);

        // Without the antiforgery token the post is refused and nothing changes.
        var forged = await client.PostAsync(PagePath + "?handler=Pause", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(await PausedAsync());

        var paused = await client.PostAsync(PagePath + "?handler=Pause", Form(html));
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.True(await PausedAsync());
        html = await client.GetStringAsync(paused.Headers.Location!.ToString());
        Assert.Contains("Het versturen is gepauzeerd. De ronde blijft open voor antwoorden.", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"sending\">gepauzeerd", html, StringComparison.Ordinal);
        Assert.Contains("Versturen hervatten", html, StringComparison.Ordinal);

        var resumed = await client.PostAsync(PagePath + "?handler=Resume", Form(html));
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.False(await PausedAsync());
    }

    [Fact]
    public async Task Page_and_posts_are_closed_to_everyone_but_beheerders_and_the_overview_links_to_the_page()
    {
        // Anonymous: sent to sign in; a werkplein user: 404. Posts are refused too and change nothing.
        var anonymous = await SignedInAsync(email: null);
        var redirect = await anonymous.GetAsync(PagePath);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/inloggen", redirect.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var werkplein = await SignedInAsync(WerkpleinUser);
        Assert.Equal(HttpStatusCode.NotFound, (await werkplein.GetAsync(PagePath)).StatusCode);
        foreach (var client in new[] { anonymous, werkplein })
        {
            Assert.False((await client.PostAsync(PagePath + "?handler=Pause", new FormUrlEncodedContent([]))).IsSuccessStatusCode);
        }

        Assert.False(await PausedAsync());
        var beheerder = await SignedInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await beheerder.GetAsync("/beheer/rondes/bestaat-niet/verzending")).StatusCode);

        var index = await beheerder.GetStringAsync("/");
        Assert.Contains($"href=\"{PagePath}\"", index, StringComparison.Ordinal);
    }

    private Task<bool> PausedAsync() => Task.Run(async () =>
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().Rounds.Where(r => r.Name == RoundName)
            .Select(r => r.SendingPaused).SingleAsync();
    });

    private static FormUrlEncodedContent Form(string html) =>
        new([new("__RequestVerificationToken", TokenRegex().Match(html).Groups[1].Value)]);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
