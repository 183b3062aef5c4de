using System.Diagnostics;

namespace Klantmeting.Infrastructure.Imports;

/// <summary>
/// The shape every bulk import shares: a checking pass over the whole file (nothing held in memory but what the
/// checks need), then, when the file is clean or invalid rows may be skipped, a writing pass.
/// </summary>
internal static class TwoPassImport
{
    /// <param name="mapHeader">Maps the header row; false when it is unusable (its errors are in <paramref name="errors"/>).</param>
    /// <param name="loadExisting">Loads what rows are checked against (e.g. refs already in the round).</param>
    /// <param name="check">Checks one row of the first pass, adding its errors to <paramref name="errors"/>.</param>
    /// <param name="write">Writes every row not in the given invalid lines; returns the rows stored.</param>
    /// <param name="file">The opened file.</param>
    /// <param name="errors">Every error found, returned in the result.</param>
    /// <param name="skipInvalid">Write the valid rows even when some are invalid.</param>
    /// <param name="progress">Receives the rows checked and written.</param>
    /// <param name="stopwatch">Running since the import started, for the progress reports.</param>
    /// <param name="ct">Cancels the import; nothing is stored then.</param>
    public static async Task<ImportResult> RunAsync(ImportFile file, ImportErrorList errors, bool skipInvalid,
        IProgress<ImportProgress>? progress, Stopwatch stopwatch, Func<string[], bool> mapHeader, Func<Task> loadExisting,
        Action<ImportPass> check, Func<IReadOnlyList<int>, Task<long>> write, CancellationToken ct)
    {
        long rowsRead;
        using (var pass = file.Read(ImportPhase.Validate, progress))
        {
            if (!mapHeader(pass.Header))
            {
                return new ImportResult(0, 0, 0, errors.Errors, stopwatch.Elapsed);
            }

            await loadExisting();
            while (pass.Read())
            {
                ct.ThrowIfCancellationRequested();
                check(pass);
            }

            rowsRead = pass.RowsRead;
        }

        var invalid = errors.InvalidLines;
        if (errors.Count > 0 && !skipInvalid)
        {
            progress?.Report(new ImportProgress(ImportPhase.Done, rowsRead, file.Length, file.Length));
            return new ImportResult(rowsRead, 0, rowsRead, errors.Errors, stopwatch.Elapsed);
        }

        var stored = await write(invalid);
        progress?.Report(new ImportProgress(ImportPhase.Done, rowsRead, file.Length, file.Length));
        return new ImportResult(rowsRead, stored, invalid.Count, errors.Errors, stopwatch.Elapsed);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one bulk write (one transaction) and afterwards refreshes the planner statistics
    /// of <paramref name="tables"/>, so the first report after a large import is not planned on empty statistics.
    /// </summary>
    /// <param name="db">The database.</param>
    /// <param name="write">The write pass; returns the rows stored.</param>
    /// <param name="refused">What to tell the user when the database refuses the rows (its own message is added).</param>
    /// <param name="tables">Entities whose tables were written.</param>
    /// <param name="ct">Cancels the import; nothing is stored then.</param>
    /// <exception cref="ImportException">The database refused the rows; nothing was stored.</exception>
    public static async Task<long> WriteInOneTransactionAsync(DbContext db, Func<BulkWrite, Task<long>> write, string refused, Type[] tables,
        CancellationToken ct)
    {
        long stored;
        try
        {
            stored = await BulkWrite.RunAsync(db, write, ct);
        }
        catch (DbException e)
        {
            throw new ImportException($"{refused} ({e.Message})", e);
        }

        // Not part of the import: a failure here is never reported as a failed import (issue 14).
        await DatabaseStatistics.RefreshAsync(db, tables, ct);
        return stored;
    }

    /// <summary>
    /// The write pass of a bulk import: reads the file again, skips the invalid lines of the checking pass, checks each
    /// other row again (a new error means the file changed in between) and hands it to <paramref name="add"/>, writing
    /// the buffered rows every <paramref name="rowsPerFlush"/> rows. Runs inside <paramref name="bulk"/>'s transaction.
    /// </summary>
    /// <param name="file">The file of the checking pass.</param>
    /// <param name="bulk">The bulk write the rows go into.</param>
    /// <param name="invalid">Start lines of the rows the checking pass found invalid, ascending.</param>
    /// <param name="errors">The errors of the checking pass; <paramref name="check"/> adds to it.</param>
    /// <param name="mapHeader">Maps the header again; false means the file changed.</param>
    /// <param name="check">Checks the current row and returns its values.</param>
    /// <param name="add">Buffers the checked row in the bulk write's inserters.</param>
    /// <param name="rowsPerFlush">Rows buffered before the inserters write.</param>
    /// <param name="options">The progress receiver and the step before the commit.</param>
    /// <param name="stopwatch">Running since the import started, for the result given to the step before the commit.</param>
    /// <param name="ct">Cancels the import; nothing is stored then.</param>
    /// <returns>The rows written.</returns>
    /// <exception cref="ImportException">The file changed since the checking pass.</exception>
    public static async Task<long> WritePassAsync<TRow>(ImportFile file, BulkWrite bulk, IReadOnlyList<int> invalid, ImportErrorList errors,
        Func<string[], bool> mapHeader, Func<ImportPass, TRow> check, Action<TRow> add, int rowsPerFlush, ImportOptions options,
        Stopwatch stopwatch, CancellationToken ct)
    {
        var skipped = new SkippedLines(invalid);
        var buffered = 0;
        long written = 0;
        using var pass = file.Read(ImportPhase.Write, options.Progress);
        if (!mapHeader(pass.Header))
        {
            throw FileChanged(file);
        }

        while (pass.Read())
        {
            ct.ThrowIfCancellationRequested();
            if (skipped.Contains(pass.Line))
            {
                continue;
            }

            var before = errors.Count;
            var row = check(pass);
            if (errors.Count != before)
            {
                throw FileChanged(file);
            }

            add(row);
            written++;
            if (++buffered == rowsPerFlush)
            {
                await bulk.FlushAsync(ct);
                buffered = 0;
            }
        }

        await bulk.FlushAsync(ct);
        if (options.BeforeCommit is { } beforeCommit)
        {
            await beforeCommit(bulk, new ImportResult(pass.RowsRead, written, invalid.Count, errors.Errors, stopwatch.Elapsed), ct);
        }

        return written;
    }

    /// <summary>The error of a write pass that finds what the checking pass did not: the file changed in between.</summary>
    public static ImportException FileChanged(ImportFile file) =>
        new($"Het bestand '{file.DisplayName}' is tijdens de import veranderd; er is niets opgeslagen. Probeer het opnieuw.");
}

/// <summary>
/// The invalid lines of the checking pass, asked in ascending line order by the write pass: a cursor over the sorted
/// list, so each row costs no search.
/// </summary>
internal sealed class SkippedLines(IReadOnlyList<int> sortedLines)
{
    private int _next;

    /// <summary>Whether <paramref name="line"/> was invalid; lines must be asked in ascending order.</summary>
    public bool Contains(int line)
    {
        while (_next < sortedLines.Count && sortedLines[_next] < line)
        {
            _next++;
        }

        return _next < sortedLines.Count && sortedLines[_next] == line;
    }
}
