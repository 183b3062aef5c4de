namespace Klantmeting.Paper;

/// <summary>
/// Limits the look-ups of unknown response codes per user (in this process): after <see cref="MaxFailures"/> unknown
/// codes within <see cref="Window"/> the data-entry page refuses further codes until the oldest failure is older than
/// the window. A mistyped code is already caught by its check character without a look-up and does not count, so
/// ordinary typing errors never block anybody; guessing codes of other participants does.
/// </summary>
public sealed class PaperCodeLimiter(TimeProvider clock)
{
    /// <summary>Unknown codes allowed per user within <see cref="Window"/>.</summary>
    public const int MaxFailures = 20;

    /// <summary>The period the failures are counted over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, Queue<DateTime>> _failures = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Whether <paramref name="actor"/> typed too many unknown codes recently.</summary>
    public bool IsBlocked(string actor)
    {
        lock (_gate)
        {
            return Recent(actor) is { Count: >= MaxFailures };
        }
    }

    /// <summary>Counts one unknown code of <paramref name="actor"/>.</summary>
    public void Fail(string actor)
    {
        lock (_gate)
        {
            if (Recent(actor) is not { } queue)
            {
                _failures[actor] = queue = new Queue<DateTime>();
            }

            queue.Enqueue(clock.GetUtcNow().UtcDateTime);
        }
    }

    /// <summary>The failures of the actor within the window (older ones dropped); null when none are kept.</summary>
    private Queue<DateTime>? Recent(string actor)
    {
        if (!_failures.TryGetValue(actor, out var queue))
        {
            return null;
        }

        var since = clock.GetUtcNow().UtcDateTime - Window;
        while (queue.Count > 0 && queue.Peek() <= since)
        {
            queue.Dequeue();
        }

        if (queue.Count == 0)
        {
            _failures.Remove(actor);
            return null;
        }

        return queue;
    }
}
