namespace Klantmeting.Invitations;

/// <summary>Settings of section <c>Invitations</c>.</summary>
public sealed class InvitationOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Invitations";

    /// <summary>Invitations claimed and sent per batch (one SMTP connection per batch).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Messages the server accepted that are recorded as sent together, in one transaction (also at the end of every
    /// batch). One commit per group instead of one per message; the price: a worker killed between the server's
    /// acceptance and the commit sends at most this many messages of each running dispatch job again, after the lease.
    /// 1 records every message on its own.
    /// </summary>
    [Range(1, 1_000)]
    public int MarkSentGroupSize { get; set; } = 20;

    /// <summary>Send attempts before an invitation is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>After this many seconds a claim by a worker that vanished may be taken over.</summary>
    [Range(10, 86_400)]
    public int ClaimLeaseSeconds { get; set; } = 300;

    /// <summary>Cron (UTC) of the recurring dispatch job; seconds may be given as a sixth field.</summary>
    [Required]
    public string DispatchCron { get; set; } = "* * * * *";

    /// <summary>First retry delay in seconds; doubles per attempt, at most one hour.</summary>
    [Range(1, 3600)]
    public int RetryDelaySeconds { get; set; } = 60;

    /// <summary>
    /// Most messages (invitations and reminders together) one worker process sends per minute; 0 = no limit.
    /// The limit is per worker process: with two workers the total may be twice this.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxPerMinute { get; set; }

    /// <summary>Days on which mail goes out, comma-separated English day names (default Monday to Friday).</summary>
    [Required]
    public string SendingDays { get; set; } = "Monday,Tuesday,Wednesday,Thursday,Friday";

    /// <summary>Hours of the day in which mail goes out, <c>HH:mm-HH:mm</c> local time; <c>00:00-24:00</c> = all day.</summary>
    [Required]
    public string SendingHours { get; set; } = "08:00-20:00";

    /// <summary>Time zone of <see cref="SendingDays"/> and <see cref="SendingHours"/> (IANA id).</summary>
    [Required]
    public string SendingTimeZone { get; set; } = "Europe/Amsterdam";

    /// <summary>Keep addresses that opted out out of every later round (stored only as a hash).</summary>
    public bool SuppressOptedOutInFutureRounds { get; set; } = true;

    /// <summary>Checks that the sending days, hours and time zone can be parsed together.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? error = null;
        try
        {
            _ = SendingWindow.Parse(SendingDays, SendingHours, SendingTimeZone);
        }
        catch (FormatException ex)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult($"{Section}: {error}", [nameof(SendingDays), nameof(SendingHours), nameof(SendingTimeZone)]);
        }
    }
}
