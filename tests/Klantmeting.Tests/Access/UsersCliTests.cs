using System.Net;
using Klantmeting.Cli;

namespace Klantmeting.Tests.Access;

/// <summary><c>klantmeting users create|list</c> on the database of a running web host; the created user signs in there.</summary>
public sealed class UsersCliTests(AccessAppFactory app) : IClassFixture<AccessAppFactory>
{
    private async Task<(int Code, string Out, string Err)> RunAsync(string? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin ?? "");
        var code = await CliApp.RunAsync(args, output, error, app.DatabaseSettings, input: input);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Create_prints_a_one_time_password_that_signs_in_and_must_be_changed()
    {
        var (code, output, error) = await RunAsync(null, "users", "create", "--email", "nieuwe.beheerder@ako.test", "--role", "beheerder");

        Assert.True(code == 0, error);
        var password = output.Split('\n').Single(l => l.StartsWith("Eenmalig wachtwoord: ", StringComparison.Ordinal))["Eenmalig wachtwoord: ".Length..].Trim();
        Assert.Equal(20, password.Length);
        var (client, signIn) = await app.SignInAsync("nieuwe.beheerder@ako.test", password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var page = await client.GetAsync("/werkplein");
        Assert.Equal("/wachtwoord-wijzigen", page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Create_reads_the_password_from_standard_input_and_binds_werkpleinen()
    {
        var (code, output, error) = await RunAsync("Stdin-Wachtwoord-42!\n", "users", "create", "--email", "twee@werkplein.test", "--role", "werkplein",
            "--werkplein", "WP-A", "--werkplein", "WP-B", "--password-stdin");

        Assert.True(code == 0, error);
        Assert.DoesNotContain("Eenmalig wachtwoord:", output, StringComparison.Ordinal);
        var (_, signIn) = await app.SignInAsync("twee@werkplein.test", "Stdin-Wachtwoord-42!");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var list = await RunAsync(null, "users", "list");
        Assert.Equal(0, list.Code);
        var line = list.Out.Split('\n').Single(l => l.StartsWith("twee@werkplein.test", StringComparison.Ordinal));
        Assert.Matches(@"twee@werkplein\.test\s+werkplein\s+wachtwoord te wijzigen\s+WP-A, WP-B$", line.TrimEnd());
        Assert.Contains(list.Out.Split('\n'), l => l.StartsWith(AccessAppFactory.Beheerder, StringComparison.Ordinal) && l.Contains("actief", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Onbekende Werkplein-code: 'WP-ZZZ'.", "--email", "x1@werkplein.test", "--role", "werkplein", "--werkplein", "WP-ZZZ")]
    [InlineData("hoort bij minstens één Werkplein: geef --werkplein CODE", "--email", "x2@werkplein.test", "--role", "werkplein")]
    [InlineData("Een beheerder ziet alle Werkpleinen: laat --werkplein weg.", "--email", "x3@ako.test", "--role", "beheerder", "--werkplein", "WP-A")]
    [InlineData("Er is al een gebruiker met het e-mailadres " + AccessAppFactory.UserA, "--email", AccessAppFactory.UserA, "--role", "werkplein", "--werkplein", "WP-A")]
    [InlineData("'geen-adres' is geen geldig e-mailadres.", "--email", "geen-adres", "--role", "beheerder")]
    public async Task Clear_errors_store_nothing(string message, params string[] args)
    {
        var (code, _, error) = await RunAsync(null, ["users", "create", .. args]);

        Assert.Equal(CliApp.UserError, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        var list = await RunAsync(null, "users", "list");
        Assert.DoesNotContain(list.Out.Split('\n'), l => l.StartsWith(args[1] + " ", StringComparison.Ordinal) && args[1] != AccessAppFactory.UserA);
    }

    [Fact]
    public async Task A_weak_password_from_standard_input_is_refused_and_nothing_is_stored()
    {
        var (code, _, error) = await RunAsync("kort\n", "users", "create", "--email", "zwak@werkplein.test", "--role", "werkplein", "--werkplein", "WP-A", "--password-stdin");

        Assert.Equal(CliApp.UserError, code);
        Assert.Contains("minstens 12 tekens", error, StringComparison.Ordinal);
        Assert.DoesNotContain("zwak@werkplein.test", (await RunAsync(null, "users", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_role_is_a_usage_error()
    {
        var (code, _, error) = await RunAsync(null, "users", "create", "--email", "x@ako.test", "--role", "koning");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("koning", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivate_reactivate_reset_password_and_set_werkpleinen_call_the_service_with_its_messages()
    {
        const string email = "cli.beheer@werkplein.test";
        Assert.Equal(0, (await RunAsync("Cli-Beheer-Wachtwoord-7\n", "users", "create", "--email", email, "--role", "werkplein", "--werkplein", "WP-A", "--password-stdin")).Code);

        var set = await RunAsync(null, "users", "set-werkpleinen", "--email", email, "--werkplein", "WP-B", "--werkplein", "WP-C");
        Assert.True(set.Code == 0, set.Err);
        Assert.Equal($"Gebruiker {email} ziet nu de Werkpleinen WP-B, WP-C.", set.Out.Trim());
        var unknown = await RunAsync(null, "users", "set-werkpleinen", "--email", email, "--werkplein", "WP-ZZZ");
        Assert.Equal((CliApp.UserError, "Onbekende Werkplein-code: 'WP-ZZZ'."), (unknown.Code, unknown.Err.Trim()));

        var reset = await RunAsync(null, "users", "reset-password", "--email", email);
        Assert.True(reset.Code == 0, reset.Err);
        var password = reset.Out.Split('\n').Single(l => l.StartsWith("Eenmalig wachtwoord: ", StringComparison.Ordinal))["Eenmalig wachtwoord: ".Length..].Trim();
        Assert.Equal(HttpStatusCode.OK, (await app.SignInAsync(email, "Cli-Beheer-Wachtwoord-7")).Response.StatusCode);
        var (client, signIn) = await app.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/wachtwoord-wijzigen", (await client.GetAsync("/werkplein/WP-B")).Headers.Location!.OriginalString);

        var deactivate = await RunAsync(null, "users", "deactivate", "--email", email);
        Assert.Equal((0, $"Gebruiker {email} is gedeactiveerd en overal uitgelogd."), (deactivate.Code, deactivate.Out.Trim()));
        Assert.Matches($@"{email.Replace(".", "\\.")}\s+werkplein\s+gedeactiveerd\s+WP-B, WP-C$",
            (await RunAsync(null, "users", "list")).Out.Split('\n').Single(l => l.StartsWith(email, StringComparison.Ordinal)).TrimEnd());
        Assert.Equal(HttpStatusCode.OK, (await app.SignInAsync(email, password)).Response.StatusCode);
        var unlock = await RunAsync(null, "users", "unlock", "--email", email);
        Assert.Equal((CliApp.UserError, $"Gebruiker {email} is gedeactiveerd, niet geblokkeerd: maak de gebruiker weer actief (users reactivate)."),
            (unlock.Code, unlock.Err.Trim()));

        var reactivate = await RunAsync(null, "users", "reactivate", "--email", email);
        Assert.Equal((0, $"Gebruiker {email} is weer actief en kan inloggen."), (reactivate.Code, reactivate.Out.Trim()));
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignInAsync(email, password)).Response.StatusCode);
        var again = await RunAsync(null, "users", "reactivate", "--email", email);
        Assert.Equal((CliApp.UserError, $"Gebruiker {email} is niet gedeactiveerd."), (again.Code, again.Err.Trim()));
    }

    [Fact]
    public async Task Werkpleinen_list_and_update_use_the_same_checks_as_the_page()
    {
        var list = await RunAsync(null, "werkpleinen", "list");
        Assert.True(list.Code == 0, list.Err);
        Assert.Matches(@"^WP-A\s+2\s+21\s+\d+\s+Werkplein A", list.Out.Split('\n').Single(l => l.StartsWith("WP-A", StringComparison.Ordinal)));

        var used = await RunAsync(null, "werkpleinen", "update", "WP-A", "--code", "WP-AA");
        Assert.Equal(CliApp.UserError, used.Code);
        Assert.StartsWith("De code WP-A kan niet meer veranderen: 2 rondes hebben deelnemers van dit Werkplein", used.Err, StringComparison.Ordinal);
        var unknown = await RunAsync(null, "werkpleinen", "update", "WP-WEG", "--name", "x");
        Assert.Equal((CliApp.UserError, "Er is geen Werkplein met de code WP-WEG."), (unknown.Code, unknown.Err.Trim()));

        var region = await RunAsync(null, "werkpleinen", "update", "WP-C", "--region", "Zeeland");
        Assert.Equal((0, "Werkplein WP-C opgeslagen: Werkplein C (Zeeland)."), (region.Code, region.Out.Trim()));
        Assert.Contains("Werkplein C (Zeeland)", (await RunAsync(null, "werkpleinen", "list")).Out, StringComparison.Ordinal);
    }
}
