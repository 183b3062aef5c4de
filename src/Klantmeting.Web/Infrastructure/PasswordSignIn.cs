using Hangfire;
using Klantmeting.Users;
using Microsoft.AspNetCore.Identity;

namespace Klantmeting.Web.Infrastructure;

/// <summary>
/// Sign-in with e-mail address and password that tells a stranger nothing: an unknown address, a wrong password and a
/// locked account give the same answer after the same work (one password hash each), and a lockout is told to the
/// owner by e-mail (<see cref="LockoutNotice"/>). Only attempts the rate limit let through reach this class, so only
/// those count towards the lockout.
/// </summary>
public sealed class PasswordSignIn(SignInManager<User> signIn, UserManager<User> users, IPasswordHasher<User> hasher, IBackgroundJobClient jobs)
{
    private static readonly User Nobody = new() { UserName = "nobody" };
    private static string? _nobodysHash;

    /// <summary>True when signed in (the cookie is set on the response).</summary>
    public async Task<bool> SignInAsync(string email, string password)
    {
        var user = await users.FindByNameAsync(email);
        if (user is null)
        {
            // Hash with the same algorithm and iteration count as a real account, so the time does not tell.
            _nobodysHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(Nobody, _nobodysHash, password);
            return false;
        }

        if (await users.IsLockedOutAsync(user))
        {
            // The same work, but the result is not used: a different answer for the right password would let a
            // stranger go on guessing through the lockout.
            hasher.VerifyHashedPassword(user, user.PasswordHash ?? _nobodysHash ?? "", password);
            return false;
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            // This attempt locked the account (the check above saw it open).
            var id = user.Id;
            jobs.Enqueue<LockoutNotice>(n => n.SendAsync(id, CancellationToken.None));
        }

        return result.Succeeded;
    }
}
