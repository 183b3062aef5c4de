using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace Klantmeting.Users;

/// <summary>
/// Refuses guessable passwords as NIST SP 800-63B (5.1.1.2) advises instead of composition rules: a password on the
/// list of common passwords (<c>common-passwords.txt</c>), a word of this product or organisation, the user's own
/// e-mail name, each also with digits and symbols around it (<c>Password123!</c>, <c>Klantmeting2026!</c>), and
/// repetitive passwords with fewer than <see cref="MinimumDistinctCharacters"/> different characters.
/// </summary>
public sealed class CommonPasswordValidator(IdentityErrorDescriber describer) : IPasswordValidator<User>
{
    /// <summary>Different characters (ignoring case) a password needs at least: refuses <c>Aaaaaaaaaaa1!</c>.</summary>
    public const int MinimumDistinctCharacters = 6;

    /// <summary>Words people take from their surroundings: the product, the organisations, and common Dutch ones.</summary>
    public static readonly IReadOnlyList<string> ProductWords =
    [
        "klantmeting", "klantmetingen", "werkplein", "werkpleinen", "werkzoekende", "werkzoekenden", "werkgever", "werkgevers",
        "uwv", "cwi", "vng", "divosa", "ako", "gemeente", "werkbedrijf", "werk", "wachtwoord", "welkom", "geheim",
        "beheerder", "admin", "inloggen", "voorjaar", "zomer", "herfst", "winter",
    ];

    private static readonly FrozenSet<string> ProductWordSet = ProductWords.ToFrozenSet(StringComparer.Ordinal);

    // Loaded at the first password check (about 50,000 entries, 2 MB), not at start-up.
    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    /// <summary>The shipped list of common passwords (lower case).</summary>
    public static IReadOnlySet<string> CommonPasswords => List.Value;

    /// <inheritdoc/>
    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var errors = new List<IdentityError>();
        if (IsCommon(password, user.Email ?? user.UserName))
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "Dit wachtwoord is te makkelijk te raden: het staat op een lijst van veelgebruikte wachtwoorden of lijkt op "
                    + "uw e-mailadres of op de naam van deze dienst. Kies een langere zin of een reeks woorden die niet bij elkaar horen.",
            });
        }

        if (password.ToLowerInvariant().Distinct().Count() < MinimumDistinctCharacters)
        {
            errors.Add(describer.PasswordRequiresUniqueChars(MinimumDistinctCharacters));
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    /// <summary>
    /// True when the password, ignoring case and any digits and symbols at its start or end, is a common password, a
    /// product word or the name part of <paramref name="email"/>.
    /// </summary>
    public static bool IsCommon(string password, string? email)
    {
        var lower = password.ToLowerInvariant();
        var core = lower.Trim().TrimStart(NotLetter).TrimEnd(NotLetter);
        if (IsBlocked(lower) || (core.Length > 0 && IsBlocked(core)))
        {
            return true;
        }

        var local = email?.Split('@')[0].ToLowerInvariant() ?? "";
        if (local.Length == 0 || core.Length == 0)
        {
            return false;
        }

        // "jan.de.vries" also as "jandevries", and each of its parts of four letters or more ("vries2026!").
        var letters = new string([.. local.Where(char.IsLetter)]);
        return core == local || core == letters || (letters.Length > 0 && new string([.. core.Where(char.IsLetter)]) == letters)
            || local.Split('.', '-', '_', '+').Any(part => part.Length >= 4 && core == part);
    }

    private static bool IsBlocked(string word) => List.Value.Contains(word) || ProductWordSet.Contains(word);

    private static readonly char[] NotLetter = [.. Enumerable.Range(0x20, 0x7F - 0x20).Select(i => (char)i).Where(c => !char.IsLetter(c))];

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Klantmeting.Users.common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords (Users/common-passwords.txt) is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line.ToLowerInvariant());
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
