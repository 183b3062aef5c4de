using MailKit.Security;

namespace Klantmeting.Infrastructure.Email;

/// <summary>How e-mail leaves the application (<c>Mail:Delivery</c>).</summary>
public enum MailDeliveryKind
{
    /// <summary>Write .eml files to <c>Mail:OutboxPath</c> (embedded default; shown on /dev/outbox).</summary>
    Outbox,

    /// <summary>Send through the SMTP server in section <c>Smtp</c>.</summary>
    Smtp,
}

/// <summary>Settings of section <c>Mail</c>.</summary>
public sealed class MailOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Mail";

    /// <summary>Whether mail is written to the outbox folder or sent by SMTP.</summary>
    public MailDeliveryKind Delivery { get; set; } = MailDeliveryKind.Outbox;

    /// <summary>Folder for .eml files when <see cref="Delivery"/> is Outbox; default <c>data/outbox</c>.</summary>
    public string? OutboxPath { get; set; }

    /// <summary>Sender address, optionally with a display name: <c>Klantmeting &lt;noreply@example.nl&gt;</c>.</summary>
    [Required]
    [MinLength(3)]
    public string From { get; set; } = "Klantmeting <noreply@klantmeting.example>";

    /// <summary>
    /// Domain of the per-message return paths (VERP, <c>bounce+{id}-{tag}@BounceDomain</c>); its mail must reach the
    /// bounce mailbox (section <c>Bounces:Imap</c>). Empty: no VERP, bounces cannot be matched to invitations.
    /// </summary>
    public string? BounceDomain { get; set; }

    /// <summary>Key of the tag in each return path, so bounce reports cannot be forged; at least 32 characters when <see cref="BounceDomain"/> is set.</summary>
    public string? BounceSecret { get; set; }

    /// <summary>Requires a valid domain and a long enough secret once VERP return paths are turned on.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(BounceDomain))
        {
            yield break;
        }

        if (BounceDomain.Contains('@', StringComparison.Ordinal) || Uri.CheckHostName(BounceDomain.Trim()) != UriHostNameType.Dns)
        {
            yield return new ValidationResult($"Mail:BounceDomain '{BounceDomain}' is not a domain name (e.g. bounces.klantmeting.example.nl).",
                [nameof(BounceDomain)]);
        }

        if (string.IsNullOrEmpty(BounceSecret) || BounceSecret.Length < 32)
        {
            yield return new ValidationResult(
                "Mail:BounceSecret must be at least 32 characters when Mail:BounceDomain is set (it signs the return paths so bounce reports cannot be forged).",
                [nameof(BounceSecret)]);
        }
    }

    /// <summary>Absolute outbox folder: <see cref="OutboxPath"/>, or <c>outbox</c> in the local data folder.</summary>
    public string ResolvedOutboxPath => string.IsNullOrWhiteSpace(OutboxPath)
        ? Path.Combine(LocalData.Root, "outbox")
        : Path.GetFullPath(OutboxPath);
}

/// <summary>TLS mode for the SMTP connection (<c>Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection (only for a local test server).</summary>
    None,
    /// <summary>Upgrade to TLS after connecting (port 587 or 25).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465, 993).</summary>
    SslOnConnect,
}

/// <summary>From the setting to MailKit's connection option (SMTP and IMAP).</summary>
internal static class SmtpSecurityExtensions
{
    /// <summary>The option of the same name; a number that names no mode (settings bind numbers too) gives <paramref name="otherwise"/>.</summary>
    public static SecureSocketOptions ToSocketOptions(this SmtpSecurity security, SecureSocketOptions otherwise) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => otherwise,
    };
}

/// <summary>Settings of section <c>Smtp</c>.</summary>
public sealed class SmtpOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Smtp";

    /// <summary>SMTP server name.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>SMTP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>TLS mode; certificates are always checked.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>SMTP login name; empty for a server that needs no authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>SMTP password; keep it out of the settings file (environment or secret store).</summary>
    public string? Password { get; set; }

    /// <summary>Seconds before a silent SMTP server is given up on.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    internal SecureSocketOptions SocketOptions => Security.ToSocketOptions(otherwise: SecureSocketOptions.StartTls);
}

/// <summary>Settings of section <c>App</c>.</summary>
public sealed class AppOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "App";

    /// <summary>Base of every link in an e-mail, e.g. <c>https://klantmeting.example.nl</c>.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Absolute link to <paramref name="path"/> under <see cref="PublicBaseUrl"/>, for e-mails.</summary>
    public string Link(string path) => PublicBaseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
}
