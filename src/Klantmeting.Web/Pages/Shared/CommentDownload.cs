using Klantmeting.Comments;
using Microsoft.AspNetCore.Mvc;

namespace Klantmeting.Web.Pages.Shared;

/// <summary>The CSV or Excel download of a comment list, for both comment pages.</summary>
public static class CommentDownload
{
    /// <summary>The file of <paramref name="list"/> (no hidden comments), recorded in the audit log; <paramref name="fileName"/> without extension.</summary>
    public static async Task<IActionResult> FileAsync(CommentService comments, CommentList list, CommentFormat format, string scope, string fileName,
        CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await comments.ExportAsync(list, format, scope, buffer, ct);
        buffer.Position = 0;
        return format == CommentFormat.Xlsx
            ? new FileStreamResult(buffer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") { FileDownloadName = fileName + ".xlsx" }
            : new FileStreamResult(buffer, "text/csv; charset=utf-8") { FileDownloadName = fileName + ".csv" };
    }
}
