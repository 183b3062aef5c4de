namespace Klantmeting.Invitations;

/// <summary>
/// The days and hours (local time in one time zone, default Europe/Amsterdam) in which invitations and reminders
/// may go out; what falls outside waits for the next opening. Daylight-saving changes follow the time zone.
/// </summary>
public sealed class SendingWindow
{
    private readonly HashSet<DayOfWeek> _days;
    private readonly TimeSpan _from;
    private readonly TimeSpan _to;

    private SendingWindow(HashSet<DayOfWeek> days, TimeSpan from, TimeSpan to, TimeZoneInfo zone)
    {
        _days = days;
        _from = from;
        _to = to;
        Zone = zone;
    }

    /// <summary>Time zone of the sending hours.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Reads the settings.</summary>
    /// <exception cref="FormatException">A day name, the hours or the time zone is wrong; the message says which.</exception>
    public static SendingWindow Parse(string days, string hours, string timeZone)
    {
        var set = new HashSet<DayOfWeek>();
        foreach (var name in days.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse<DayOfWeek>(name, ignoreCase: true, out var day) || !Enum.IsDefined(day) || int.TryParse(name, out _))
            {
                throw new FormatException($"SendingDays: '{name}' is not a day; use English day names, e.g. Monday,Tuesday,Wednesday,Thursday,Friday.");
            }

            set.Add(day);
        }

        if (set.Count == 0)
        {
            throw new FormatException("SendingDays: give at least one day, e.g. Monday,Tuesday,Wednesday,Thursday,Friday.");
        }

        var parts = hours.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || ParseTime(parts[0]) is not { } from || ParseTime(parts[1]) is not { } to || to <= from)
        {
            throw new FormatException($"SendingHours: '{hours}' is not a range HH:mm-HH:mm with the end after the start, e.g. 08:00-20:00 (00:00-24:00 = all day).");
        }

        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"SendingTimeZone: unknown time zone '{timeZone}' (install tzdata; e.g. Europe/Amsterdam).");
        }

        return new SendingWindow(set, from, to, zone);
    }

    /// <summary>The window of the settings.</summary>
    public static SendingWindow From(InvitationOptions o) => Parse(o.SendingDays, o.SendingHours, o.SendingTimeZone);

    /// <summary>True when mail may go out at <paramref name="utc"/>.</summary>
    public bool IsOpen(DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, Zone);
        return _days.Contains(local.DayOfWeek) && local.TimeOfDay >= _from && local.TimeOfDay < _to;
    }

    private static TimeSpan? ParseTime(string text)
    {
        if (text == "24:00")
        {
            return TimeSpan.FromHours(24);
        }

        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.ToTimeSpan()
            : null;
    }
}

/// <summary>
/// Counts messages sent by this process in the last minute, for <see cref="InvitationOptions.MaxPerMinute"/>.
/// One per process (singleton), shared by the concurrent jobs of that process: the limit is per worker process.
/// </summary>
public sealed class SendRateLimiter(TimeProvider clock)
{
    private readonly List<DateTimeOffset> _sent = [];
    private readonly Lock _lock = new();

    /// <summary>
    /// Reserves up to <paramref name="wanted"/> sends under <paramref name="maxPerMinute"/> (0 = unlimited) and
    /// returns how many may go out now; give back what was not used with <see cref="Return"/>.
    /// </summary>
    public int Reserve(int maxPerMinute, int wanted)
    {
        if (maxPerMinute <= 0)
        {
            return wanted;
        }

        lock (_lock)
        {
            var cut = clock.GetUtcNow().AddMinutes(-1);
            _sent.RemoveAll(t => t <= cut);
            var granted = Math.Clamp(maxPerMinute - _sent.Count, 0, wanted);
            var now = clock.GetUtcNow();
            for (var n = 0; n < granted; n++)
            {
                _sent.Add(now);
            }

            return granted;
        }
    }

    /// <summary>Gives back <paramref name="unused"/> reserved sends that did not happen.</summary>
    public void Return(int maxPerMinute, int unused)
    {
        if (maxPerMinute <= 0 || unused <= 0)
        {
            return;
        }

        lock (_lock)
        {
            _sent.RemoveRange(Math.Max(0, _sent.Count - unused), Math.Min(unused, _sent.Count));
        }
    }
}
