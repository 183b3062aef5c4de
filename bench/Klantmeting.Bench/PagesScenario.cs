using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Bench;

/// <summary>
/// Issue 20 §4: the pages with years of data. <c>pages-setup</c> writes 9 national job-seeker rounds (8 closed through
/// the product, so their snapshots are frozen as in production; the last one open), 3 closed employer rounds of a
/// tenth the size, and two accounts; <c>pages</c> signs in CONCURRENCY users (half administrators, half a Werkplein's users) and has each
/// request every page of its role in turn, timing every request; p50/p95 per page.
/// </summary>
internal static partial class PagesScenario
{
    public const string AdminEmail = "beheer@bench.example";
    public const string WerkpleinEmail = "werkplein@bench.example";
    public const string Password = "Bench-Wachtwoord-2026!";
    public const string Werkplein = "WP-001";
    private const int Rounds = 9;
    private const int EmployerRounds = 3;

    public static string RoundName(int i) => $"werkzoekenden {i}";

    private static string EmployerRoundName(int i) => $"werkgevers {i}";

    public static async Task<int> SetupAsync(string database, int invitations, int responses)
    {
        var watch = Stopwatch.StartNew();
        using var host = await Bench.BuildHostAsync(database);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            if (await db.Rounds.AnyAsync())
            {
                Console.Error.WriteLine("pages-setup: the database already holds rounds; give it an empty database.");
                return 1;
            }

            var catalog = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>();
            var from = new DateOnly(2007, 1, 1);
            var rounds = Enumerable.Range(1, Rounds).Select(i => new RoundGenerator.RoundSpec(
                    i, catalog.Get("werkzoekenden-2009"), RoundName(i), invitations, responses, RoundState: 1, from.AddMonths(4 * (i - 1))))
                .Concat(Enumerable.Range(1, EmployerRounds).Select(i => new RoundGenerator.RoundSpec(
                    Rounds + i, catalog.Get("werkgevers-2009"), EmployerRoundName(i), invitations / 10, responses / 10, RoundState: 1,
                    from.AddMonths(12 * (i - 1) + 4))))
                .ToList();
            RoundGenerator.Write(database, rounds);
        }

        var generated = watch.Elapsed.TotalSeconds;
        foreach (var name in Enumerable.Range(1, Rounds - 1).Select(RoundName).Concat(Enumerable.Range(1, EmployerRounds).Select(EmployerRoundName)))
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RoundService>().CloseAsync(name);
        }

        var closed = watch.Elapsed.TotalSeconds - generated;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserService>();
            await users.CreateAsync(AdminEmail, Roles.Beheerder, [], Password, mustChangePassword: false);
            await users.CreateAsync(WerkpleinEmail, Roles.Werkplein, [Werkplein], Password, mustChangePassword: false);
        }

        return Bench.Report(new
        {
            Rounds,
            EmployerRounds,
            Invitations = invitations,
            Responses = responses,
            GenerateS = Math.Round(generated, 1),
            CloseS = Math.Round(closed, 1),
        });
    }

    /// <summary>The pages of each role, by a short name (the key in the JSON) and path.</summary>
    private static (string Name, string Path)[] AdminPages()
    {
        var open = Uri.EscapeDataString(RoundName(Rounds));
        var closed = Uri.EscapeDataString(RoundName(Rounds - 1));
        var all = string.Join("&", Enumerable.Range(1, Rounds).Select(i => "ronde=" + Uri.EscapeDataString(RoundName(i))));
        return
        [
            ("start", "/beheer"),
            ("rondes", "/beheer/rondes"),
            ("ronde_open", $"/beheer/rondes/{open}"),
            ("resultaten_open", $"/beheer/rondes/{open}/resultaten"),
            ("resultaten_gesloten", $"/beheer/rondes/{closed}/resultaten"),
            ("verzending_open", $"/beheer/rondes/{open}/verzending"),
            ("resultaten_werkgevers", $"/beheer/rondes/{Uri.EscapeDataString(EmployerRoundName(EmployerRounds))}/resultaten"),
            ("vergelijken_9_landelijk", $"/beheer/vergelijken?{all}&niveau=landelijk"),
            ("vergelijken_9_werkpleinen", $"/beheer/vergelijken?{all}&niveau=werkpleinen"),
            ("trends_nl", "/beheer/trends"),
            ("trends_werkplein", $"/beheer/trends?werkplein={Werkplein}"),
            ("opmerkingen_gesloten", $"/beheer/rondes/{closed}/opmerkingen"),
            ("landkaart", "/beheer/landkaart"),
            ("logboek", "/beheer/logboek"),
        ];
    }

    private static (string Name, string Path)[] WerkpleinPages() =>
    [
        ("werkplein_dashboard", $"/werkplein/{Werkplein}"),
        ("werkplein_vergelijking", $"/werkplein/{Werkplein}/vergelijking"),
        ("werkplein_rapport", $"/werkplein/{Werkplein}/rapport"),
        ("werkplein_opmerkingen", $"/werkplein/{Werkplein}/opmerkingen"),
        ("werkplein_landkaart", $"/werkplein/{Werkplein}/landkaart"),
        ("publiek_start", "/"),
        ("publiek_resultaten", "/resultaten"),
    ];

    public static async Task<int> RunAsync(string baseUrl, int concurrency, int passes)
    {
        var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var errors = new ConcurrentBag<string>();
        var adminSession = await SignInAsync(baseUrl, AdminEmail);
        var werkpleinSession = await SignInAsync(baseUrl, WerkpleinEmail);
        // One untimed pass over every page first (JIT, the caches of closed rounds), as on a server that has been up.
        foreach (var (session, pages) in new[] { (adminSession, AdminPages()), (werkpleinSession, WerkpleinPages()) })
        {
            using var client = SignedInClient(baseUrl, session);
            foreach (var (_, path) in pages)
            {
                using var warm = await client.GetAsync(path);
            }
        }

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(u => Task.Run(async () =>
        {
            var admin = u % 2 == 0;
            using var client = SignedInClient(baseUrl, admin ? adminSession : werkpleinSession);
            var pages = admin ? AdminPages() : WerkpleinPages();

            // Each user starts at another page, so that not all users ask for the same page at once.
            for (var n = 0; n < passes * pages.Length; n++)
            {
                var (name, path) = pages[(n + u / 2) % pages.Length];
                var request = Stopwatch.StartNew();
                using var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                var ms = request.Elapsed.TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK || body.Contains("name=\"wachtwoord\"", StringComparison.Ordinal)
                    || body.Contains("<title>Fout", StringComparison.Ordinal))
                {
                    // Not the page (a redirect to the sign-in form, an error): counted, not timed.
                    errors.Add($"{path}: {(int)response.StatusCode}");
                    continue;
                }

                latencies.GetOrAdd(name, _ => []).Add(ms);
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        var byPage = latencies.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p =>
        {
            var sorted = p.Value.Order().ToList();
            return new { N = sorted.Count, P50Ms = Math.Round(Bench.Percentile(sorted, 0.5), 1), P95Ms = Math.Round(Bench.Percentile(sorted, 0.95), 1) };
        });
        foreach (var error in errors.Distinct().Take(10))
        {
            Console.Error.WriteLine("error: " + error);
        }

        var slowest = byPage.MaxBy(p => p.Value.P95Ms);
        return Bench.Report(new
        {
            Users = concurrency,
            Requests = latencies.Values.Sum(b => b.Count),
            Errors = errors.Count,
            Seconds = Math.Round(seconds, 1),
            P95Ms = slowest.Value?.P95Ms,
            SlowestPage = slowest.Key,
            ByPage = byPage,
        });
    }

    /// <summary>
    /// Signs in once and returns the session cookie. The product's sign-in cookie is always Secure, which an HTTP
    /// client keeps off plain http, so the bench carries the cookies itself; and sign-ins are rate-limited per address,
    /// so every simulated user of a role shares the one session.
    /// </summary>
    private static async Task<string> SignInAsync(string baseUrl, string email)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        using var page = await client.GetAsync("/inloggen");
        var antiforgery = Cookies(page);
        var token = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/inloggen")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = email,
                ["wachtwoord"] = Password,
                ["returnUrl"] = "/",
                ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var response = await client.SendAsync(post);
        var session = Cookies(response);
        if (response.StatusCode != HttpStatusCode.Redirect || !session.Contains("klantmeting.auth=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing in as {email} failed ({(int)response.StatusCode}); run pages-setup on this database first.");
        }

        return session;
    }

    private static HttpClient SignedInClient(string baseUrl, string cookies)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("Cookie", cookies);
        return client;
    }

    /// <summary>The cookies a response sets, as a Cookie header value (name=value; ...).</summary>
    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';', 2)[0])
            : []);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
