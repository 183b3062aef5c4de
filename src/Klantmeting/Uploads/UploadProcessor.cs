using System.Collections.Concurrent;
using Klantmeting.Audit;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Surveys;

namespace Klantmeting.Uploads;

/// <summary>
/// The background half of an upload: claims the upload's row, rebuilds the file from its pieces in a temporary
/// folder, runs the importer of its kind (the same service and messages as the command line) and records the outcome.
/// Safe to run twice and on several machines: a guarded UPDATE claims the row (queued, or a lease that ran out), and
/// the outcome <see cref="UploadState.Done"/> is written inside the import's own transaction, so rows are stored
/// exactly once together with the state that says so.
/// </summary>
public sealed class UploadProcessor(KlantmetingDbContext db, ISurveyCatalog surveys, TimeProvider clock, IServiceScopeFactory scopes,
    UploadProgressBoard board, ILogger<UploadProcessor> logger)
{
    /// <summary>How long a worker holds an upload without a sign of life; progress renews it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>How long a queued upload waits for its own job before the sweeper runs it.</summary>
    public static readonly TimeSpan QueuedGrace = TimeSpan.FromSeconds(30);

    private const string GenericFailure =
        "Er ging iets mis bij het verwerken van het bestand; er is niets opgeslagen. Probeer het opnieuw; lukt het dan nog niet, " +
        "vraag de beheerder van de server om in het logboek van de server te kijken.";

    /// <summary>Checks and stores the upload, unless another run has it or it is finished.</summary>
    /// <returns>True when this run processed it.</returns>
    public async Task<bool> ProcessAsync(long uploadId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        int claimed;
        using (await WriteGate.EnterAsync(db, ct))
        {
            claimed = await db.Uploads
                .Where(u => u.Id == uploadId && (u.State == UploadState.Queued
                    || ((u.State == UploadState.Checking || u.State == UploadState.Storing) && u.LeaseUntil < now)))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, UploadState.Checking).SetProperty(u => u.Attempts, u => u.Attempts + 1)
                    .SetProperty(u => u.LeaseUntil, now + Lease).SetProperty(u => u.RowsChecked, 0L).SetProperty(u => u.RowsStored, 0L)
                    .SetProperty(u => u.UpdatedAt, now), ct);
        }

        if (claimed == 0)
        {
            return false;
        }

        var upload = await db.Uploads.AsNoTracking().SingleAsync(u => u.Id == uploadId, ct);
        var folder = Path.Combine(Path.GetTempPath(), $"klantmeting-upload-{upload.Id}-{upload.Attempts}-{Guid.NewGuid():N}");
        await using var progress = new UploadProgressWriter(scopes, board, clock, upload.Id, upload.Attempts, Lease);
        try
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, SafeName(upload.FileName));
            await RebuildFileAsync(upload.Id, path, ct);
            await RunImportAsync(upload, path, progress, ct);
        }
        catch (UploadTakenOverException)
        {
            logger.LogWarning("Upload {Id}: another run took it over; this run stored nothing.", upload.Id);
        }
        catch (ImportException e)
        {
            await FinishFailedAsync(upload, null, e.Message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Upload {Id} failed.", upload.Id);
            await FinishFailedAsync(upload, null, GenericFailure, CancellationToken.None);
        }
        finally
        {
            TryDelete(folder);
        }

        return true;
    }

    /// <summary>Runs every upload that waits too long for its job or whose worker stopped (the lease ran out).</summary>
    /// <returns>The uploads this run processed.</returns>
    public async Task<int> ResumeAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var queuedBefore = now - QueuedGrace;
        var ids = await db.Uploads.AsNoTracking()
            .Where(u => (u.State == UploadState.Queued && u.CreatedAt < queuedBefore)
                || ((u.State == UploadState.Checking || u.State == UploadState.Storing) && u.LeaseUntil < now))
            .OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct);
        var processed = 0;
        foreach (var id in ids)
        {
            if (await ProcessAsync(id, ct))
            {
                processed++;
            }
        }

        return processed;
    }

    private async Task RunImportAsync(Upload upload, string path, UploadProgressWriter progress, CancellationToken ct)
    {
        // The audit entry names the user who uploaded, not the job.
        var audit = new AuditLog(db, clock, new FixedAuditActor(upload.UploadedBy));
        var committed = false;
        var options = new ImportOptions
        {
            SkipInvalid = upload.SkipInvalid,
            Progress = progress,
            FileName = upload.FileName,
            BeforeCommit = async (bulk, result, token) =>
            {
                await FinishDoneInTransactionAsync(bulk, upload, result, token);
                committed = true;
            },
        };
        var roundName = await db.Rounds.AsNoTracking().Where(r => r.Id == upload.RoundId).Select(r => r.Name).SingleAsync(ct);
        var result = upload.Kind == UploadKind.Participants
            ? await new ParticipantImporter(db, surveys, clock, audit).ImportAsync(roundName, path, options, upload.Replace, ct)
            : await new ResponseImporter(db, surveys, clock, audit).ImportAsync(roundName, path,
                Enum.Parse<ResponseMode>(upload.Mode ?? nameof(ResponseMode.Telefoon)), options, ct);
        if (!committed)
        {
            // Errors without skip-invalid, or a header that cannot be used: nothing was written.
            await FinishFailedAsync(upload, result, null, ct);
        }
    }

    private async Task RebuildFileAsync(long uploadId, string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var count = await db.UploadChunks.CountAsync(c => c.UploadId == uploadId, ct);
        // One piece at a time: the file is never whole in memory.
        for (var index = 0; index < count; index++)
        {
            var i = index;
            var data = await db.UploadChunks.AsNoTracking().Where(c => c.UploadId == uploadId && c.Index == i).Select(c => c.Data).SingleAsync(ct);
            await file.WriteAsync(data, ct);
        }
    }

    /// <summary>Inside the import's transaction: marks the upload done, keeps the skipped rows' errors, drops the file.</summary>
    private async Task FinishDoneInTransactionAsync(BulkWrite bulk, Upload upload, ImportResult result, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = await Mine(upload).ExecuteUpdateAsync(s => s.SetProperty(u => u.State, UploadState.Done)
            .SetProperty(u => u.RowsChecked, result.RowsRead).SetProperty(u => u.RowsStored, result.RowsStored)
            .SetProperty(u => u.RowsSkipped, result.RowsSkipped).SetProperty(u => u.ErrorCount, result.Errors.Count)
            .SetProperty(u => u.LeaseUntil, (DateTime?)null).SetProperty(u => u.UpdatedAt, now).SetProperty(u => u.FinishedAt, now), ct);
        if (marked == 0)
        {
            // Another run owns the upload now: throwing rolls back every row of this run.
            throw new UploadTakenOverException();
        }

        await AddErrorsAsync(bulk, upload.Id, result.Errors, ct);
        await db.UploadChunks.Where(c => c.UploadId == upload.Id).ExecuteDeleteAsync(ct);
    }

    private async Task FinishFailedAsync(Upload upload, ImportResult? result, string? message, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await BulkWrite.RunAsync(db, async bulk =>
        {
            var marked = await Mine(upload).ExecuteUpdateAsync(s => s.SetProperty(u => u.State, UploadState.Failed)
                .SetProperty(u => u.RowsChecked, result == null ? 0 : result.RowsRead).SetProperty(u => u.RowsStored, 0L)
                .SetProperty(u => u.RowsSkipped, result == null ? 0 : result.RowsRead)
                .SetProperty(u => u.ErrorCount, result == null ? 0 : result.Errors.Count)
                .SetProperty(u => u.Message, message == null ? null : Clip(message, Upload.MessageMaxLength))
                .SetProperty(u => u.LeaseUntil, (DateTime?)null).SetProperty(u => u.UpdatedAt, now).SetProperty(u => u.FinishedAt, now), ct);
            if (marked > 0)
            {
                await AddErrorsAsync(bulk, upload.Id, result?.Errors ?? [], ct);
                // The file may hold e-mail addresses: it is not kept once it has been read.
                await db.UploadChunks.Where(c => c.UploadId == upload.Id).ExecuteDeleteAsync(ct);
            }

            return marked;
        }, ct);
    }

    private static async Task AddErrorsAsync(BulkWrite bulk, long uploadId, IReadOnlyList<ImportError> errors, CancellationToken ct)
    {
        if (errors.Count == 0)
        {
            return;
        }

        var inserter = bulk.Inserter<UploadError>(250,
            nameof(UploadError.UploadId), nameof(UploadError.Number), nameof(UploadError.Line), nameof(UploadError.Field), nameof(UploadError.Message));
        for (var i = 0; i < errors.Count; i++)
        {
            var e = errors[i];
            inserter.Add(uploadId, i, e.Line, Clip(e.Field, UploadError.FieldMaxLength), Clip(e.Message, UploadError.MessageMaxLength));
            if (i % 1000 == 999)
            {
                await bulk.FlushAsync(ct);
            }
        }

        await bulk.FlushAsync(ct);
    }

    /// <summary>The upload's row while this run still owns it.</summary>
    private IQueryable<Upload> Mine(Upload upload) =>
        db.Uploads.Where(u => u.Id == upload.Id && u.Attempts == upload.Attempts
            && (u.State == UploadState.Checking || u.State == UploadState.Storing));

    private static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string([.. name.Select(c => invalid.Contains(c) ? '_' : c)]);
        return safe is "" or "." or ".." ? "bestand" : safe;
    }

    private static string? Clip(string? value, int max) => value is { Length: var n } && n > max ? value[..max] : value;

    private void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the temporary folder {Folder}.", folder);
        }
    }

    private sealed class UploadTakenOverException : Exception;
}

/// <summary>
/// The live progress of the uploads this process is running. The database row is the record; while a SQLite
/// import holds the file's only write lock, its progress cannot reach the row, so the page of the same process (the
/// embedded default runs pages and jobs in one process) reads it here too.
/// </summary>
public sealed class UploadProgressBoard
{
    private readonly ConcurrentDictionary<long, (UploadState State, long Checked, long Stored)> _live = new();

    /// <summary>The live progress of an upload this process is running, or null.</summary>
    public (UploadState State, long Checked, long Stored)? Find(long uploadId) => _live.TryGetValue(uploadId, out var p) ? p : null;

    internal void Set(long uploadId, UploadState state, long rowsChecked, long rowsStored) => _live[uploadId] = (state, rowsChecked, rowsStored);

    internal void Remove(long uploadId) => _live.TryRemove(uploadId, out _);
}

/// <summary>
/// Receives an import's progress and writes it, with a renewed lease, to the upload's row about once a second from
/// its own connection, so a slow write never holds up the import.
/// </summary>
internal sealed class UploadProgressWriter : IProgress<ImportProgress>, IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly UploadProgressBoard _board;
    private readonly TimeProvider _clock;
    private readonly (long Id, int Attempt) _upload;
    private readonly TimeSpan _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private UploadState _state = UploadState.Checking;
    private long _checked;
    private long _stored;

    public UploadProgressWriter(IServiceScopeFactory scopes, UploadProgressBoard board, TimeProvider clock, long uploadId, int attempt, TimeSpan lease)
    {
        (_scopes, _board, _clock, _upload, _lease) = (scopes, board, clock, (uploadId, attempt), lease);
        _board.Set(uploadId, _state, 0, 0);
        _loop = Task.Run(LoopAsync);
    }

    public void Report(ImportProgress value)
    {
        lock (_stop)
        {
            switch (value.Phase)
            {
                case ImportPhase.Validate:
                    _checked = value.RowsRead;
                    break;
                case ImportPhase.Write:
                    _state = UploadState.Storing;
                    _stored = value.RowsRead;
                    break;
            }

            _board.Set(_upload.Id, _state, _checked, _stored);
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                UploadState state;
                long rowsChecked, rowsStored;
                lock (_stop)
                {
                    (state, rowsChecked, rowsStored) = (_state, _checked, _stored);
                }

                // Written even without news: the write renews the lease.
                await WriteAsync(state, rowsChecked, rowsStored, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WriteAsync(UploadState state, long rowsChecked, long rowsStored, CancellationToken ct)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            var now = _clock.GetUtcNow().UtcDateTime;
            using (await WriteGate.EnterAsync(db, ct))
            {
                await db.Uploads.Where(u => u.Id == _upload.Id && u.Attempts == _upload.Attempt
                        && (u.State == UploadState.Checking || u.State == UploadState.Storing))
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, state).SetProperty(u => u.RowsChecked, rowsChecked)
                        .SetProperty(u => u.RowsStored, rowsStored).SetProperty(u => u.LeaseUntil, now + _lease)
                        .SetProperty(u => u.UpdatedAt, now), ct);
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // Progress is a courtesy: a missed write only delays the bar; the outcome is written by the import itself.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _board.Remove(_upload.Id);
        _stop.Dispose();
    }
}
