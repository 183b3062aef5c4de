using Klantmeting.Users;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Klantmeting.Web.Pages.Account;

/// <summary>Sign-in with e-mail address and password (see <see cref="PasswordSignIn"/>), or through OpenID Connect when configured.</summary>
public class InloggenModel(PasswordSignIn signIn, IOptions<OpenIdConnectSettings> oidc) : PageModel
{
    /// <summary>The answer to every refused sign-in.</summary>
    public static readonly string RefusedMessage = "Het e-mailadres of het wachtwoord klopt niet. "
        + $"Na {UsersExtensions.MaxFailedSignIns} verkeerde wachtwoorden blokkeren we een account {UsersExtensions.LockoutDuration.TotalMinutes:0} minuten; "
        + "de eigenaar krijgt daarover een e-mail.";

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

        if (await signIn.SignInAsync(Email!.Trim(), Wachtwoord!))
        {
            return LocalRedirect(SafeReturnUrl());
        }

        // One answer for an unknown address, a wrong password and a locked account: the owner of a locked account
        // gets an e-mail about it.
        Errors.Add(new FormError("email", RefusedMessage));
        Wachtwoord = null;
        return Page();
    }

    public IActionResult OnPostOidc() => oidc.Value.Enabled
        ? Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl() }, OpenIdConnectSettings.Scheme)
        : NotFound();

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
