using Hangfire;
using Hangfire.Storage;

namespace Klantmeting.Tests.Infrastructure;

/// <summary>
/// The one place where tests of both projects wait: for a condition, polled, with a bounded timeout that names what
/// was awaited. Tests never wait a fixed time; a claim that nothing happens is made by running the job directly.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan _poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>; the message says what was awaited.</exception>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s: {what}");
            }

            await Task.Delay(_poll);
        }
    }

    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, TimeSpan, string)"/>
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>For synchronous set-up code (starting a test server): as <see cref="TrueAsync(Func{bool}, TimeSpan, string)"/>.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>.</exception>
    public static void True(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s: {what}");
            }

            Thread.Sleep(_poll);
        }
    }

    /// <summary>
    /// Reads <paramref name="read"/> until <paramref name="done"/> holds or <paramref name="timeout"/> passes and
    /// returns the last value read, for the test to assert on (so a timeout fails with the test's own assertion).
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(_poll);
        }
    }

    /// <summary>
    /// Waits until Hangfire has run the recurring job <paramref name="jobId"/> to success <paramref name="runs"/>
    /// more times. A run that was already triggered when this is called is not counted, so every counted run started
    /// after the caller's last change (and read the clock after it).
    /// </summary>
    /// <exception cref="TimeoutException">Fewer runs succeeded within <paramref name="timeout"/>.</exception>
    public static async Task RecurringRunsAsync(JobStorage storage, string jobId, int runs, TimeSpan timeout)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var start = LastRun(storage, jobId);
        await TrueAsync(() =>
        {
            var (id, state) = LastRun(storage, jobId);
            if (id is not null && id != start.Id && state == "Succeeded")
            {
                seen.Add(id);
            }

            return seen.Count >= runs;
        }, timeout, $"{runs} successful runs of the recurring job {jobId}");
    }

    private static (string? Id, string? State) LastRun(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        var job = connection.GetRecurringJobs([jobId]).SingleOrDefault();
        if (job?.LastJobId is null)
        {
            return (null, null);
        }

        // The recurring job's own LastJobState is written when the job is created; the job's state is current.
        return (job.LastJobId, connection.GetJobData(job.LastJobId)?.State);
    }
}
