using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Tests.Results;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Access;

/// <summary>
/// The web host (Production) on a fresh database with the results round of <see cref="ResultsRoundSeed"/> (WP-A, WP-B),
/// an extra Werkplein WP-C without rounds, one respondent token, and four users: a beheerder, a werkplein user of
/// WP-A, one of WP-A and WP-B, and one that still has to change a one-time password.
/// </summary>
public partial class AccessAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Correct-Paard-Batterij-9";
    public const string Beheerder = "beheerder@ako.test";
    public const string UserA = "wp-a@werkplein.test";
    public const string UserAb = "wp-ab@werkplein.test";
    public const string OneTime = "nieuw@werkplein.test";

    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-access-").FullName;
    private readonly Dictionary<string, string?> _settings = [];
    private readonly DatabaseProvider _provider;
    private TestDatabase _database = null!;

    public AccessAppFactory()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected AccessAppFactory(DatabaseProvider provider)
    {
        _provider = provider;
        // Test classes sign in many times on one host; the limit itself is tested with its own host (SignInLimitsTests).
        _settings[Klantmeting.Web.Infrastructure.AccessExtensions.SignInPermitsSetting] = "1000";
    }

    /// <summary>The personal link token of a respondent in the round.</summary>
    public string Token { get; private set; } = "";

    /// <summary>The opt-out link token of the same respondent.</summary>
    public string OptOutToken { get; private set; } = "";

    /// <summary>The user id of <see cref="OneTime"/> (the key of its page <c>/beheer/gebruikers/{id}</c>).</summary>
    public string OneTimeUserId { get; private set; } = "";

    /// <summary>Folder of the .eml files the host writes (Mail:Delivery Outbox).</summary>
    public string OutboxPath => Path.Combine(_folder, "outbox");

    /// <summary>The database settings, e.g. for running the CLI against the same database.</summary>
    public IDictionary<string, string?> DatabaseSettings => _database.Settings.ToDictionary(s => s.Key, s => s.Value);

    /// <summary>Adds a setting before the host starts.</summary>
    public AccessAppFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(_provider, _folder);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        await ResultsRoundSeed.SeedAsync(db, scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009"));
        db.Werkpleinen.Add(new Werkplein { Code = "WP-C", Name = "Werkplein C" });
        var round = await db.Rounds.SingleAsync(r => r.Name == ResultsRoundSeed.RoundName);
        var wpA = await db.Werkpleinen.SingleAsync(w => w.Code == "WP-A");
        var participant = new Participant { RoundId = round.Id, Ref = "TOEGANG-1", WerkpleinId = wpA.Id };
        db.Participants.Add(participant);
        await db.SaveChangesAsync();
        Token = InvitationToken.Generate();
        OptOutToken = InvitationToken.Generate();
        var invitation = new Invitation
        {
            ParticipantId = participant.Id,
            RoundId = round.Id,
            State = InvitationState.Sent,
            NextAttemptAt = DateTime.UtcNow,
            SentAt = DateTime.UtcNow,
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        db.InvitationTokens.Add(new IssuedToken { Hash = InvitationToken.Hash(Token), InvitationId = invitation.Id, Purpose = TokenPurpose.Answer, CreatedAt = DateTime.UtcNow });
        db.InvitationTokens.Add(new IssuedToken { Hash = InvitationToken.Hash(OptOutToken), InvitationId = invitation.Id, Purpose = TokenPurpose.OptOut, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();

        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync(Beheerder, Roles.Beheerder, [], Password, mustChangePassword: false);
        await users.CreateAsync(UserA, Roles.Werkplein, ["WP-A"], Password, mustChangePassword: false);
        await users.CreateAsync(UserAb, Roles.Werkplein, ["WP-A", "WP-B"], Password, mustChangePassword: false);
        OneTimeUserId = (await users.CreateAsync(OneTime, Roles.Werkplein, ["WP-A"], Password)).User.Id;
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _database.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Mail:OutboxPath", OutboxPath);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
    }

    /// <summary>A client that keeps cookies and does not follow redirects, over https (the cookies are Secure).</summary>
    public HttpClient Browser(string host = "localhost") =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri($"https://{host}") });

    /// <summary>Signs in through the sign-in form; returns the client with the cookie and the response of the POST.</summary>
    public async Task<(HttpClient Client, HttpResponseMessage Response)> SignInAsync(string email, string password = Password)
    {
        var client = Browser();
        var response = await PostSignInAsync(client, email, password);
        return (client, response);
    }

    /// <summary>A signed-in client; fails when the sign-in does not redirect.</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        var (client, response) = await SignInAsync(email);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email}: {response.StatusCode}");
        return client;
    }

    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password)
    {
        var token = AntiforgeryToken(await client.GetStringAsync("/inloggen"));
        return await client.PostAsync("/inloggen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = email,
            ["wachtwoord"] = password,
        }));
    }

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token:\n" + html);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: leave the temp folder.
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The same host on PostgreSQL.</summary>
public sealed class PostgreSqlAccessAppFactory() : AccessAppFactory(DatabaseProvider.PostgreSql);
