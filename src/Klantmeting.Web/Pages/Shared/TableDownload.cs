using Klantmeting.Infrastructure.Exports;
using Microsoft.AspNetCore.Mvc;

namespace Klantmeting.Web.Pages.Shared;

/// <summary>
/// Every table download of the pages: the query value <c>formaat</c> (<c>csv</c>, the default; <c>csv-nl</c>;
/// <c>xlsx</c>) chooses the <see cref="TableFormat"/>, and the file gets the matching extension and media type.
/// </summary>
public static class TableDownload
{
    /// <summary>The query parameter that chooses the format.</summary>
    public const string Parameter = "formaat";

    /// <summary>
    /// The table that <paramref name="write"/> writes, as a file named <paramref name="baseName"/> plus the extension
    /// of the format named <paramref name="formaat"/>; 404 for an unknown format name.
    /// </summary>
    public static async Task<IActionResult> FileAsync(string? formaat, string baseName, Func<Stream, TableFormat, Task> write)
    {
        if (TableFormats.Parse(formaat) is not { } format)
        {
            return new NotFoundResult();
        }

        var buffer = new MemoryStream();
        await write(buffer, format);
        buffer.Position = 0;
        return new FileStreamResult(buffer, format.MediaType()) { FileDownloadName = baseName + format.Extension() };
    }

    /// <summary>The Dutch link text of a format, after the name of the table when there is one ("alle scores (Excel, XLSX)").</summary>
    public static string Text(TableFormat format, string? label = null) => (format, label) switch
    {
        (TableFormat.CsvNl, null) => "CSV (Excel, NL)",
        (TableFormat.Xlsx, null) => "Excel (XLSX)",
        (_, null) => "CSV",
        (TableFormat.CsvNl, _) => $"{label} (CSV, Excel NL)",
        (TableFormat.Xlsx, _) => $"{label} (Excel, XLSX)",
        _ => $"{label} (CSV)",
    };

    /// <summary>
    /// <paramref name="url"/> (a download in machine CSV) in <paramref name="format"/>: the machine CSV keeps its link as it
    /// was, the others add <c>formaat</c>.
    /// </summary>
    public static string Url(string url, TableFormat format) =>
        format == TableFormat.Csv ? url : $"{url}{(url.Contains('?', StringComparison.Ordinal) ? "&" : "?")}{Parameter}={format.Name()}";
}

/// <summary>What the download links partial (<c>_TableDownloads</c>) shows: one table in the three formats.</summary>
/// <param name="Url">The download in machine CSV (the handler's URL without <c>formaat</c>).</param>
/// <param name="Label">What the table is (e.g. "alle scores"), put before each format; null for the bare format names.</param>
public sealed record TableDownloadLinks(string Url, string? Label = null);
