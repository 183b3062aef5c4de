using Klantmeting.Infrastructure.Imports;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Werkpleinen;

/// <summary>
/// Every Werkplein with its counts, and the import of a Werkpleinen file through <see cref="WerkpleinImporter"/>, the
/// same service, checks and messages as <c>klantmeting werkpleinen import</c>.
/// </summary>
public class IndexModel(WerkpleinService werkpleinen, WerkpleinImporter importer) : PageModel
{
    /// <summary>Errors shown on the page; the rest is counted.</summary>
    public const int MaxErrorsShown = 200;

    public IReadOnlyList<WerkpleinSummary> Rows { get; private set; } = [];

    /// <summary>The result of the import just posted; null on a GET.</summary>
    public ImportResult? Result { get; private set; }

    /// <summary>A problem with the upload itself (no file, unreadable file).</summary>
    public string? UploadError { get; private set; }

    /// <summary>File name of the import just posted.</summary>
    public string? FileName { get; private set; }

    /// <summary>What the last change did (<c>?gewijzigd=CODE</c> after editing a Werkplein).</summary>
    [BindProperty(SupportsGet = true, Name = "gewijzigd")]
    public string? Changed { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Rows = await werkpleinen.ListAsync(ct);

    public async Task<IActionResult> OnPostImportAsync(IFormFile? bestand, CancellationToken ct)
    {
        if (bestand is null || bestand.Length == 0)
        {
            UploadError = "Kies een CSV-bestand met de kolommen code, naam en (als u wilt) regio.";
        }
        else
        {
            FileName = Path.GetFileName(bestand.FileName);
            // The importer reads a file by path and names it in the audit log: keep the name the user chose.
            var folder = Directory.CreateTempSubdirectory("klantmeting-werkpleinen-");
            try
            {
                var path = Path.Combine(folder.FullName, string.IsNullOrWhiteSpace(FileName) ? "werkpleinen.csv" : FileName);
                await using (var target = System.IO.File.Create(path))
                {
                    await bestand.CopyToAsync(target, ct);
                }

                Result = await importer.ImportAsync(path, ct: ct);
            }
            catch (ImportException e)
            {
                UploadError = e.Message;
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        Rows = await werkpleinen.ListAsync(ct);
        return Page();
    }
}
