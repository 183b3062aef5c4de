using System.Net;
using Klantmeting.Cli;
using Klantmeting.Tests.Results;
using Klantmeting.Users;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Access;

/// <summary>
/// Sign-out, a password change and <c>users lock</c> end every session of the user on the server: a copy of the old
/// <c>klantmeting.auth</c> cookie (as an attacker who copied it would keep) no longer opens a page. The security stamp
/// is checked on every request, so no clock needs to move.
/// </summary>
public sealed class SessionEndTests(AccessAppFactory app) : IClassFixture<AccessAppFactory>
{
    private static string ResultsPage => $"/beheer/rondes/{Uri.EscapeDataString(ResultsRoundSeed.RoundName)}/resultaten";

    /// <summary>A new beheerder (own security stamp per test), signed in; returns the client and a copy of its cookie.</summary>
    private async Task<(string Email, HttpClient Client, string CookieCopy)> SignedInBeheerderAsync(string name)
    {
        var email = name + "@ako.test";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(email, Roles.Beheerder, [], AccessAppFactory.Password, mustChangePassword: false);
        }

        var (client, signIn) = await app.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("klantmeting.auth=", StringComparison.Ordinal)).Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(cookie));
        return (email, client, cookie);
    }

    /// <summary>GET of a beheerder page with only this cookie (another browser, or an attacker with a copy).</summary>
    private async Task<HttpStatusCode> WithCookieAsync(string cookie)
    {
        using var copy = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri("https://localhost"),
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, ResultsPage);
        request.Headers.Add("Cookie", cookie);
        using var response = await copy.SendAsync(request);
        Assert.True(response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location!.OriginalString.Contains("/inloggen", StringComparison.Ordinal),
            $"{response.StatusCode} {response.Headers.Location}");
        return response.StatusCode;
    }

    [Fact]
    public async Task After_sign_out_a_copy_of_the_cookie_is_refused()
    {
        var (_, client, copy) = await SignedInBeheerderAsync("uitloggen");
        var token = AccessAppFactory.AntiforgeryToken(await client.GetStringAsync("/uitloggen"));
        using var signOut = await client.PostAsync("/uitloggen", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await WithCookieAsync(copy));
    }

    [Fact]
    public async Task After_a_password_change_an_old_cookie_is_refused_and_the_changing_browser_stays_signed_in()
    {
        var (email, client, copy) = await SignedInBeheerderAsync("wijzigen");
        using var changed = await client.PostAsync("/wachtwoord-wijzigen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AccessAppFactory.AntiforgeryToken(await client.GetStringAsync("/wachtwoord-wijzigen")),
            ["huidig"] = AccessAppFactory.Password,
            ["nieuw"] = "Zeven-Lange-Woorden-Op-Rij",
            ["herhaal"] = "Zeven-Lange-Woorden-Op-Rij",
        }));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await WithCookieAsync(copy));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ResultsPage)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignInAsync(email, "Zeven-Lange-Woorden-Op-Rij")).Response.StatusCode);
    }

    [Fact]
    public async Task After_users_lock_every_cookie_is_refused_and_sign_in_too_until_users_unlock()
    {
        var (email, client, copy) = await SignedInBeheerderAsync("blokkeren");

        Assert.Equal(0, await CliAsync("users", "lock", "--email", email));

        Assert.Equal(HttpStatusCode.Redirect, await WithCookieAsync(copy));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(ResultsPage)).StatusCode);
        var (_, refused) = await app.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("geblokkeerd", await CliOutputAsync("users", "list"), StringComparison.Ordinal);

        Assert.Equal(0, await CliAsync("users", "unlock", "--email", email));
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignInAsync(email)).Response.StatusCode);
    }

    [Fact]
    public async Task Locking_an_unknown_user_is_a_clear_error()
    {
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["users", "lock", "--email", "niemand@ako.test"], new StringWriter(), error, app.DatabaseSettings);
        Assert.Equal(CliApp.UserError, code);
        Assert.Contains("Er is geen gebruiker met het e-mailadres niemand@ako.test.", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<int> CliAsync(params string[] args)
    {
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new StringWriter(), error, app.DatabaseSettings);
        Assert.True(code == 0, error.ToString());
        return code;
    }

    private async Task<string> CliOutputAsync(params string[] args)
    {
        using var output = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(args, output, new StringWriter(), app.DatabaseSettings));
        return output.ToString();
    }
}
