using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Paper;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>
/// Printing the paper questionnaires of a papier or gemengd round: per Werkplein (a batch of at most
/// <see cref="PaperService.MaxPerPrint"/> not yet printed) or one participant by ref, as a printable page or a PDF.
/// Every print makes new response codes; their hashes are stored, the codes only on the paper.
/// </summary>
public class PapierModel(KlantmetingDbContext db, PaperService paper, AuditLog audit) : PageModel
{
    public string Name { get; private set; } = "";

    /// <summary>The round with its questionnaire; null when the round has no paper questionnaires.</summary>
    public PaperRound? Paper { get; private set; }

    public IReadOnlyList<PaperBatch> Batches { get; private set; } = [];

    /// <summary>The questionnaires just printed; the page shows them instead of the batches.</summary>
    public IReadOnlyList<PaperSheet>? Sheets { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct) =>
        await LoadAsync(name, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPrintAsync(string name, [FromForm(Name = "werkplein")] string? werkplein,
        [FromForm(Name = "ref")] string? participantRef, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        if (await PrintAsync(werkplein, participantRef, ct) is not { } sheets)
        {
            return Page();
        }

        Sheets = sheets;
        ViewData["Title"] = $"Vragenlijsten {Name} afdrukken";
        return Page();
    }

    public async Task<IActionResult> OnPostPdfAsync(string name, [FromForm(Name = "werkplein")] string? werkplein,
        [FromForm(Name = "ref")] string? participantRef, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        if (await PrintAsync(werkplein, participantRef, ct) is not { } sheets)
        {
            return Page();
        }

        var pdf = PaperPdf.Render(Paper!.Survey, Name, sheets);
        var part = string.IsNullOrWhiteSpace(participantRef) ? werkplein ?? "alle" : participantRef.Trim();
        return File(pdf, "application/pdf", $"vragenlijsten-{FileNames.Slug(Name)}-{FileNames.Slug(part)}.pdf");
    }

    /// <summary>Prints a batch; null (with <see cref="Message"/>) when there is nothing to print or the round is closed.</summary>
    private async Task<IReadOnlyList<PaperSheet>?> PrintAsync(string? werkplein, string? participantRef, CancellationToken ct)
    {
        if (Paper is null || !Paper.CanPrint)
        {
            Message = "In deze ronde worden geen papieren vragenlijsten (meer) afgedrukt.";
            return null;
        }

        var sheets = await paper.PrintAsync(Paper, werkplein, participantRef, ct);
        if (sheets.Count == 0)
        {
            Message = string.IsNullOrWhiteSpace(participantRef)
                ? "Er zijn geen vragenlijsten meer om af te drukken: iedereen in deze groep heeft er al een, of heeft al geantwoord."
                : $"Er is geen deelnemer met ref '{participantRef.Trim()}' in deze ronde die nog moet antwoorden. Kijk of de ref goed is.";
            return null;
        }

        await audit.RecordAsync(AuditAction.ExportDownloaded, AuditObject.Export, "papieren-vragenlijsten", Name,
            $"{sheets.Count} vragenlijsten afgedrukt" + (string.IsNullOrWhiteSpace(werkplein) ? "" : $" voor {werkplein}"), ct);
        return sheets;
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        if (!await db.Rounds.AsNoTracking().AnyAsync(r => r.Name == name, ct))
        {
            return false;
        }

        Name = name;
        Paper = await paper.FindRoundAsync(name, ct);
        Batches = Paper is null ? [] : await paper.BatchesAsync(Paper.Round.Id, ct);
        return true;
    }
}
