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
}
