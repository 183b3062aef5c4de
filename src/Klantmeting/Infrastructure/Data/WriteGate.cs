using System.Collections.Concurrent;

namespace Klantmeting.Infrastructure.Data;

/// <summary>
/// Serialises the writers of one embedded database in this process; a no-op for server databases. Features call
/// it without knowing the provider. For SQLite it lets the writers of one file in this process wait their turn asynchronously. SQLite has one writer at a
/// time, and Microsoft.Data.Sqlite waits for a busy file by sleeping 150 ms between retries on a blocked thread: with
/// 200 respondents saving at once (bench/run.sh) writers queued in 150 ms steps, starved the thread pool and failed
/// with "database is locked" after the 30 s command timeout. Other providers pass straight through; other processes
/// (the CLI) still meet the usual busy retry.
/// </summary>
public static class WriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>Waits until no other writer of this process holds the file; dispose the result to let the next one in.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> fired while waiting.</exception>
    public static async Task<IDisposable> EnterAsync(DbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return Passed.Instance;
        }

        var gate = _gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Held(gate);
    }

    private sealed class Passed : IDisposable
    {
        public static readonly Passed Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
