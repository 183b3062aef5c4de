using System.ComponentModel.DataAnnotations;

namespace Klantmeting.Invitations;

/// <summary>Settings of section <c>Invitations</c>.</summary>
public sealed class InvitationOptions
{
    public const string Section = "Invitations";

    /// <summary>Invitations claimed and sent per batch (one SMTP connection per batch).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

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
}
