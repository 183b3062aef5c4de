using Klantmeting.Comments;
using Klantmeting.Infrastructure.Exports;
using Microsoft.AspNetCore.Mvc;

namespace Klantmeting.Web.Pages.Shared;

/// <summary>The download of a comment list in any <see cref="TableFormat"/>, for both comment pages.</summary>
public static class CommentDownload
{
    /// <summary>
    /// The file of <paramref name="list"/> (no hidden comments) in the format named <paramref name="formaat"/>, recorded in
    /// the audit log; <paramref name="fileName"/> without extension.
    /// </summary>
    public static Task<IActionResult> FileAsync(CommentService comments, CommentList list, string? formaat, string scope, string fileName,
        CancellationToken ct) =>
        TableDownload.FileAsync(formaat, fileName, (s, f) => comments.ExportAsync(list, f, scope, s, ct));
}
