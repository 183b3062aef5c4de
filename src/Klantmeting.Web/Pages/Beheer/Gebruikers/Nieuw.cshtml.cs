using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Gebruikers;

/// <summary>
/// Creates an account with <see cref="UserService.CreateAsync"/> (as <c>users create</c>): a generated one-time password
/// that the user must change at the first sign-in. The password is in the answer to the POST only: not in the address,
/// not stored, not cached, so it is shown once.
/// </summary>
public class NieuwModel(UserService users, WerkpleinService werkpleinen) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "rol")]
    public string? Role { get; set; } = Roles.Werkplein;

    [BindProperty(Name = "werkplein")]
    public List<string> Werkpleinen { get; set; } = [];

    public IReadOnlyList<WerkpleinSummary> AllWerkpleinen { get; private set; } = [];

    public string? Error { get; private set; }

    /// <summary>The created account and its one-time password, after a successful POST.</summary>
    public (string Id, string Email, string Password)? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => AllWerkpleinen = await werkpleinen.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var role = Role ?? "";
            var (user, password) = await users.CreateAsync(Email ?? "", role, role == Roles.Werkplein ? Werkpleinen : [], ct: ct);
            Created = (user.Id, user.Email ?? "", password!);
            GebruikerModel.NoStore(Response);
        }
        catch (UserException e)
        {
            Error = e.Message;
            AllWerkpleinen = await werkpleinen.ListAsync(ct);
        }

        return Page();
    }
}
