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
    public static async Task<ImportResult> RunAsync(CsvImportFile file, ImportErrorList errors, bool skipInvalid,
        IProgress<ImportProgress>? progress, Stopwatch stopwatch, Func<string[], bool> mapHeader, Func<Task> loadExisting,
        Action<CsvImportFile.CsvPass> check, Func<IReadOnlyList<int>, Task<long>> write, CancellationToken ct)
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

    /// <summary>The error of a write pass that finds what the checking pass did not: the file changed in between.</summary>
    public static ImportException FileChanged(CsvImportFile file) =>
        new($"Het bestand '{file.Path}' is tijdens de import veranderd; er is niets opgeslagen. Probeer het opnieuw.");
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
