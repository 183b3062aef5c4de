using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Users;
using Klantmeting.Web.Pages.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Xunit.Abstractions;

namespace Klantmeting.Tests.Access;

/// <summary>
/// The sign-in form tells a stranger nothing: an unknown address, a wrong password and a locked account get the same
/// page, the same status and (about) the same time; the owner of a locked account hears it by e-mail.
/// </summary>
public sealed partial class SignInEnumerationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string WrongPassword = "Fout-Wachtwoord-123";
    private readonly AccessAppFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<User> CreateUserAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(email, Roles.Werkplein, ["WP-A"], AccessAppFactory.Password, mustChangePassword: false)).User;
    }

    private async Task WithUsersAsync(Func<UserService, Task> action)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<UserService>());
    }

    /// <summary>The page without what differs by request (antiforgery token, the address typed in).</summary>
    private static string Normalized(string html) => FormNoise().Replace(html, "");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"|id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" value=\"[^\"]*\"")]
    private static partial Regex FormNoise();

    [Fact]
    public async Task Unknown_address_wrong_password_and_locked_account_get_the_same_answer()
    {
        await CreateUserAsync("fout@werkplein.test");
        await CreateUserAsync("dicht@werkplein.test");
        await WithUsersAsync(u => u.LockAsync("dicht@werkplein.test"));

        var pages = new List<(HttpStatusCode Status, string Html)>();
        foreach (var (email, password) in new[]
        {
            ("onbekend@werkplein.test", WrongPassword), ("fout@werkplein.test", WrongPassword),
            ("dicht@werkplein.test", WrongPassword), ("dicht@werkplein.test", AccessAppFactory.Password),
        })
        {
            using var response = await AccessAppFactory.PostSignInAsync(_app.Browser(), email, password);
            pages.Add((response.StatusCode, Normalized(await response.Content.ReadAsStringAsync())));
        }

        Assert.All(pages, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        Assert.Contains(InloggenModel.RefusedMessage, pages[0].Html, StringComparison.Ordinal);
        Assert.All(pages, p => Assert.Equal(pages[0].Html, p.Html));
        Assert.DoesNotContain("geblokkeerd", pages[0].Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_address_wrong_password_and_locked_account_take_about_as_long()
    {
        // Before the fix an unknown address (and a locked account) was answered without hashing: 10-40 times faster.
        await CreateUserAsync("traag@werkplein.test");
        await CreateUserAsync("slot@werkplein.test");
        await WithUsersAsync(u => u.LockAsync("slot@werkplein.test"));
        var kinds = new[] { ("niemand@werkplein.test", "onbekend adres"), ("traag@werkplein.test", "verkeerd wachtwoord"), ("slot@werkplein.test", "geblokkeerd") };
        var times = kinds.ToDictionary(k => k.Item2, _ => new List<double>());
        var client = _app.Browser();
        // Warm up every path once (the dummy hash is made at the first unknown address).
        foreach (var (email, _) in kinds)
        {
            (await AccessAppFactory.PostSignInAsync(client, email, WrongPassword)).Dispose();
        }

        await WithUsersAsync(u => u.UnlockAsync("traag@werkplein.test"));
        for (var round = 0; round < 30; round++)
        {
            // Interleaved, so a busy moment of the machine hits every kind alike.
            foreach (var (email, kind) in kinds)
            {
                var token = AccessAppFactory.AntiforgeryToken(await client.GetStringAsync("/inloggen"));
                using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["email"] = email, ["wachtwoord"] = WrongPassword });
                var watch = Stopwatch.StartNew();
                using var response = await client.PostAsync("/inloggen", form);
                watch.Stop();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                times[kind].Add(watch.Elapsed.TotalMilliseconds);
            }

            // Keep the wrong-password account below the lockout (outside the measured time).
            await WithUsersAsync(u => u.UnlockAsync("traag@werkplein.test"));
        }

        var medians = times.ToDictionary(t => t.Key, t => Median(t.Value));
        var report = string.Join(", ", medians.Select(m => $"{m.Key} {m.Value:0.0} ms"));
        output.WriteLine("median sign-in answer: " + report);
        // A relative comparison on a shared machine: the slowest median at most 3 times the fastest.
        Assert.True(medians.Values.Max() <= 3 * medians.Values.Min(), report);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    [Fact]
    public async Task A_lockout_lasts_fifteen_minutes_and_is_told_to_the_owner_by_email_only()
    {
        var user = await CreateUserAsync("eigenaar@werkplein.test");
        var client = _app.Browser();
        var answers = new List<string>();
        for (var i = 0; i < UsersExtensions.MaxFailedSignIns; i++)
        {
            using var wrong = await AccessAppFactory.PostSignInAsync(client, user.Email!, WrongPassword);
            answers.Add(Normalized(await wrong.Content.ReadAsStringAsync()));
        }

        using var right = await AccessAppFactory.PostSignInAsync(client, user.Email!, AccessAppFactory.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        answers.Add(Normalized(await right.Content.ReadAsStringAsync()));
        Assert.All(answers, a => Assert.Equal(answers[0], a));

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var locked = (await users.FindByEmailAsync(user.Email!))!;
            Assert.True(await users.IsLockedOutAsync(locked));
            var left = locked.LockoutEnd!.Value - DateTimeOffset.UtcNow;
            Assert.InRange(left.TotalMinutes, 14, 15);
        }

        // The notice goes through the mail delivery (outbox here) as a background job.
        var notice = await WaitForMessageAsync(user.Email!);
        Assert.Equal(LockoutNotice.Subject, notice.Subject);
        Assert.Contains("15 minuten geblokkeerd", notice.TextBody, StringComparison.Ordinal);
    }

    private async Task<MimeMessage> WaitForMessageAsync(string to)
    {
        var message = await Eventually.ValueAsync(() => FindMessageAsync(to), m => m is not null, TimeSpan.FromSeconds(60));
        Assert.True(message is not null, $"no e-mail to {to} in {_app.OutboxPath} within 60 s");
        return message;
    }

    private async Task<MimeMessage?> FindMessageAsync(string to)
    {
        if (Directory.Exists(_app.OutboxPath))
        {
            foreach (var file in Directory.GetFiles(_app.OutboxPath, "*.eml"))
            {
                var message = await MimeMessage.LoadAsync(file);
                if (message.To.Mailboxes.Any(m => m.Address == to))
                {
                    return message;
                }
            }
        }

        return null;
    }
}

/// <summary>Only attempts that pass the per-address rate limit count towards a lockout (own host with a low limit).</summary>
public sealed class LockoutBehindRateLimitTests : IAsyncLifetime
{
    private readonly AccessAppFactory _app = new AccessAppFactory().With(Klantmeting.Web.Infrastructure.AccessExtensions.SignInPermitsSetting, "3");

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Attempts_refused_by_the_rate_limit_do_not_count_towards_the_lockout()
    {
        var client = _app.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await AccessAppFactory.PostSignInAsync(client, AccessAppFactory.UserA, "Fout-Wachtwoord-123");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = (await users.FindByEmailAsync(AccessAppFactory.UserA))!;
        Assert.False(await users.IsLockedOutAsync(user));
        Assert.Equal(3, await users.GetAccessFailedCountAsync(user));
    }
}
