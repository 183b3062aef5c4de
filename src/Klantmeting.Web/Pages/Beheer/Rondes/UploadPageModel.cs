using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Exports;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Rounds;
using Klantmeting.Uploads;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>What the upload part of a page shows: the upload, its live progress and its first errors.</summary>
public sealed record UploadStatusView(string Self, Upload Upload, long RowsChecked, long RowsStored, UploadState State,
    IReadOnlyList<ImportError> Errors)
{
    /// <summary>Still being checked or stored.</summary>
    public bool Running => State is UploadState.Queued or UploadState.Checking or UploadState.Storing;
}

/// <summary>
/// The part the participants and answers pages share: receive a file (stored and queued by <see cref="UploadService"/>,
/// checked and stored by the background job), show the newest upload with its progress and errors, and the errors
/// as CSV. The importer's rules and messages are the command line's.
/// </summary>
[RequestSizeLimit(UploadService.MaxFileBytes + (1 << 20))]
[RequestFormLimits(MultipartBodyLengthLimit = UploadService.MaxFileBytes + (1 << 20))]
public abstract class UploadPageModel(KlantmetingDbContext db, UploadService uploads, UploadProgressBoard board, AuditLog audit) : PageModel
{
    /// <summary>Field name of the file input.</summary>
    public const string FileField = "bestand";

    /// <summary>The database of this request.</summary>
    protected KlantmetingDbContext Db => db;

    /// <summary>Kind of file this page takes.</summary>
    protected abstract UploadKind Kind { get; }

    /// <summary>Path of this page below the round.</summary>
    protected abstract string PageName { get; }

    public Round Round { get; private set; } = null!;

    /// <summary>The upload shown (the one from <c>?upload=</c>, or the newest), or null.</summary>
    public UploadStatusView? Status { get; private set; }

    /// <summary>Which upload to show.</summary>
    [BindProperty(SupportsGet = true, Name = "upload")]
    public long? UploadId { get; set; }

    /// <summary>"Sla ongeldige rijen over".</summary>
    [BindProperty(Name = "overslaan")]
    public bool SkipInvalid { get; set; }

    /// <summary>Why the file was not accepted (shown in the error summary).</summary>
    public string? Error { get; protected set; }

    /// <summary>Link of this page.</summary>
    public string Self => $"/beheer/rondes/{Uri.EscapeDataString(Round.Name)}/{PageName}";

    /// <summary>Loads the round and the upload to show; false when the round does not exist.</summary>
    protected async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name, ct);
        if (round is null)
        {
            return false;
        }

        Round = round;
        var upload = UploadId is { } id ? await uploads.FindAsync(round.Id, id, ct) : null;
        upload ??= await uploads.LatestAsync(round.Id, Kind, ct);
        if (upload is not null && upload.Kind == Kind)
        {
            // The row is the record; this process's own running job may be further than the row can show yet.
            var live = board.Find(upload.Id);
            var state = live is { } l && upload.State is UploadState.Checking or UploadState.Storing ? l.State : upload.State;
            var rowsChecked = Math.Max(upload.RowsChecked, live?.Checked ?? 0);
            var rowsStored = state == UploadState.Done ? upload.RowsStored : Math.Max(upload.RowsStored, live?.Stored ?? 0);
            var errors = upload.ErrorCount > 0 ? await uploads.ErrorsAsync(upload.Id, UploadService.ErrorsOnPage, ct) : [];
            Status = new UploadStatusView(Self, upload, rowsChecked, rowsStored, state, errors);
        }

        return true;
    }

    /// <summary>Stores the file and queues its job; then shows its progress (post/redirect/get).</summary>
    protected async Task<IActionResult> ReceiveAsync(string name, IFormFile? file, UploadChoices choices, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        if (file is null || file.Length == 0)
        {
            Error = file is null ? "Kies eerst een bestand." : $"Het bestand '{UploadService.CleanFileName(file.FileName)}' is leeg; de eerste regel moet de kolomnamen bevatten.";
            return Page();
        }

        try
        {
            await using var stream = file.OpenReadStream();
            var upload = await uploads.CreateAsync(name, Kind, file.FileName, stream, choices, ct);
            return Redirect($"{Self}?upload={upload.Id}");
        }
        catch (ImportException e)
        {
            Error = e.Message;
            return Page();
        }
    }

    /// <summary>Every error of an upload (line, field, message) as a table in the format named <paramref name="formaat"/>.</summary>
    public async Task<IActionResult> OnGetErrorsAsync(string name, string? formaat, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct) || Status is null || UploadId != Status.Upload.Id || TableFormats.Parse(formaat) is not { } format)
        {
            return NotFound();
        }

        await audit.RecordExportAsync("importfouten", Round.Name, $"fouten van bestand {Status.Upload.FileName}", ct);
        // Streamed to the response (an upload may have an error on every line), not buffered as the other downloads are.
        var fileName = $"fouten-{Path.GetFileNameWithoutExtension(Status.Upload.FileName)}{format.Extension()}";
        Response.ContentType = format.MediaType();
        Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = fileName,
        }.ToString();
        await uploads.WriteErrorsAsync(Status.Upload.Id, Response.Body, format, ct);
        return new EmptyResult();
    }
}
