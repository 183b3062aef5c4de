using System.Security.Cryptography;
using Klantmeting.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Users;

/// <summary>One user as <c>users list</c> shows it.</summary>
public sealed record UserSummary(string Email, string Role, IReadOnlyList<string> Werkpleinen, bool MustChangePassword, bool LockedOut);

/// <summary>Creates and lists users (for the CLI and the demo); sign-in itself is ASP.NET Core Identity's.</summary>
public sealed class UserService(KlantmetingDbContext db, UserManager<User> users, TimeProvider clock, Audit.AuditLog audit)
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!#$%*+-=?@_";

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
            throw new UserException($"Onbekende rol '{role}': kies {string.Join(" of ", Roles.All)}.");
        }

        var codes = werkpleinCodes.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (role == Roles.Werkplein && codes.Count == 0)
        {
            throw new UserException("Een gebruiker met de rol werkplein hoort bij minstens één Werkplein: geef --werkplein CODE.");
        }

        if (role == Roles.Beheerder && codes.Count > 0)
        {
            throw new UserException("Een beheerder ziet alle Werkpleinen: laat --werkplein weg.");
        }

        var werkpleinen = await db.Werkpleinen.Where(w => codes.Contains(w.Code)).Select(w => new { w.Id, w.Code }).ToListAsync(ct);
        var unknown = codes.Except(werkpleinen.Select(w => w.Code), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new UserException($"Onbekende Werkplein-code{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(c => $"'{c}'"))}.");
        }

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
        foreach (var w in werkpleinen)
        {
            db.Add(new UserWerkplein { UserId = user.Id, WerkpleinId = w.Id });
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await audit.RecordAsync(Audit.AuditAction.UserCreated, Audit.AuditObject.User, user.Id, null, $"rol {role}{(codes.Count > 0 ? ", Werkpleinen " + string.Join(", ", codes) : "")}", ct);
        return (user, generated);
    }

    /// <summary>
    /// Blocks a user until <see cref="UnlockAsync"/> (deactivation): sign-in is refused, and a new security stamp makes
    /// every sign-in cookie of that user invalid at its next request.
    /// </summary>
    /// <exception cref="UserException">No user with that e-mail address.</exception>
    public async Task LockAsync(string email, CancellationToken ct = default)
    {
        var user = await FindAsync(email, ct);
        Check(await users.SetLockoutEnabledAsync(user, true), email, "niet geblokkeerd");
        Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue), email, "niet geblokkeerd");
        Check(await users.UpdateSecurityStampAsync(user), email, "niet geblokkeerd");
    }

    /// <summary>Lifts a block (by <see cref="LockAsync"/> or after failed sign-ins) and resets the count of failed sign-ins.</summary>
    /// <exception cref="UserException">No user with that e-mail address.</exception>
    public async Task UnlockAsync(string email, CancellationToken ct = default)
    {
        var user = await FindAsync(email, ct);
        Check(await users.SetLockoutEndDateAsync(user, null), email, "niet vrijgegeven");
        Check(await users.ResetAccessFailedCountAsync(user), email, "niet vrijgegeven");
    }

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
                u.Email,
                u.MustChangePassword,
                u.LockoutEnd,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                Codes = u.Werkpleinen.Select(w => w.Werkplein!.Code).ToList(),
            })
            .ToListAsync(ct);
        return rows
            .Select(r => new UserSummary(r.Email ?? "", r.Role ?? "", r.Codes.Order(StringComparer.Ordinal).ToList(), r.MustChangePassword,
                r.LockoutEnd is { } end && end > now))
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
