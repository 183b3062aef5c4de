namespace Klantmeting.Infrastructure.Imports;

/// <summary>One problem in an import file. <see cref="Line"/> is the physical line (header = 1).</summary>
/// <param name="Line">Physical line in the file where the record starts; 1 is the header.</param>
/// <param name="Field">The column (as in the header, lower case), or null for a problem with the whole row.</param>
/// <param name="Message">What is wrong, in Dutch, naming the value where that helps.</param>
public sealed record ImportError(int Line, string? Field, string Message)
{
    /// <summary>The error as a user reads it, e.g. <c>regel 17, veld email: 'jan@@x' is geen geldig e-mailadres</c>.</summary>
    public override string ToString() =>
        Field is null ? $"regel {Line}: {Message}" : $"regel {Line}, veld {Field}: {Message}";
}

/// <summary>Outcome of an import.</summary>
/// <param name="RowsRead">Data rows in the file (header and empty lines not counted).</param>
/// <param name="RowsStored">Rows written to the database.</param>
/// <param name="RowsSkipped">Rows not written because they had an error (with skip-invalid), or all rows when nothing was stored.</param>
/// <param name="Errors">Every problem found, in file order.</param>
/// <param name="Duration">Wall-clock time of the whole import.</param>
public sealed record ImportResult(long RowsRead, long RowsStored, long RowsSkipped, IReadOnlyList<ImportError> Errors, TimeSpan Duration)
{
    /// <summary>True when every row was valid.</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Which pass an import is in.</summary>
public enum ImportPhase
{
    /// <summary>First pass: reading and checking every row; nothing is written.</summary>
    Validate,

    /// <summary>Second pass: writing the valid rows in one transaction.</summary>
    Write,

    /// <summary>The import has finished (committed or rolled back).</summary>
    Done,
}

/// <summary>Progress of an import, reported every few thousand rows.</summary>
public readonly record struct ImportProgress(ImportPhase Phase, long RowsRead, long BytesRead, long TotalBytes)
{
    /// <summary>Fraction of the current pass done, 0..1.</summary>
    public double Fraction => TotalBytes <= 0 ? 1 : Math.Clamp((double)BytesRead / TotalBytes, 0, 1);
}

/// <summary>An import that cannot start or finish (unknown or closed round, unreadable file); the Dutch message says what to fix.</summary>
public sealed class ImportException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>How an import runs; the defaults are those of the command line without options.</summary>
public sealed record ImportOptions
{
    /// <summary>Store the valid rows and skip the invalid ones; otherwise any error stores nothing.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Receives the rows checked and written.</summary>
    public IProgress<ImportProgress>? Progress { get; init; }

    /// <summary>The name of the file in messages and the audit log (an upload's own name); the path when null.</summary>
    public string? FileName { get; init; }

    /// <summary>
    /// Runs inside the import's transaction after the last row was written and before the commit, with the outcome:
    /// what it writes is committed together with the rows, or not at all. Throwing stores nothing.
    /// </summary>
    public Func<Data.BulkWrite, ImportResult, CancellationToken, Task>? BeforeCommit { get; init; }
}
