using System.Security.Cryptography;
using Klantmeting.Invitations;

namespace Klantmeting.Paper;

/// <summary>
/// The response code on a printed questionnaire, typed in by whoever enters the answers: nine random characters and
/// one check character from an alphabet of 31 without the look-alikes 0/O and 1/I/L, shown in groups
/// (<c>K7QM-4XRT-9B</c>). About 44 random bits; only the SHA-256 hash is stored (<see cref="InvitationToken.Hash"/>,
/// as the link tokens), so a database copy holds no usable code.
/// </summary>
/// <remarks>
/// The check character makes the weighted sum of all ten characters (weights 1-10, character values 0-30) a multiple
/// of 31. Because 31 is prime and every weight and every difference of two adjacent weights is non-zero modulo 31,
/// every single wrong character and every swap of two neighbouring characters is caught.
/// </remarks>
public static class ResponseCode
{
    /// <summary>The characters of a code: digits 2-9 and the letters without I, L and O.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>Random characters in a code.</summary>
    public const int RandomLength = 9;

    /// <summary>Characters in a code without dashes (the random ones and the check character).</summary>
    public const int Length = RandomLength + 1;

    /// <summary>A new random code, grouped with dashes.</summary>
    public static string Generate()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < RandomLength; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        chars[RandomLength] = CheckCharacter(chars[..RandomLength]);
        return Format(new string(chars));
    }

    /// <summary>The check character of <paramref name="random"/> (the characters before it, already valid).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> random)
    {
        var sum = 0;
        for (var i = 0; i < random.Length; i++)
        {
            sum += (i + 1) * Alphabet.IndexOf(random[i], StringComparison.Ordinal);
        }

        // (sum + weight * check) % 31 == 0
        var weight = random.Length + 1;
        for (var value = 0; value < Alphabet.Length; value++)
        {
            if ((sum + weight * value) % Alphabet.Length == 0)
            {
                return Alphabet[value];
            }
        }

        throw new InvalidOperationException("No check character (the alphabet length must be prime).");
    }

    /// <summary>The code as printed: groups of four, four and two characters.</summary>
    public static string Format(string normalized) =>
        normalized.Length == Length ? $"{normalized[..4]}-{normalized[4..8]}-{normalized[8..]}" : normalized;

    /// <summary>
    /// Checks what someone typed: spaces and dashes are ignored and lower case is read as upper case. Returns the
    /// plain code (ten characters, no dashes) when it is valid, else null with <paramref name="error"/> in Dutch.
    /// </summary>
    public static string? Normalize(string? typed, out string? error)
    {
        var plain = new string((typed ?? "").Where(c => c is not (' ' or '-' or '\t')).Select(char.ToUpperInvariant).ToArray());
        error = null;
        if (plain.Length == 0)
        {
            error = "Vul de antwoordcode in. U vindt die rechtsboven op de vragenlijst.";
            return null;
        }

        var wrong = plain.Where(c => !Alphabet.Contains(c, StringComparison.Ordinal)).Distinct().ToList();
        if (wrong.Count > 0)
        {
            var hint = wrong.Any(c => c is '0' or 'O' or '1' or 'I' or 'L')
                ? " De letters O, I en L en de cijfers 0 en 1 komen in een code niet voor: kijk nog eens goed op het papier."
                : "";
            error = $"De antwoordcode bevat een teken dat er niet in kan staan: {string.Join(", ", wrong.Select(c => $"'{c}'"))}.{hint}";
            return null;
        }

        if (plain.Length != Length)
        {
            error = $"De antwoordcode heeft {Length} tekens (zoals K7QM-4XRT-9B); u typte er {plain.Length}.";
            return null;
        }

        if (CheckCharacter(plain.AsSpan(0, RandomLength)) != plain[RandomLength])
        {
            error = "De antwoordcode klopt niet: het controleteken (het laatste teken) past niet bij de andere tekens. "
                + "Waarschijnlijk is er een teken verkeerd overgetypt of zijn twee tekens omgewisseld.";
            return null;
        }

        return plain;
    }

    /// <summary>The stored hash of a plain code (<see cref="Normalize"/>), the same SHA-256 as the link tokens.</summary>
    public static byte[] Hash(string plain) => InvitationToken.Hash(plain);
}
