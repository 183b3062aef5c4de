using System.Security.Claims;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Email;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>
/// One round: state, schedule, sample per Werkplein, and the actions (open, schedule, pause, resume, close, delete,
/// test e-mail). Every action first shows what it will do and asks for a confirmation; the change itself is
/// <see cref="RoundService"/>'s, the same as the CLI's.
/// </summary>
public class RondeModel(KlantmetingDbContext db, RoundService rounds, TestInvitationEmail testEmail, TimeProvider clock) : PageModel
{
    /// <summary>Actions that ask for a confirmation first (<c>?bevestig=...</c>).</summary>
    public static readonly IReadOnlyList<string> Confirmable = ["openen", "inplannen", "niet-inplannen", "pauzeren", "hervatten", "sluiten", "verwijderen"];

    public sealed record WerkpleinRow(string Code, string Name, int Participants, int Waiting, int Sent, int Other);

    public Round Round { get; private set; } = null!;

    public IReadOnlyList<WerkpleinRow> Werkpleinen { get; private set; } = [];

    public int Participants => Werkpleinen.Sum(w => w.Participants);

    /// <summary>Invitations still to be sent (pending); what opening sends.</summary>
    public int Waiting => Werkpleinen.Sum(w => w.Waiting);

    public int Responses { get; private set; }

    /// <summary>The action to confirm, from <c>?bevestig=</c>; null for none.</summary>
    [BindProperty(SupportsGet = true, Name = "bevestig")]
    public string? Confirm { get; set; }

    /// <summary>What the last post did, for the message at the top.</summary>
    [BindProperty(SupportsGet = true, Name = "gewijzigd")]
    public string? Changed { get; set; }

    /// <summary>Error of the last action (shown beside its button).</summary>
    public string? Error { get; private set; }

    /// <summary>Dutch today.</summary>
    public DateOnly Today => DateOnly.FromDateTime(RoundCalendar.ToDutch(clock.GetUtcNow().UtcDateTime));

    public bool BeforeStart => Round.State == RoundState.Draft && Today < Round.FieldworkStart;

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        if (Confirm is not null && !Confirmable.Contains(Confirm))
        {
            Confirm = null;
        }

        return Page();
    }

    /// <summary>Opens the round. Before its first day only with <paramref name="voorBegindatum"/>: an explicit choice.</summary>
    public async Task<IActionResult> OnPostOpenAsync(string name, bool voorBegindatum, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        if (BeforeStart && !voorBegindatum)
        {
            Confirm = "openen";
            Error = "Kies eerst: nu openen, vóór de eerste veldwerkdag, of inplannen zodat de ronde vanzelf opent.";
            return Page();
        }

        return await ActAsync(name, "openen", "geopend", () => rounds.OpenAsync(name, ct), ct);
    }

    public async Task<IActionResult> OnPostScheduleAsync(string name, CancellationToken ct) =>
        await ActAsync(name, "inplannen", "ingepland", () => rounds.ScheduleAsync(name, ct), ct);

    public async Task<IActionResult> OnPostUnscheduleAsync(string name, CancellationToken ct) =>
        await ActAsync(name, "niet-inplannen", "niet-ingepland", () => rounds.UnscheduleAsync(name, ct), ct);

    public async Task<IActionResult> OnPostPauseAsync(string name, CancellationToken ct) =>
        await ActAsync(name, "pauzeren", "gepauzeerd", () => rounds.SetSendingPausedAsync(name, paused: true, ct), ct);

    public async Task<IActionResult> OnPostResumeAsync(string name, CancellationToken ct) =>
        await ActAsync(name, "hervatten", "hervat", () => rounds.SetSendingPausedAsync(name, paused: false, ct), ct);

    public async Task<IActionResult> OnPostCloseAsync(string name, CancellationToken ct) =>
        await ActAsync(name, "sluiten", "gesloten", () => rounds.CloseAsync(name, ct), ct);

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Name == name, ct))
        {
            return NotFound();
        }

        try
        {
            await rounds.DeleteAsync(name, ct);
            return Redirect("/beheer/rondes");
        }
        catch (RoundException e)
        {
            await LoadAsync(name, ct);
            Confirm = "verwijderen";
            Error = e.Message;
            return Page();
        }
    }

    /// <summary>Sends this round's invitation, with a test link, to the signed-in user's own address.</summary>
    public async Task<IActionResult> OnPostTestEmailAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var email = userId is null ? null : await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        try
        {
            await testEmail.SendAsync(name, email ?? "", ct);
            return Redirect($"/beheer/rondes/{Uri.EscapeDataString(name)}?gewijzigd=testmail");
        }
        catch (RoundException e)
        {
            Error = e.Message;
        }
        catch (MailDeliveryUnavailableException)
        {
            Error = "De mailserver is nu niet bereikbaar; de testmail is niet verstuurd. Probeer het later opnieuw.";
        }
        catch (MailRecipientRejectedException)
        {
            Error = "De mailserver weigerde de testmail aan uw adres.";
        }

        Confirm = "testmail";
        return Page();
    }

    private async Task<IActionResult> ActAsync(string name, string action, string done, Func<Task<Round>> change, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Name == name, ct))
        {
            return NotFound();
        }

        try
        {
            await change();
        }
        catch (RoundException e)
        {
            await LoadAsync(name, ct);
            Confirm = action;
            Error = e.Message;
            return Page();
        }

        // Post/redirect/get: a reload does not post again.
        return Redirect($"/beheer/rondes/{Uri.EscapeDataString(name)}?gewijzigd={done}");
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name, ct);
        if (round is null)
        {
            return false;
        }

        Round = round;
        // Counted in the database: participants and invitation states per Werkplein, one grouped query.
        var counts = await db.Invitations.Where(i => i.RoundId == round.Id)
            .Join(db.Participants, i => i.ParticipantId, p => p.Id, (i, p) => new { p.WerkpleinId, i.State })
            .GroupBy(x => new { x.WerkpleinId, x.State })
            .Select(g => new { g.Key.WerkpleinId, g.Key.State, Count = g.Count() })
            .ToListAsync(ct);
        var names = await db.Werkpleinen.AsNoTracking().ToDictionaryAsync(w => w.Id, w => (w.Code, w.Name), ct);
        Werkpleinen = counts.GroupBy(c => c.WerkpleinId)
            .Select(g => new WerkpleinRow(names[g.Key].Code, names[g.Key].Name, g.Sum(c => c.Count),
                g.Where(c => c.State is InvitationState.Pending or InvitationState.Claimed).Sum(c => c.Count),
                g.Where(c => c.State == InvitationState.Sent).Sum(c => c.Count),
                g.Where(c => c.State is not (InvitationState.Pending or InvitationState.Claimed or InvitationState.Sent)).Sum(c => c.Count)))
            .OrderBy(w => w.Code, StringComparer.Ordinal)
            .ToList();
        Responses = await db.Responses.CountAsync(r => r.RoundId == round.Id, ct);
        return true;
    }
}
