namespace Klantmeting.EndToEnd.Infrastructure;

/// <summary>A clock the test moves by hand, given to the app under test with <see cref="KestrelAppFactory.WithClock"/>.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
