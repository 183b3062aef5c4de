using Klantmeting.Users;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Account;

/// <summary>Change password; forced after signing in with a one-time password (see <see cref="AccessExtensions.UseAccess"/>).</summary>
public class WachtwoordWijzigenModel(UserManager<User> users, SignInManager<User> signIn) : PageModel
{
    public List<FormError> Errors { get; } = [];

    public bool MustChange => User.HasClaim(c => c.Type == Roles.MustChangePasswordClaim);

    public string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    public async Task<IActionResult> OnGetAsync() => await users.GetUserAsync(User) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(string? huidig, string? nieuw, string? herhaal)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound(); // signed in through OpenID Connect: the password lives at the provider
        }

        if (string.IsNullOrEmpty(huidig))
        {
            Errors.Add(new FormError("huidig", "Vul uw huidige wachtwoord in."));
        }

        if (string.IsNullOrEmpty(nieuw))
        {
            Errors.Add(new FormError("nieuw", "Vul een nieuw wachtwoord in."));
        }
        else if (nieuw != herhaal)
        {
            Errors.Add(new FormError("herhaal", "De twee nieuwe wachtwoorden zijn niet gelijk."));
        }
        else if (nieuw == huidig)
        {
            Errors.Add(new FormError("nieuw", "Kies een ander wachtwoord dan het huidige."));
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, huidig!, nieuw!);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors.Select(e => new FormError(e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "huidig" : "nieuw", e.Description)));
            return Page();
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        return Redirect("/");
    }
}
