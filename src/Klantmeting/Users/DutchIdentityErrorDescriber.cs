using Microsoft.AspNetCore.Identity;

namespace Klantmeting.Users;

/// <summary>Identity's messages in plain Dutch, for the sign-in pages and the CLI.</summary>
public sealed class DutchIdentityErrorDescriber : IdentityErrorDescriber
{
    /// <inheritdoc/>
    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = $"Er is al een gebruiker met het e-mailadres {email}." };

    /// <inheritdoc/>
    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = $"Er is al een gebruiker met het e-mailadres {userName}." };

    /// <inheritdoc/>
    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = $"'{email}' is geen geldig e-mailadres." };

    /// <inheritdoc/>
    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = $"'{userName}' is geen geldig e-mailadres." };

    /// <inheritdoc/>
    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = "Het huidige wachtwoord klopt niet." };

    /// <inheritdoc/>
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"Het wachtwoord moet minstens {length} tekens lang zijn." };

    /// <inheritdoc/>
    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = "Het wachtwoord moet een cijfer bevatten." };

    /// <inheritdoc/>
    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = "Het wachtwoord moet een kleine letter bevatten." };

    /// <inheritdoc/>
    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = "Het wachtwoord moet een hoofdletter bevatten." };

    /// <inheritdoc/>
    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "Het wachtwoord moet een leesteken of symbool bevatten (zoals ! of ?)." };

    /// <inheritdoc/>
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"Het wachtwoord moet minstens {uniqueChars} verschillende tekens bevatten." };
}
