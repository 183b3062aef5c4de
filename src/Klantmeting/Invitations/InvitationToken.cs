using System.Buffers.Text;
using System.Security.Cryptography;

namespace Klantmeting.Invitations;

/// <summary>Personal link tokens: 256 random bits, URL-safe; only their SHA-256 hash is ever stored.</summary>
public static class InvitationToken
{
    /// <summary>Length of a token in characters (base64url of 32 bytes).</summary>
    public const int Length = 43;

    /// <summary>A new random token (256 bits, base64url) for a link.</summary>
    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The hash stored in <see cref="IssuedToken.Hash"/>.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));

    /// <summary>True when the text has the shape of a token; anything else is rejected before a database look-up.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
