using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Invitations;

namespace Klantmeting.Bench;

/// <summary>
/// Issue 7 §3: simulated respondents answering over HTTP as a browser does (GET the page, read the antiforgery field,
/// POST the step, follow the redirect), CONCURRENCY at a time, each with its own cookies and connection; then the
/// same client on a static endpoint of the same host with the same concurrency and number of requests.
/// </summary>
internal static partial class AnswerScenario
{
    /// <summary>
    /// Gives COUNT invitations of the round, spread over its participants, a personal link the bench knows (the
    /// links in the sent e-mails went to smtp-sink, which keeps nothing) and marks unsent ones as sent. Writes the
    /// links to OUT, one per line.
    /// </summary>
    public static int IssueTokens(string database, string roundName, int count, string outPath)
    {
        var watch = Stopwatch.StartNew();
        using var connection = RawDb.Open(database);
        var ids = new List<long>();
        using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT i.\"Id\" FROM \"Invitations\" i JOIN \"Rounds\" r ON r.\"Id\" = i.\"RoundId\" WHERE r.\"Name\" = @round ORDER BY i.\"Id\"";
            Add(query, "@round", roundName);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        if (ids.Count < count)
        {
            Console.Error.WriteLine($"Round '{roundName}' has {ids.Count} invitations, fewer than {count}.");
            return 1;
        }

        var now = DateTime.UtcNow;
        using var tx = connection.BeginTransaction();
        using var update = connection.CreateCommand();
        update.Transaction = tx;
        update.CommandText = "UPDATE \"Invitations\" SET \"State\" = CASE WHEN \"State\" IN (0, 1) THEN 2 ELSE \"State\" END, \"SentAt\" = COALESCE(\"SentAt\", @now), \"ClaimId\" = NULL WHERE \"Id\" = @id";
        var id = Add(update, "@id", 0L);
        Add(update, "@now", now);
        // The answer link's hash, exactly as the dispatcher stores it (table InvitationTokens, purpose 0 = answer).
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO \"InvitationTokens\" (\"Hash\", \"InvitationId\", \"Purpose\", \"CreatedAt\") VALUES (@hash, @id, 0, @now)";
        var hash = Add(insert, "@hash", Array.Empty<byte>());
        var tokenOf = Add(insert, "@id", 0L);
        Add(insert, "@now", now);
        using var output = new StreamWriter(outPath);
        var step = (double)ids.Count / count;
        for (var n = 0; n < count; n++)
        {
            var token = InvitationToken.Generate();
            id.Value = tokenOf.Value = ids[(int)(n * step)];
            update.ExecuteNonQuery();
            hash.Value = InvitationToken.Hash(token);
            insert.ExecuteNonQuery();
            output.WriteLine(token);
        }

        tx.Commit();
        return Bench.Report(new { Tokens = count, Seconds = Math.Round(watch.Elapsed.TotalSeconds, 3) });
    }

    private static System.Data.Common.DbParameter Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <param name="thinkMs">
    /// Pause of a respondent on each page before posting it (reading and choosing). 0 = none: a closed loop, each
    /// respondent posts the moment the page arrives, which measures capacity (by Little's law the latency is then
    /// concurrency / throughput). A real respondent needs many seconds per page.
    /// </param>
    public static async Task<int> RunAsync(string baseUrl, string tokensPath, int concurrency, string? staticPath, int thinkMs = 0)
    {
        var tokens = new ConcurrentQueue<string>(File.ReadAllLines(tokensPath).Where(t => t.Length > 0));
        var respondents = tokens.Count;
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentBag<string>();
        var completed = 0;
        var cpu = Bench.CpuMs();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var random = new Random();
            while (tokens.TryDequeue(out var token))
            {
                try
                {
                    if (await AnswerAsync(baseUrl, token, random, latencies, thinkMs))
                    {
                        Interlocked.Increment(ref completed);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    errors.Add(e.Message);
                }
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuS = (Bench.CpuMs() - cpu) / 1000;
        var sorted = latencies.Order().ToList();
        foreach (var message in errors.GroupBy(e => e).Take(5))
        {
            Console.Error.WriteLine($"error ({message.Count()}x): {message.Key}");
        }

        double? staticRps = null, staticP95 = null;
        if (staticPath is not null)
        {
            (staticRps, staticP95) = await StaticAsync(baseUrl + staticPath, concurrency, sorted.Count);
        }

        var rps = sorted.Count / seconds;
        return Bench.Report(new
        {
            Respondents = respondents,
            Completed = completed,
            Concurrency = concurrency,
            ThinkMs = thinkMs,
            Requests = sorted.Count,
            Seconds = Math.Round(seconds, 3),
            Rps = Math.Round(rps),
            P50Ms = Math.Round(Bench.Percentile(sorted, 0.50), 1),
            P95Ms = Math.Round(Bench.Percentile(sorted, 0.95), 1),
            P99Ms = Math.Round(Bench.Percentile(sorted, 0.99), 1),
            Errors = respondents - completed,
            ClientCpuS = Math.Round(cpuS, 2),
            StaticRps = staticRps is null ? (double?)null : Math.Round(staticRps.Value),
            StaticP95Ms = staticP95 is null ? (double?)null : Math.Round(staticP95.Value, 1),
            RatioToStatic = staticRps is null ? (double?)null : Math.Round(rps / staticRps.Value, 3),
        });
    }

    /// <summary>One respondent from the link to the thank-you page. False when the server answered something unexpected.</summary>
    private static async Task<bool> AnswerAsync(string baseUrl, string token, Random random, ConcurrentBag<double> latencies, int thinkMs)
    {
        using var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var url = "/v/" + token;

        async Task<string?> GetAsync()
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            return response.StatusCode == HttpStatusCode.OK ? html : Fail($"GET {response.StatusCode}");
        }

        var page = await GetAsync();
        for (var guard = 0; page is not null && guard < 20; guard++)
        {
            var antiforgery = AntiforgeryField().Match(page);
            var stepField = StepField().Match(page);
            if (!antiforgery.Success || !stepField.Success)
            {
                return Fail("page without form") is not null;
            }

            var form = new List<KeyValuePair<string, string>>
            {
                new("__RequestVerificationToken", WebUtility.HtmlDecode(antiforgery.Groups[1].Value)),
                new("stap", stepField.Groups[1].Value),
            };
            var submit = page.Contains("value=\"verzenden\"", StringComparison.Ordinal);
            if (submit)
            {
                form.Add(new("actie", "verzenden"));
            }
            else
            {
                form.Add(new("actie", "volgende"));
                if (page.Contains("name=\"totaaloordeel\"", StringComparison.Ordinal))
                {
                    form.Add(new("totaaloordeel", random.Next(4, 11).ToString(CultureInfo.InvariantCulture)));
                    form.Add(new("toelichting", random.Next(8) == 0 ? "Prima geholpen, één keer moest ik lang wachten." : ""));
                }

                foreach (var item in StatementFields().Matches(page).Select(m => m.Groups[1].Value).Distinct())
                {
                    form.Add(new($"antwoord[{item}]", (random.Next(20) == 0 ? 0 : random.Next(2, 6)).ToString(CultureInfo.InvariantCulture)));
                }
            }

            if (thinkMs > 0)
            {
                await Task.Delay(thinkMs);
            }

            var start = Stopwatch.GetTimestamp();
            using var post = await client.PostAsync(url, new FormUrlEncodedContent(form));
            await post.Content.ReadAsStringAsync();
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (post.StatusCode != HttpStatusCode.Redirect && post.StatusCode != HttpStatusCode.Found)
            {
                return Fail($"POST {(int)post.StatusCode}") is not null;
            }

            page = await GetAsync();
            if (submit)
            {
                return page is not null && (page.Contains("Bedankt voor het invullen", StringComparison.Ordinal) || Fail("no thank-you page") is not null);
            }
        }

        return false;
    }

    private static string? Fail(string what) => throw new InvalidOperationException(what);

    /// <summary>GETs of a static endpoint: same client, same concurrency, the same number of requests.</summary>
    private static async Task<(double Rps, double P95)> StaticAsync(string url, int concurrency, int requests)
    {
        var latencies = new ConcurrentBag<double>();
        var left = requests;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            using var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
            while (Interlocked.Decrement(ref left) >= 0)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(url);
                await response.Content.ReadAsStringAsync();
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        return (latencies.Count / seconds, Bench.Percentile(latencies.Order().ToList(), 0.95));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"stap\" value=\"(\\d+)\"")]
    private static partial Regex StepField();

    [GeneratedRegex("name=\"antwoord\\[([^\\]]+)\\]\"")]
    private static partial Regex StatementFields();
}
