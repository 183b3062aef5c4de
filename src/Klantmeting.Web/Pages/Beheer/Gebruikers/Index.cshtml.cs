using Klantmeting.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Gebruikers;

/// <summary>Every account with its role, Werkpleinen and state (<see cref="UserService.ListAsync"/>, as <c>users list</c>).</summary>
public class IndexModel(UserService users) : PageModel
{
    public IReadOnlyList<UserSummary> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await users.ListAsync(ct);
}
