using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>
/// The users and Werkpleinen pages on the real host: create an account (one-time password shown once), deactivate,
/// reactivate and reset the password (a real cookie of that user stops working), bind Werkpleinen, import and edit
/// Werkpleinen; antiforgery on every form, 404 for werkplein users, no e-mail address in the audit log.
/// </summary>
public sealed partial class UserPagesTests : IAsyncDisposable
{
    private const string Beheerder = "beheerder@ako.test";
    private const string Werkplein = "wp@werkplein.test";
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-user-pages-").FullName;
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
            b.UseSetting(Klantmeting.Web.Infrastructure.AccessExtensions.SignInPermitsSetting, "1000");
        });
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            db.Werkpleinen.AddRange(new Werkplein { Code = "WP-A", Name = "Werkplein A" }, new Werkplein { Code = "WP-B", Name = "Werkplein B" });
            await db.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserService>();
            await users.CreateAsync(Beheerder, Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
            await users.CreateAsync(Werkplein, Roles.Werkplein, ["WP-A"], AccessAppFactory.Password, mustChangePassword: false);
        }

        return await SignInAsync(Beheerder);
    }

    private HttpClient NewClient() =>
        _app!.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

    private async Task<HttpClient> SignInAsync(string email, string password = AccessAppFactory.Password)
    {
        var client = NewClient();
        using var signIn = await AccessAppFactory.PostSignInAsync(client, email, password);
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email}: {signIn.StatusCode}");
        return client;
    }

    private async Task<HttpStatusCode> SignInStatusAsync(string email, string password)
    {
        using var signIn = await AccessAppFactory.PostSignInAsync(NewClient(), email, password);
        return signIn.StatusCode;
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserService>().ListAsync()).Single(u => u.Email == email).Id;
    }

    /// <summary>Posts a form of <paramref name="page"/> with the token from that page (as the browser does).</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string? handler, params (string Key, string Value)[] fields)
    {
        var token = AccessAppFactory.AntiforgeryToken(await client.GetStringAsync(page));
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(handler is null ? page : $"{page}?handler={handler}", new FormUrlEncodedContent(form));
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
    public async Task Create_shows_the_one_time_password_once_and_the_new_user_must_change_it(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        using var forged = await client.PostAsync("/beheer/gebruikers/nieuw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "vals@werkplein.test", ["rol"] = "werkplein", ["werkplein"] = "WP-A",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var created = await PostAsync(client, "/beheer/gebruikers/nieuw", null, ("email", "nieuw@werkplein.test"), ("rol", "werkplein"), ("werkplein", "WP-B"));
        var html = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, "the page with a one-time password may not be stored");
        var password = WebUtility.HtmlDecode(PasswordPattern().Match(html).Groups[1].Value);
        Assert.Equal(20, password.Length);

        // Never again: not on the list, not on the user's page.
        var id = await UserIdAsync("nieuw@werkplein.test");
        Assert.DoesNotContain(password, await client.GetStringAsync("/beheer/gebruikers"), StringComparison.Ordinal);
        var userPage = await client.GetStringAsync($"/beheer/gebruikers/{id}");
        Assert.DoesNotContain(password, userPage, StringComparison.Ordinal);
        Assert.Contains("wachtwoord te wijzigen", userPage, StringComparison.Ordinal);

        var newUser = await SignInAsync("nieuw@werkplein.test", WebUtility.HtmlDecode(password));
        using var forced = await newUser.GetAsync("/werkplein/WP-B");
        Assert.Equal("/wachtwoord-wijzigen", forced.Headers.Location!.OriginalString);

        using var duplicate = await PostAsync(client, "/beheer/gebruikers/nieuw", null, ("email", "nieuw@werkplein.test"), ("rol", "werkplein"), ("werkplein", "WP-A"));
        Assert.Contains("Er is al een gebruiker met het e-mailadres nieuw@werkplein.test.", WebUtility.HtmlDecode(await duplicate.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var none = await PostAsync(client, "/beheer/gebruikers/nieuw", null, ("email", "geen@werkplein.test"), ("rol", "werkplein"));
        Assert.Contains("hoort bij minstens één Werkplein", WebUtility.HtmlDecode(await none.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await AssertNoEmailInAuditAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deactivate_ends_the_users_session_and_reactivate_lets_them_back_in(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        var werkplein = await SignInAsync(Werkplein);
        Assert.Equal(HttpStatusCode.OK, (await werkplein.GetAsync("/werkplein/WP-A")).StatusCode);
        var page = $"/beheer/gebruikers/{await UserIdAsync(Werkplein)}";

        using var forged = await client.PostAsync($"{page}?handler=Deactivate", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await werkplein.GetAsync("/werkplein/WP-A")).StatusCode);

        using var deactivated = await PostAsync(client, page, "Deactivate");
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        using var after = await werkplein.GetAsync("/werkplein/WP-A");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/inloggen", after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(Werkplein, AccessAppFactory.Password));
        Assert.Contains("gedeactiveerd", await client.GetStringAsync("/beheer/gebruikers"), StringComparison.Ordinal);

        using var reactivated = await PostAsync(client, page, "Reactivate");
        Assert.Equal(HttpStatusCode.Redirect, reactivated.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await SignInStatusAsync(Werkplein, AccessAppFactory.Password));

        // Not one's own account.
        using var self = await PostAsync(client, $"/beheer/gebruikers/{await UserIdAsync(Beheerder)}", "Deactivate");
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.Contains("U kunt uw eigen account niet deactiveren.", WebUtility.HtmlDecode(await self.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/beheer/gebruikers")).StatusCode);
        await AssertNoEmailInAuditAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reset_password_ends_the_session_shows_a_new_one_time_password_and_the_old_one_stops_working(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        var werkplein = await SignInAsync(Werkplein);
        var page = $"/beheer/gebruikers/{await UserIdAsync(Werkplein)}";

        using var reset = await PostAsync(client, page, "ResetPassword");
        var html = await reset.Content.ReadAsStringAsync();
        Assert.True(reset.Headers.CacheControl?.NoStore, "the page with a one-time password may not be stored");
        var password = WebUtility.HtmlDecode(PasswordPattern().Match(html).Groups[1].Value);
        Assert.Equal(20, password.Length);

        using var after = await werkplein.GetAsync("/werkplein/WP-A");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/inloggen", after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(Werkplein, AccessAppFactory.Password));
        var again = await SignInAsync(Werkplein, password);
        Assert.Equal("/wachtwoord-wijzigen", (await again.GetAsync("/werkplein/WP-A")).Headers.Location!.OriginalString);
        Assert.DoesNotContain(password, await client.GetStringAsync(page), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Binding_werkpleinen_applies_at_the_users_next_request(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        var werkplein = await SignInAsync(Werkplein);
        Assert.Equal(HttpStatusCode.NotFound, (await werkplein.GetAsync("/werkplein/WP-B")).StatusCode);
        var page = $"/beheer/gebruikers/{await UserIdAsync(Werkplein)}";

        using var saved = await PostAsync(client, page, "Werkpleinen", ("werkplein", "WP-B"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await werkplein.GetAsync("/werkplein/WP-B")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await werkplein.GetAsync("/werkplein/WP-A")).StatusCode);
        using var empty = await PostAsync(client, page, "Werkpleinen");
        Assert.Contains("hoort bij minstens één Werkplein", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await werkplein.GetAsync("/werkplein/WP-B")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Werkplein_users_get_404_on_every_page_and_form_of_users_and_werkpleinen(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        var werkplein = await SignInAsync(Werkplein);
        var id = await UserIdAsync(Werkplein);
        // A token of a page the user may open, so only the role decides.
        var token = AccessAppFactory.AntiforgeryToken(await werkplein.GetStringAsync("/wachtwoord-wijzigen"));
        foreach (var url in new[]
                 {
                     "/beheer/gebruikers", "/beheer/gebruikers/nieuw", $"/beheer/gebruikers/{id}", $"/beheer/gebruikers/{id}?handler=Deactivate",
                     $"/beheer/gebruikers/{id}?handler=ResetPassword", $"/beheer/gebruikers/{id}?handler=Werkpleinen", "/beheer/werkpleinen",
                     "/beheer/werkpleinen?handler=Import", "/beheer/werkpleinen/WP-A",
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await werkplein.GetAsync(url)).StatusCode);
            using var post = await werkplein.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["werkplein"] = "WP-B" }));
            Assert.True(post.StatusCode == HttpStatusCode.NotFound, $"POST {url}: {post.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.OK, (await werkplein.GetAsync("/werkplein/WP-A")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await werkplein.GetAsync("/werkplein/WP-B")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/beheer/gebruikers")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Werkpleinen_import_shows_each_error_with_line_and_field_and_stores_a_good_file(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        using var forged = await client.PostAsync("/beheer/werkpleinen?handler=Import", Upload("code,naam\nWP-C,Werkplein C\n", "wp.csv", null));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var token = AccessAppFactory.AntiforgeryToken(await client.GetStringAsync("/beheer/werkpleinen"));
        using var bad = await client.PostAsync("/beheer/werkpleinen?handler=Import", Upload("code,naam,regio\nWP-C,Werkplein C,Zuid\nWP C,Werkplein D,\nWP-E,,\n", "fout.csv", token));
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("Er is niets opgeslagen", badHtml, StringComparison.Ordinal);
        Assert.Contains("fout.csv heeft 2 fouten", badHtml, StringComparison.Ordinal);
        Assert.Matches(@"<tr><td>3</td><td>code</td><td>de code bevat een teken dat niet mag", badHtml);
        Assert.Contains("<tr><td>4</td><td>naam</td><td>naam is leeg</td></tr>", badHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("WP-C", badHtml.Split("Alle Werkpleinen")[1].Split("Werkpleinen importeren")[0], StringComparison.Ordinal);

        using var good = await client.PostAsync("/beheer/werkpleinen?handler=Import", Upload("code,naam,regio\nWP-C,Werkplein C,Zuid\nWP-A,Werkplein Amsterdam,\n", "goed.csv", token));
        var goodHtml = WebUtility.HtmlDecode(await good.Content.ReadAsStringAsync());
        Assert.Contains("2 Werkpleinen uit goed.csv opgeslagen", goodHtml, StringComparison.Ordinal);
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/beheer/werkpleinen"));
        Assert.Contains("Werkplein Amsterdam", list, StringComparison.Ordinal);
        Assert.Contains("<td>Werkplein C</td>", list, StringComparison.Ordinal);

        await using var scope = _app!.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Action == AuditAction.WerkpleinenImported);
        Assert.Equal("bestand goed.csv: 2 Werkpleinen ingelezen", entry.Details);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Editing_a_werkplein_saves_name_region_and_code_and_refuses_a_taken_code(DatabaseProvider provider)
    {
        var client = await StartAsync(provider);
        using var forged = await client.PostAsync("/beheer/werkpleinen/WP-B", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "WP-X", ["naam"] = "X" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var saved = await PostAsync(client, "/beheer/werkpleinen/WP-B", null, ("code", "WP-BB"), ("naam", "Werkplein Bommel"), ("regio", "Gelderland"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/beheer/werkpleinen?gewijzigd=WP-BB", saved.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/beheer/werkpleinen/WP-B")).StatusCode);
        Assert.Contains("Werkplein Bommel", await client.GetStringAsync("/beheer/werkpleinen/WP-BB"), StringComparison.Ordinal);

        using var taken = await PostAsync(client, "/beheer/werkpleinen/WP-BB", null, ("code", "wp-a"), ("naam", "Werkplein Bommel"));
        Assert.Contains("Er is al een Werkplein met de code WP-A.", WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Upload(string csv, string fileName, string? token)
    {
        var content = new MultipartFormDataContent();
        if (token is not null)
        {
            content.Add(new StringContent(token), "__RequestVerificationToken");
        }

        content.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "bestand", fileName);
        return content;
    }

    private async Task AssertNoEmailInAuditAsync()
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().AuditEntries.AsNoTracking().ToListAsync();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.DoesNotContain('@', e.Actor + e.ObjectKey + e.Details + e.Round));
    }

    [GeneratedRegex("data-testid=\"password\">([^<]+)</code>")]
    private static partial Regex PasswordPattern();
}
