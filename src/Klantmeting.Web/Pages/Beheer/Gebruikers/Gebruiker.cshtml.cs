using System.Security.Claims;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Gebruikers;

/// <summary>
/// One account: its Werkpleinen (werkplein users), unlock, deactivate and reactivate, and a new one-time password.
/// Every change is <see cref="UserService"/>'s, the same method, checks and messages as the CLI's <c>users</c> commands.
/// </summary>
public class GebruikerModel(UserService users, WerkpleinService werkpleinen) : PageModel
{
    public UserSummary Account { get; private set; } = null!;

    public IReadOnlyList<WerkpleinSummary> AllWerkpleinen { get; private set; } = [];

    /// <summary>The signed-in beheerder looks at their own account (no deactivate button).</summary>
    public bool IsSelf => Account.Id == User.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>What the last post did (<c>?gewijzigd=...</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "gewijzigd")]
    public string? Changed { get; set; }

    public string? Error { get; private set; }

    /// <summary>The new one-time password, only in the answer to the reset POST.</summary>
    public string? NewPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromRoute] string id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostWerkpleinenAsync([FromRoute] string id, List<string> werkplein, CancellationToken ct) =>
        ActAsync(id, "werkpleinen", email => users.SetWerkpleinenAsync(email, werkplein, ct), ct);

    public Task<IActionResult> OnPostUnlockAsync([FromRoute] string id, CancellationToken ct) =>
        ActAsync(id, "gedeblokkeerd", email => users.UnlockAsync(email, ct), ct);

    public Task<IActionResult> OnPostDeactivateAsync([FromRoute] string id, CancellationToken ct) =>
        ActAsync(id, "gedeactiveerd", email => users.DeactivateAsync(email, ct), ct);

    public Task<IActionResult> OnPostReactivateAsync([FromRoute] string id, CancellationToken ct) =>
        ActAsync(id, "actief", email => users.ReactivateAsync(email, ct), ct);

    /// <summary>A new one-time password, shown in this answer only (no redirect: nothing in the address or a cache).</summary>
    public async Task<IActionResult> OnPostResetPasswordAsync([FromRoute] string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        try
        {
            NewPassword = await users.ResetPasswordAsync(Account.Email, ct);
            NoStore(Response);
            await LoadAsync(id, ct);
        }
        catch (UserException e)
        {
            Error = e.Message;
        }

        return Page();
    }

    /// <summary>Keeps a page with a one-time password out of every cache (and the browser's back-forward cache).</summary>
    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    private async Task<IActionResult> ActAsync([FromRoute] string id, string done, Func<string, Task> change, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        try
        {
            await change(Account.Email);
        }
        catch (UserException e)
        {
            Error = e.Message;
            return Page();
        }

        // Post/redirect/get: a reload does not post again.
        return Redirect($"/beheer/gebruikers/{Uri.EscapeDataString(id)}?gewijzigd={done}");
    }

    private async Task<bool> LoadAsync([FromRoute] string id, CancellationToken ct)
    {
        if ((await users.ListAsync(ct)).SingleOrDefault(u => u.Id == id) is not { } account)
        {
            return false;
        }

        Account = account;
        AllWerkpleinen = await werkpleinen.ListAsync(ct);
        return true;
    }
}
