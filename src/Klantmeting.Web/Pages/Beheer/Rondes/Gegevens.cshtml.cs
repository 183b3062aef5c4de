using System.IO.Compression;
using Klantmeting.DataExport;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>
/// The respondent-level data of a round for analysts (beheerders only, by folder): CSV, XLSX, and SPSS or R as a
/// ZIP of the coded CSV and its syntax. The same files as <c>klantmeting data export</c>; every download is logged.
/// </summary>
public class GegevensModel(KlantmetingDbContext db, RespondentDataReader data) : PageModel
{
    public Round Round { get; private set; } = null!;

    public int Responses { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name, ct) is not { } round)
        {
            return NotFound();
        }

        Round = round;
        Responses = await db.Responses.CountAsync(r => r.RoundId == round.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(string name, string? formaat, CancellationToken ct)
    {
        if (DataFormats.Parse(formaat) is not { } format || !await db.Rounds.AnyAsync(r => r.Name == name, ct))
        {
            return NotFound();
        }

        var files = new Dictionary<string, MemoryStream>(StringComparer.Ordinal);
        try
        {
            await data.ExportAsync(name, format, file => files[file] = new MemoryStream(), ct);
        }
        catch (RoundException)
        {
            return NotFound(); // the questionnaire of the round is not installed
        }

        if (files.Count == 1)
        {
            var (file, content) = files.Single();
            return File(content.ToArray(), format == DataFormat.Xlsx
                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : "text/csv; charset=utf-8", file);
        }

        // SPSS and R: the coded CSV and its syntax belong together, so they come as one ZIP.
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (file, content) in files)
            {
                await using var entry = await archive.CreateEntry(file, CompressionLevel.Optimal).OpenAsync(ct);
                await entry.WriteAsync(content.ToArray(), ct);
            }
        }

        return File(zip.ToArray(), "application/zip", $"{DataFormats.BaseName(name)}-{format.ToString().ToLowerInvariant()}.zip");
    }
}
