using System.Security.Cryptography;
using MimeKit;

namespace Klantmeting.Infrastructure.Email;

/// <summary>
/// VERP: every invitation message gets its own SMTP envelope sender (return path)
/// <c>bounce+{invitation id}-{tag}@{Mail:BounceDomain}</c>, so a bounce report names the invitation it is about.
/// The tag is the first 80 bits of an HMAC-SHA256 of the id under <c>Mail:BounceSecret</c>: ids are sequential, and
/// without the tag anyone could mail a forged report for <c>bounce+123@...</c> and mark a person bounced.
/// </summary>
public sealed class ReturnPaths
{
    /// <summary>Header, set by the sender of a message, that names its invitation; the delivery layer derives the return path from it.</summary>
    public const string InvitationHeader = "X-Klantmeting-Invitation";

    private const string Prefix = "bounce+";
    private const int TagBytes = 10;

    private readonly string? _domain;
    private readonly byte[] _key;

    /// <summary>Return paths under the configured bounce domain and secret.</summary>
    public ReturnPaths(IOptions<MailOptions> options)
        : this(options.Value.BounceDomain, options.Value.BounceSecret)
    {
    }

    /// <summary>Return paths for <paramref name="domain"/> (null or empty: VERP off) signed with <paramref name="secret"/>.</summary>
    public ReturnPaths(string? domain, string? secret)
    {
        _domain = string.IsNullOrWhiteSpace(domain) ? null : domain.Trim().ToLowerInvariant();
        _key = Encoding.UTF8.GetBytes(secret ?? "");
    }

    /// <summary>False when <c>Mail:BounceDomain</c> is not set: messages keep the From address as envelope sender and bounces cannot be matched.</summary>
    public bool Enabled => _domain is not null;

    /// <summary>The return path of one invitation, or null when VERP is off.</summary>
    public MailboxAddress? For(long invitationId)
    {
        if (_domain is null)
        {
            return null;
        }

        var id = invitationId.ToString(CultureInfo.InvariantCulture);
        return new MailboxAddress("", $"{Prefix}{id}-{Tag(id)}@{_domain}");
    }

    /// <summary>The return path of <paramref name="message"/> from its <see cref="InvitationHeader"/>, or null (VERP off, or not an invitation).</summary>
    public MailboxAddress? For(MimeMessage message) =>
        long.TryParse(message.Headers[InvitationHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? For(id)
            : null;

    /// <summary>Reads a return path back. Case-insensitive, as some mail servers change the case of addresses.</summary>
    public ReturnPathMatch Match(string? address)
    {
        if (_domain is null || string.IsNullOrWhiteSpace(address))
        {
            return ReturnPathMatch.NotOurs;
        }

        var text = address.Trim().Trim('<', '>').Trim();
        var at = text.LastIndexOf('@');
        if (at <= 0 || !string.Equals(text[(at + 1)..], _domain, StringComparison.OrdinalIgnoreCase)
            || !text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return ReturnPathMatch.NotOurs;
        }

        var local = text[Prefix.Length..at];
        var dash = local.LastIndexOf('-');
        if (dash <= 0
            || !long.TryParse(local[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var invitationId)
            || invitationId <= 0)
        {
            return ReturnPathMatch.Tampered;
        }

        var expected = Encoding.ASCII.GetBytes(Tag(invitationId.ToString(CultureInfo.InvariantCulture)));
        var given = Encoding.ASCII.GetBytes(local[(dash + 1)..].ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given)
            ? ReturnPathMatch.For(invitationId)
            : ReturnPathMatch.Tampered;
    }

    private string Tag(string id)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes("klantmeting-bounce:" + id));
        return Convert.ToHexStringLower(mac.AsSpan(0, TagBytes));
    }
}

/// <summary>What an address says about an invitation: not a return path of ours, a forged or damaged one, or a valid one.</summary>
public readonly record struct ReturnPathMatch(ReturnPathKind Kind, long InvitationId)
{
    /// <summary>The address is not a return path of ours.</summary>
    public static ReturnPathMatch NotOurs => new(ReturnPathKind.NotOurs, 0);

    /// <summary>Looks like our return path, but is forged or damaged (the tag does not match).</summary>
    public static ReturnPathMatch Tampered => new(ReturnPathKind.Tampered, 0);

    /// <summary>A valid return path of invitation <paramref name="invitationId"/>.</summary>
    public static ReturnPathMatch For(long invitationId) => new(ReturnPathKind.Valid, invitationId);
}

/// <summary>Kind of <see cref="ReturnPathMatch"/>.</summary>
public enum ReturnPathKind
{
    /// <summary>Not a return path of ours.</summary>
    NotOurs,
    /// <summary>Forged or damaged: the tag does not match.</summary>
    Tampered,
    /// <summary>A valid return path; the invitation id is known.</summary>
    Valid,
}
