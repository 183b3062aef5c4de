using Hangfire;
using Klantmeting.Audit;
using Klantmeting.Infrastructure.Exports;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;

namespace Klantmeting.Uploads;

/// <summary>What the user chose with the file.</summary>
/// <param name="SkipInvalid">Store the valid rows and skip the invalid ones.</param>
/// <param name="Replace">Participants only: replace the round's sample (draft rounds only).</param>
/// <param name="Mode">Answers only: telephone or paper.</param>
public sealed record UploadChoices(bool SkipInvalid = false, bool Replace = false, ResponseMode Mode = ResponseMode.Telefoon);

/// <summary>
/// Receives an uploaded file: stores it in the database in pieces, with a row that records who uploaded what, and
/// hands it to a background job (<see cref="UploadProcessor"/>) that checks and stores it with the same importers as
/// the command line. The page follows the upload's row, which survives a reload and works on every web node.
/// </summary>
public sealed class UploadService(KlantmetingDbContext db, IBackgroundJobClient jobs, TimeProvider clock, IAuditActor actor)
{
    /// <summary>The largest file accepted (a million participants with a dozen attributes fits easily).</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    /// <summary>Errors shown on the page; the rest are in the CSV download.</summary>
    public const int ErrorsOnPage = 200;

    /// <summary>Header of the errors CSV.</summary>
    public static readonly string[] ErrorsCsvHeader = ["regel", "veld", "melding"];

    /// <summary>Stores the file and queues its job.</summary>
    /// <param name="roundName">The round the file is for.</param>
    /// <param name="kind">Participants or answers.</param>
    /// <param name="fileName">The name the browser sent; folders are dropped.</param>
    /// <param name="content">The file, read once, streaming.</param>
    /// <param name="choices">Skip invalid rows, replace, mode.</param>
    /// <param name="ct">Cancels the upload; nothing is stored then.</param>
    /// <returns>The new upload (state queued).</returns>
    /// <exception cref="ImportException">No such round, no file, a file too large, or a replacement that the round does not allow.</exception>
    public async Task<Upload> CreateAsync(string roundName, UploadKind kind, string fileName, Stream content, UploadChoices choices,
        CancellationToken ct = default)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new ImportException($"Er is geen ronde met de naam '{roundName}'.");
        var name = CleanFileName(fileName);
        if (name.Length == 0)
        {
            throw new ImportException("Kies eerst een bestand.");
        }

        if (kind == UploadKind.Participants && choices.Replace)
        {
            // Said at once; the job checks again inside its transaction.
            await SampleRules.EnsureReplaceableAsync(db, round, ct);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var upload = new Upload
        {
            RoundId = round.Id,
            Kind = kind,
            FileName = name,
            UploadedBy = AuditLog.WithoutEmail(actor.Id)!,
            CreatedAt = now,
            UpdatedAt = now,
            SkipInvalid = choices.SkipInvalid,
            Replace = kind == UploadKind.Participants && choices.Replace,
            Mode = kind == UploadKind.Answers ? choices.Mode.ToString() : null,
            State = UploadState.Queued,
        };
        using (await WriteGate.EnterAsync(db, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Uploads.Add(upload);
            await db.SaveChangesAsync(ct);
            db.Entry(upload).State = EntityState.Detached;
            upload.FileLength = await StoreChunksAsync(upload.Id, content, ct);
            await db.Uploads.Where(u => u.Id == upload.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.FileLength, upload.FileLength), ct);
            await tx.CommitAsync(ct);
        }

        // Only a trigger: if it is lost (a restart of the embedded default), the sweeper finds the queued row.
        jobs.Enqueue<ProcessUploadJob>(j => j.RunAsync(upload.Id, CancellationToken.None));
        return upload;
    }

    private async Task<long> StoreChunksAsync(long uploadId, Stream content, CancellationToken ct)
    {
        var buffer = new byte[UploadChunk.Size];
        long total = 0;
        var index = 0;
        while (true)
        {
            var filled = 0;
            int read;
            while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), ct)) > 0)
            {
                filled += read;
            }

            if (filled == 0)
            {
                return total;
            }

            total += filled;
            if (total > MaxFileBytes)
            {
                throw new ImportException(
                    $"Het bestand is groter dan {(MaxFileBytes / (1024 * 1024)).ToString("N0", Dutch)} MB; splits het in delen en upload die na elkaar.");
            }

            var chunk = new UploadChunk { UploadId = uploadId, Index = index++, Data = filled == buffer.Length ? buffer : buffer[..filled] };
            db.UploadChunks.Add(chunk);
            await db.SaveChangesAsync(ct);
            // Not kept: the change tracker would hold every megabyte of the file.
            db.Entry(chunk).State = EntityState.Detached;
            buffer = new byte[UploadChunk.Size];
        }
    }

    /// <summary>The name without folders (browsers of old sent the whole path) and without control characters.</summary>
    public static string CleanFileName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return name.Length > Upload.FileNameMaxLength ? name[..Upload.FileNameMaxLength] : name;
    }

    /// <summary>The newest upload of this kind for the round, or null.</summary>
    public Task<Upload?> LatestAsync(int roundId, UploadKind kind, CancellationToken ct = default) =>
        db.Uploads.AsNoTracking().Where(u => u.RoundId == roundId && u.Kind == kind)
            .OrderByDescending(u => u.Id).FirstOrDefaultAsync(ct);

    /// <summary>An upload of the round, or null.</summary>
    public Task<Upload?> FindAsync(int roundId, long id, CancellationToken ct = default) =>
        db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id && u.RoundId == roundId, ct);

    /// <summary>The first <paramref name="take"/> errors of an upload, in file order.</summary>
    public async Task<IReadOnlyList<ImportError>> ErrorsAsync(long uploadId, int take = ErrorsOnPage, CancellationToken ct = default) =>
        await db.UploadErrors.AsNoTracking().Where(e => e.UploadId == uploadId).OrderBy(e => e.Number).Take(take)
            .Select(e => new ImportError(e.Line, e.Field, e.Message)).ToListAsync(ct);

    /// <summary>Writes every error of an upload as CSV (line, field, message), formula-safe.</summary>
    public Task WriteErrorsCsvAsync(long uploadId, Stream output, CancellationToken ct = default) => WriteErrorsAsync(uploadId, output, TableFormat.Csv, ct);

    /// <summary>As <see cref="WriteErrorsCsvAsync"/>, in <paramref name="format"/>.</summary>
    public async Task WriteErrorsAsync(long uploadId, Stream output, TableFormat format, CancellationToken ct = default)
    {
        await using var writer = TableFormats.CreateWriter(output, format, "Fouten");
        await writer.HeaderAsync(ErrorsCsvHeader, ct);
        await foreach (var e in db.UploadErrors.AsNoTracking().Where(e => e.UploadId == uploadId).OrderBy(e => e.Number)
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.Integer(e.Line);
            writer.Text(e.Field);
            writer.Text(e.Message);
            await writer.EndRowAsync(ct);
        }
    }

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
}
