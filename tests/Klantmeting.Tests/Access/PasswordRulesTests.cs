using System.Net;
using Klantmeting.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Access;

/// <summary>
/// NIST SP 800-63B passwords: at least 12 characters, not on the shipped list of common passwords, not a word of this
/// product or the user's own e-mail name (also with digits or symbols added), not repetitive; no composition rules.
/// </summary>
public sealed class PasswordRulesTests(AccessAppFactory app) : IClassFixture<AccessAppFactory>
{
    private async Task<IdentityResult> ValidateAsync(string email, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = email, Email = email };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded)
            {
                return result;
            }
        }

        return IdentityResult.Success;
    }

    [Fact]
    public void The_shipped_list_has_at_least_ten_thousand_common_passwords()
    {
        Assert.True(CommonPasswordValidator.CommonPasswords.Count >= 10_000, CommonPasswordValidator.CommonPasswords.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("password", CommonPasswordValidator.CommonPasswords);
        Assert.Contains("iloveyou", CommonPasswordValidator.CommonPasswords);
    }

    [Theory]
    [InlineData("Password123!")]
    [InlineData("password1234")]
    [InlineData("Iloveyou2026!")]
    [InlineData("qwertyuiop123")]
    [InlineData("Klantmeting2026!")]
    [InlineData("KLANTMETING!!!!")]
    [InlineData("Werkplein-2026")]
    [InlineData("Welkom123456!")]
    [InlineData("Wachtwoord2026")]
    [InlineData("Divosa123456")]
    [InlineData("!!UWV12345678")]
    [InlineData("jan.de.vries2026")]
    [InlineData("JanDeVries2026!")]
    [InlineData("Vries12345678")]
    public async Task Common_product_and_own_name_passwords_are_refused(string password)
    {
        var result = await ValidateAsync("jan.de.vries@werkplein.test", password);

        Assert.False(result.Succeeded, password);
        Assert.Contains(result.Errors, e => e.Description.StartsWith("Dit wachtwoord is te makkelijk te raden", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Aaaaaaaaaaa1!")]
    [InlineData("abcabcabcabcabc")]
    [InlineData("1212121212121212")]
    public async Task Repetitive_passwords_are_refused(string password)
    {
        var result = await ValidateAsync("iemand@werkplein.test", password);

        Assert.False(result.Succeeded, password);
        Assert.Contains(result.Errors, e => e.Description == "Het wachtwoord moet minstens 6 verschillende tekens bevatten.");
    }

    [Theory]
    [InlineData(AccessAppFactory.Password)]
    [InlineData("een zin van vijf woorden")]
    [InlineData("paardenbloem kapstok")]
    [InlineData("Stdin-Wachtwoord-42!")]
    public async Task Long_uncommon_passwords_pass_without_composition_rules(string password)
    {
        var result = await ValidateAsync("iemand@werkplein.test", password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    [Fact]
    public async Task Short_passwords_are_still_refused()
    {
        var result = await ValidateAsync("iemand@werkplein.test", "Kort-genoeg");
        Assert.Contains(result.Errors, e => e.Description == "Het wachtwoord moet minstens 12 tekens lang zijn.");
    }

    [Fact]
    public async Task Generated_one_time_and_demo_passwords_always_pass()
    {
        for (var i = 0; i < 500; i++)
        {
            var password = UserService.GeneratePassword();
            var result = await ValidateAsync("demo@werkplein.test", password);
            Assert.True(result.Succeeded, password + ": " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    [Fact]
    public async Task The_change_password_page_refuses_a_common_password_in_dutch()
    {
        var client = await app.SignedInAsync(AccessAppFactory.UserAb);
        using var response = await client.PostAsync("/wachtwoord-wijzigen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AccessAppFactory.AntiforgeryToken(await client.GetStringAsync("/wachtwoord-wijzigen")),
            ["huidig"] = AccessAppFactory.Password,
            ["nieuw"] = "Password123!",
            ["herhaal"] = "Password123!",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Dit wachtwoord is te makkelijk te raden", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignInAsync(AccessAppFactory.UserAb)).Response.StatusCode);
    }

    [Fact]
    public async Task Users_create_refuses_a_common_password_and_stores_nothing()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<UserService>();
        var error = await Assert.ThrowsAsync<UserException>(() => service.CreateAsync("gewoon@werkplein.test", Roles.Werkplein, ["WP-A"], "Klantmeting2026!"));
        Assert.Contains("te makkelijk te raden", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await service.ListAsync(), u => u.Email == "gewoon@werkplein.test");
    }
}
