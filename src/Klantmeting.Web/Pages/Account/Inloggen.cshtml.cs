using Klantmeting.Users;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Klantmeting.Web.Pages.Account;

/// <summary>Sign-in with e-mail address and password (lockout after repeated failures), or through OpenID Connect when configured.</summary>
public class InloggenModel(SignInManager<User> signIn, IOptions<OpenIdConnectSettings> oidc) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Wachtwoord { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public List<FormError> Errors { get; } = [];

    /// <summary>Text of the OpenID Connect button, or null when that sign-in is off.</summary>
    public string? OpenIdConnect => oidc.Value.Enabled ? oidc.Value.DisplayName : null;

    public string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    public void OnGet(string? fout)
    {
        if (fout == "oidc")
        {
            Errors.Add(new FormError("email", "Inloggen met uw organisatieaccount is niet gelukt. Probeer het opnieuw of vraag uw beheerder om hulp."));
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            Errors.Add(new FormError("email", "Vul uw e-mailadres in."));
        }

        if (string.IsNullOrEmpty(Wachtwoord))
        {
            Errors.Add(new FormError("wachtwoord", "Vul uw wachtwoord in."));
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Email!.Trim(), Wachtwoord!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl());
        }

        Errors.Add(result.IsLockedOut
            ? new FormError("email", $"Uw account is geblokkeerd na {UsersExtensions.MaxFailedSignIns} mislukte pogingen. Probeer het over {UsersExtensions.LockoutDuration.TotalMinutes:0} minuten opnieuw.")
            : new FormError("email", "Het e-mailadres of het wachtwoord klopt niet."));
        Wachtwoord = null;
        return Page();
    }

    public IActionResult OnPostOidc() => oidc.Value.Enabled
        ? Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl() }, OpenIdConnectSettings.Scheme)
        : NotFound();

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
