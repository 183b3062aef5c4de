using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Klantmeting.Users;

/// <summary>Whether a user can sign in.</summary>
public enum UserState
{
    /// <summary>Can sign in.</summary>
    Active,

    /// <summary>Blocked for a while after failed sign-ins, or by hand (<c>users lock</c>) until unblocked.</summary>
    LockedOut,

    /// <summary>Deactivated (e.g. the person left): no sign-in until reactivated.</summary>
    Deactivated,
}

/// <summary>One user as <c>users list</c> and the users page show it (the id is the key in the audit log).</summary>
public sealed record UserSummary(string Email, string Role, IReadOnlyList<string> Werkpleinen, bool MustChangePassword, bool LockedOut)
{
    /// <summary>The user's id (the audit log's object key; never the e-mail address).</summary>
    public string Id { get; init; } = "";

    /// <summary>Active, locked out or deactivated.</summary>
    public UserState State { get; init; }

    /// <summary>When the account was created (UTC).</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>The state in Dutch, as the CLI and the users page show it.</summary>
    public string StateText => UserService.Describe(State, MustChangePassword);
}

/// <summary>
/// Creates, lists and changes users for the CLI, the users page and the demo, with the same checks and Dutch messages
/// everywhere; sign-in itself is ASP.NET Core Identity's. Every change is recorded in the audit log with the user's id.
/// </summary>
/// <remarks>
/// The EF model has no column for "deactivated", so the states use Identity's lockout columns (Identity refuses every
/// sign-in while <c>LockoutEnabled</c> and <c>LockoutEnd</c> lies in the future):
/// <list type="bullet">
/// <item>deactivated: <c>LockoutEnd</c> = <see cref="DateTimeOffset.MaxValue"/> (<see cref="DeactivatedUntil"/>);</item>
/// <item>blocked by hand (<c>users lock</c>): <c>LockoutEnd</c> = <see cref="LockedByHandUntil"/> (year 9000), until unlocked;</item>
/// <item>locked out after failed sign-ins: <c>LockoutEnd</c> a few minutes ahead (Identity sets it);</item>
/// <item>active: no <c>LockoutEnd</c>, or one in the past.</item>
/// </list>
/// A provider may round the last tick of <see cref="DateTimeOffset.MaxValue"/> (PostgreSQL keeps microseconds), so any
/// end in the year 9999 counts as deactivated. Every new account has <c>LockoutEnabled</c> set.
/// </remarks>
public sealed class UserService(KlantmetingDbContext db, UserManager<User> users, TimeProvider clock, Audit.AuditLog audit, Audit.IAuditActor actor)
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!#$%*+-=?@_";

    /// <summary>The lockout end that marks a deactivated account.</summary>
    public static readonly DateTimeOffset DeactivatedUntil = DateTimeOffset.MaxValue;

    /// <summary>The lockout end of an account blocked by hand (<see cref="LockAsync"/>): far away, but not "deactivated".</summary>
    public static readonly DateTimeOffset LockedByHandUntil = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The state a lockout end means at <paramref name="now"/>.</summary>
    public static UserState StateOf(DateTimeOffset? lockoutEnd, DateTimeOffset now) => lockoutEnd switch
    {
        { Year: 9999 } => UserState.Deactivated,
        { } end when end > now => UserState.LockedOut,
        _ => UserState.Active,
    };

    /// <summary>A state in Dutch: <c>actief</c>, <c>geblokkeerd</c>, <c>gedeactiveerd</c> or <c>wachtwoord te wijzigen</c>.</summary>
    public static string Describe(UserState state, bool mustChangePassword) => state switch
    {
        UserState.Deactivated => "gedeactiveerd",
        UserState.LockedOut => "geblokkeerd",
        _ => mustChangePassword ? "wachtwoord te wijzigen" : "actief",
    };

    /// <summary>
    /// Creates a user with a one-time password (generated when <paramref name="password"/> is null) that must be
    /// changed at the first sign-in. Everything is stored in one transaction, or nothing.
    /// </summary>
    /// <returns>The user and the generated password (null when one was given).</returns>
    /// <exception cref="UserException">Unknown role or Werkplein code, werkplein role without Werkplein, duplicate
    /// e-mail address, password not strong enough. Nothing has been stored.</exception>
    public async Task<(User User, string? GeneratedPassword)> CreateAsync(string email, string role, IReadOnlyCollection<string> werkpleinCodes,
        string? password = null, bool mustChangePassword = true, CancellationToken ct = default)
    {
        email = email.Trim();
        if (!Roles.All.Contains(role))
        {
            throw new UserException($"Onbekende rol '{role}': kies {string.Join(", ", Roles.All.SkipLast(1))} of {Roles.All[^1]}.");
        }

        var werkpleinen = await WerkpleinenForRoleAsync(role, werkpleinCodes, ct);
        var generated = password is null ? GeneratePassword() : null;
        var user = new User
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            MustChangePassword = mustChangePassword,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await users.CreateAsync(user, password ?? generated!), email);
        Check(await users.AddToRoleAsync(user, role), email);
        foreach (var (id, _) in werkpleinen)
        {
            db.Add(new UserWerkplein { UserId = user.Id, WerkpleinId = id });
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var codes = werkpleinen.Select(w => w.Code).ToList();
        await audit.RecordAsync(Audit.AuditAction.UserCreated, Audit.AuditObject.User, user.Id, null, $"rol {role}{(codes.Count > 0 ? ", Werkpleinen " + string.Join(", ", codes) : "")}", ct);
        return (user, generated);
    }

    /// <summary>
    /// The ids and codes of <paramref name="werkpleinCodes"/> (in the given order), checked against the role: a
    /// werkplein user needs at least one, a beheerder none, and every code must exist.
    /// </summary>
    private async Task<List<(int Id, string Code)>> WerkpleinenForRoleAsync(string role, IReadOnlyCollection<string> werkpleinCodes, CancellationToken ct)
    {
        var codes = werkpleinCodes.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (role == Roles.Werkplein && codes.Count == 0)
        {
            throw new UserException("Een gebruiker met de rol werkplein hoort bij minstens één Werkplein: geef --werkplein CODE.");
        }

        if (role == Roles.Beheerder && codes.Count > 0)
        {
            throw new UserException("Een beheerder ziet alle Werkpleinen: laat --werkplein weg.");
        }

        if (role == Roles.Interviewer && codes.Count > 0)
        {
            throw new UserException("Een interviewer ziet geen cijfers van Werkpleinen: laat --werkplein weg. Een beheerder wijst de interviewer rondes toe.");
        }

        var werkpleinen = await db.Werkpleinen.Where(w => codes.Contains(w.Code)).Select(w => new { w.Id, w.Code }).ToListAsync(ct);
        var unknown = codes.Except(werkpleinen.Select(w => w.Code), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new UserException($"Onbekende Werkplein-code{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(c => $"'{c}'"))}.");
        }

        return codes.Select(c => werkpleinen.First(w => w.Code == c)).Select(w => (w.Id, w.Code)).ToList();
    }

    /// <summary>
    /// Blocks a user by hand until <see cref="UnlockAsync"/> (for instance when a password may be known to someone
    /// else): sign-in is refused, and a new security stamp makes every sign-in cookie of that user invalid at its next
    /// request. A deactivated user stays deactivated.
    /// </summary>
    /// <exception cref="UserException">No user with that e-mail address.</exception>
    public async Task LockAsync(string email, CancellationToken ct = default)
    {
        var user = await FindAsync(email, ct);
        if (StateOf(user.LockoutEnd, clock.GetUtcNow()) == UserState.Deactivated)
        {
            throw new UserException($"Gebruiker {user.Email} is gedeactiveerd; blokkeren is niet nodig.");
        }

        await EndAccessAsync(user, LockedByHandUntil, "niet geblokkeerd", ct);
        await RecordAsync(Audit.AuditAction.UserLocked, user, "geblokkeerd tot users unlock; overal uitgelogd", ct);
    }

    /// <summary>Lifts a block (by <see cref="LockAsync"/> or after failed sign-ins) and resets the count of failed sign-ins.</summary>
    /// <exception cref="UserException">No user with that e-mail address, or the user is deactivated (use <see cref="ReactivateAsync"/>).</exception>
    public async Task UnlockAsync(string email, CancellationToken ct = default)
    {
        var user = await FindAsync(email, ct);
        if (StateOf(user.LockoutEnd, clock.GetUtcNow()) == UserState.Deactivated)
        {
            throw new UserException($"Gebruiker {user.Email} is gedeactiveerd, niet geblokkeerd: maak de gebruiker weer actief (users reactivate).");
        }

        Check(await users.SetLockoutEndDateAsync(user, null), email, "niet vrijgegeven");
        Check(await users.ResetAccessFailedCountAsync(user), email, "niet vrijgegeven");
        await RecordAsync(Audit.AuditAction.UserUnlocked, user, "blokkade opgeheven", ct);
    }

    /// <summary>
    /// Deactivates a user (someone who left): sign-in is refused until <see cref="ReactivateAsync"/>, and every
    /// session of the user ends at its next request (new security stamp). The Werkpleinen stay bound.
    /// </summary>
    /// <exception cref="UserException">No such user; already deactivated; the acting beheerder's own account; the last
    /// active beheerder. Nothing changed.</exception>
    public async Task DeactivateAsync(string email, CancellationToken ct = default)
    {
        var user = await FindAsync(email, ct);
        if (StateOf(user.LockoutEnd, clock.GetUtcNow()) == UserState.Deactivated)
        {
            throw new UserException($"Gebruiker {user.Email} is al gedeactiveerd.");
        }

        if (user.Id == actor.Id)
        {
            throw new UserException("U kunt uw eigen account niet deactiveren. Vraag dat aan een andere beheerder.");
        }

        if (await users.IsInRoleAsync(user, Roles.Beheerder) && await OtherActiveBeheerdersAsync(user.Id, ct) == 0)
        {
            throw new UserException($"Gebruiker {user.Email} is de laatste actieve beheerder en kan niet gedeactiveerd worden. Maak eerst een andere beheerder aan.");
        }

        await EndAccessAsync(user, DeactivatedUntil, "niet gedeactiveerd", ct);
        await RecordAsync(Audit.AuditAction.UserDeactivated, user, "gedeactiveerd; overal uitgelogd", ct);
    }

    /// <summary>Makes a deactivated user active again (the password stays as it was; failed sign-ins start at zero).</summary>
    /// <exception cref="UserException">No such user, or the user is not deactivated.</exception>
    public async Task ReactivateAsync(string email, CancellationToken ct = default)
    {
        var user = await FindAsync(email, ct);
        if (StateOf(user.LockoutEnd, clock.GetUtcNow()) != UserState.Deactivated)
        {
            throw new UserException($"Gebruiker {user.Email} is niet gedeactiveerd.");
        }

        Check(await users.SetLockoutEndDateAsync(user, null), email, "niet weer actief gemaakt");
        Check(await users.ResetAccessFailedCountAsync(user), email, "niet weer actief gemaakt");
        await RecordAsync(Audit.AuditAction.UserReactivated, user, "weer actief", ct);
    }

    /// <summary>
    /// Gives a user a new generated one-time password that must be changed at the next sign-in, ends every session
    /// (new security stamp) and lifts a lockout after failed sign-ins. A deactivated user stays deactivated.
    /// </summary>
    /// <returns>The new one-time password: show it once, store it nowhere.</returns>
    /// <exception cref="UserException">No such user. Nothing changed.</exception>
    public async Task<string> ResetPasswordAsync(string email, CancellationToken ct = default)
    {
        var user = await FindAsync(email, ct);
        var password = GeneratePassword();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            Check(await users.RemovePasswordAsync(user), email, "niet gewijzigd");
            // AddPasswordAsync also writes a new security stamp: every existing sign-in cookie stops working.
            Check(await users.AddPasswordAsync(user, password), email, "niet gewijzigd");
            user.MustChangePassword = true;
            user.AccessFailedCount = 0;
            if (StateOf(user.LockoutEnd, clock.GetUtcNow()) != UserState.Deactivated && user.LockoutEnd < LockedByHandUntil)
            {
                user.LockoutEnd = null;
            }

            Check(await users.UpdateAsync(user), email, "niet gewijzigd");
            await tx.CommitAsync(ct);
        }

        await RecordAsync(Audit.AuditAction.UserPasswordReset, user, "nieuw eenmalig wachtwoord; overal uitgelogd", ct);
        return password;
    }

    /// <summary>Replaces the Werkpleinen a werkplein user may see (at least one). The user's pages follow at the next request.</summary>
    /// <exception cref="UserException">No such user, a beheerder (who sees everything), no or an unknown code. Nothing changed.</exception>
    public async Task SetWerkpleinenAsync(string email, IReadOnlyCollection<string> werkpleinCodes, CancellationToken ct = default)
    {
        var user = await FindAsync(email, ct);
        var role = await users.IsInRoleAsync(user, Roles.Beheerder) ? Roles.Beheerder
            : await users.IsInRoleAsync(user, Roles.Interviewer) ? Roles.Interviewer : Roles.Werkplein;
        var werkpleinen = await WerkpleinenForRoleAsync(role, werkpleinCodes, ct);
        var bound = await db.UserWerkpleinen.Where(w => w.UserId == user.Id).Include(w => w.Werkplein).ToListAsync(ct);
        var before = bound.Select(w => w.Werkplein!.Code).Order(StringComparer.Ordinal).ToList();
        var after = werkpleinen.Select(w => w.Code).Order(StringComparer.Ordinal).ToList();
        if (before.SequenceEqual(after))
        {
            return;
        }

        db.UserWerkpleinen.RemoveRange(bound.Where(b => !werkpleinen.Any(w => w.Id == b.WerkpleinId)));
        foreach (var (id, _) in werkpleinen.Where(w => !bound.Any(b => b.WerkpleinId == w.Id)))
        {
            db.Add(new UserWerkplein { UserId = user.Id, WerkpleinId = id });
        }

        await db.SaveChangesAsync(ct);
        await RecordAsync(Audit.AuditAction.UserChanged, user, $"Werkpleinen {string.Join(", ", before)} -> {string.Join(", ", after)}", ct);
    }

    /// <summary>Sets <paramref name="until"/> as lockout end and a new security stamp: sign-in refused, sessions end.</summary>
    private async Task EndAccessAsync(User user, DateTimeOffset until, string failed, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var email = user.Email ?? "";
        Check(await users.SetLockoutEnabledAsync(user, true), email, failed);
        Check(await users.SetLockoutEndDateAsync(user, until), email, failed);
        Check(await users.UpdateSecurityStampAsync(user), email, failed);
    }

    /// <summary>Beheerders other than <paramref name="userId"/> that can sign in (not deactivated, not blocked by hand).</summary>
    private async Task<int> OtherActiveBeheerdersAsync(string userId, CancellationToken ct)
    {
        var beheerders = await users.GetUsersInRoleAsync(Roles.Beheerder);
        return beheerders.Count(b => b.Id != userId && (b.LockoutEnd is null || b.LockoutEnd < LockedByHandUntil));
    }

    private Task RecordAsync(Audit.AuditAction action, User user, string details, CancellationToken ct) =>
        audit.RecordAsync(action, Audit.AuditObject.User, user.Id, null, details, ct);

    private async Task<User> FindAsync(string email, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return await users.FindByEmailAsync(email.Trim()) ?? throw new UserException($"Er is geen gebruiker met het e-mailadres {email.Trim()}.");
    }

    /// <summary>Every user, ordered by e-mail address.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Users.AsNoTracking()
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.MustChangePassword,
                u.LockoutEnd,
                u.CreatedAt,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                Codes = u.Werkpleinen.Select(w => w.Werkplein!.Code).ToList(),
            })
            .ToListAsync(ct);
        return rows
            .Select(r =>
            {
                var state = StateOf(r.LockoutEnd, now);
                return new UserSummary(r.Email ?? "", r.Role ?? "", r.Codes.Order(StringComparer.Ordinal).ToList(), r.MustChangePassword,
                    state != UserState.Active)
                {
                    Id = r.Id,
                    State = state,
                    CreatedAt = r.CreatedAt,
                };
            })
            .OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>A strong random password: 20 characters (about 118 bits) with each character class.</summary>
    public static string GeneratePassword()
    {
        const string all = Upper + Lower + Digits + Symbols;
        var chars = new char[20];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static void Check(IdentityResult result, string email, string failed = "niet aangemaakt")
    {
        if (!result.Succeeded)
        {
            throw new UserException($"Gebruiker {email} is {failed}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
