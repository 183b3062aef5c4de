using System.Security.Claims;
using Klantmeting.Calls;
using Klantmeting.Rounds;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Interview;

/// <summary>The rounds the signed-in interviewer is assigned to.</summary>
public class IndexModel(InterviewerAssignments assignments) : PageModel
{
    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Rounds = await assignments.RoundsOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
}
