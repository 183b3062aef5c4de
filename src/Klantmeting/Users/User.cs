using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Identity;

namespace Klantmeting.Users;

/// <summary>Someone who signs in: an AKO administrator (<c>beheerder</c>), a Werkplein user (<c>werkplein</c>) or an interviewer.</summary>
public class User : IdentityUser
{
    /// <summary>The password was handed out (one-time password): the user must choose a new one at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>When the account was created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The Werkpleinen a <c>werkplein</c> user may see (empty for a beheerder, who sees everything).</summary>
    public List<UserWerkplein> Werkpleinen { get; set; } = [];
}

/// <summary>Binds a user to one Werkplein whose figures the user may see.</summary>
public class UserWerkplein
{
    /// <summary>The user.</summary>
    public required string UserId { get; set; }

    /// <summary>The Werkplein the user may see.</summary>
    public int WerkpleinId { get; set; }

    /// <summary>The Werkplein, when loaded.</summary>
    public Werkplein? Werkplein { get; set; }
}

/// <summary>The roles of Klantmeting and the claims the sign-in adds.</summary>
public static class Roles
{
    /// <summary>AKO: every page, every Werkplein, the Hangfire dashboard.</summary>
    public const string Beheerder = "beheerder";

    /// <summary>A Werkplein: only the figures of the Werkpleinen the user is bound to.</summary>
    public const string Werkplein = "werkplein";

    /// <summary>
    /// Calls participants of the rounds an administrator assigned (<c>/interview</c>); sees no results and no
    /// Werkplein figures.
    /// </summary>
    public const string Interviewer = "interviewer";

    /// <summary>Every role, the only values a user may be given.</summary>
    public static IReadOnlyList<string> All { get; } = [Beheerder, Werkplein, Interviewer];

    /// <summary>Claim with the code of one Werkplein the user may see (one claim per Werkplein).</summary>
    public const string WerkpleinClaim = "klantmeting:werkplein";

    /// <summary>Claim present while the user still has to replace a one-time password.</summary>
    public const string MustChangePasswordClaim = "klantmeting:wachtwoord-wijzigen";
}
