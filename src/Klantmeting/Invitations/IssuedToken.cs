namespace Klantmeting.Invitations;

/// <summary>
/// The SHA-256 hash of one link token that was mailed (table <c>InvitationTokens</c>). Every e-mail gets fresh
/// tokens, and every link ever sent keeps working, so a reminder never breaks the link in the invitation.
/// </summary>
public class IssuedToken
{
    /// <summary>SHA-256 of the token (<see cref="InvitationToken.Hash"/>); unique.</summary>
    public required byte[] Hash { get; set; }

    /// <summary>The invitation the link belongs to.</summary>
    public long InvitationId { get; set; }

    /// <summary>Whether the link answers the questionnaire or opts out.</summary>
    public TokenPurpose Purpose { get; set; }

    /// <summary>When the token was mailed (UTC).</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>What a link token opens.</summary>
public enum TokenPurpose
{
    /// <summary>The questionnaire, <c>/v/{token}</c>.</summary>
    Answer = 0,

    /// <summary>The opt-out page and one-click opt-out, <c>/afmelden/{token}</c>.</summary>
    OptOut = 1,

    /// <summary>
    /// The response code printed on a paper questionnaire (<c>Paper.ResponseCode</c>), typed in on the data-entry
    /// page; it opens no page by itself.
    /// </summary>
    Paper = 2,
}

/// <summary>
/// An e-mail address that opted out, kept out of future rounds (when <c>Invitations:SuppressOptedOutInFutureRounds</c>
/// is on). Only the SHA-256 hash of the normalised address is stored.
/// </summary>
public class SuppressedAddress
{
    /// <summary>Lower-case hex SHA-256 of the normalised address (<see cref="HashOf"/>); 64 characters.</summary>
    public required string Hash { get; set; }

    /// <summary>When the address opted out (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The hash stored for an address: SHA-256 of the trimmed, lower-case address.</summary>
    public static string HashOf(string email) => Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
}
