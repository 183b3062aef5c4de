using Klantmeting.Infrastructure.Email;
using MailKit.Security;

namespace Klantmeting.Bounces;

/// <summary>Settings of section <c>Bounces</c>.</summary>
public sealed class BounceOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Bounces";

    /// <summary>The bounce mailbox; reading it is off while <see cref="ImapOptions.Host"/> is empty.</summary>
    public ImapOptions Imap { get; set; } = new();

    /// <summary>Cron (UTC) of the recurring job that reads the bounce mailbox; seconds may be given as a sixth field.</summary>
    [Required]
    public string Cron { get; set; } = "*/5 * * * *";

    /// <summary>Reports handled per run at most (the rest waits for the next run).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How often an invitation whose delivery failed temporarily (4.x.x) is sent again.</summary>
    [Range(0, 10)]
    public int SoftBounceRetries { get; set; } = 1;

    /// <summary>Minutes before an invitation that bounced softly is sent again.</summary>
    [Range(1, 10_080)]
    public int SoftBounceRetryMinutes { get; set; } = 240;

    /// <summary>Whether the bounce mailbox is read at all: only when an IMAP host is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Imap.Host);

    /// <summary>Checks the IMAP settings only when reading is on, so an unused mailbox needs no settings.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Imap, new ValidationContext(Imap), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return new ValidationResult("Bounces:Imap: " + result.ErrorMessage,
                result.MemberNames.Select(m => "Imap." + m));
        }
    }
}

/// <summary>Settings of section <c>Bounces:Imap</c>: the mailbox that receives the reports sent to the return paths.</summary>
public sealed class ImapOptions
{
    /// <summary>IMAP server name; empty turns bounce reading off.</summary>
    public string Host { get; set; } = "";

    /// <summary>IMAP port (993 for IMAPS).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 993;

    /// <summary>None, StartTls or SslOnConnect (default). Certificates are always checked.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.SslOnConnect;

    /// <summary>IMAP login name.</summary>
    [Required]
    public string UserName { get; set; } = "";

    /// <summary>IMAP password; keep it out of the settings file (environment or secret store).</summary>
    public string? Password { get; set; }

    /// <summary>Folder the reports arrive in.</summary>
    [Required]
    public string Folder { get; set; } = "INBOX";

    /// <summary>Handled reports are flagged and moved here; <c>/</c> separates levels.</summary>
    [Required]
    public string ProcessedFolder { get; set; } = "Klantmeting/Verwerkt";

    /// <summary>Reports that could not be matched are moved here, for a person to look at.</summary>
    [Required]
    public string UnmatchedFolder { get; set; } = "Klantmeting/Onbekend";

    /// <summary>Seconds before a silent IMAP server is given up on.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    internal SecureSocketOptions SocketOptions => Security.ToSocketOptions(otherwise: SecureSocketOptions.SslOnConnect);
}
