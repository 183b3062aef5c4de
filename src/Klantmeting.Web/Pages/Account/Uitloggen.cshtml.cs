using Klantmeting.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Account;

/// <summary>
/// Sign-out: only by POST (with the antiforgery token), so no link on another site can sign anyone out. It ends the
/// session on the server: a new security stamp makes every copy of the sign-in cookie of this user invalid.
/// </summary>
public class UitloggenModel(SignInManager<User> signIn, UserManager<User> users) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // Null for a user of OpenID Connect (no local account); signed out at the provider's session lifetime.
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return RedirectToPage();
    }
}
