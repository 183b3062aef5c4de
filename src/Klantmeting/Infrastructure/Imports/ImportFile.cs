namespace Klantmeting.Infrastructure.Imports;

/// <summary>
/// A file an import reads in passes (check, then write), each streaming: CSV (<see cref="CsvImportFile"/>) or the
/// first sheet of an Excel workbook (<see cref="XlsxImportFile"/>). Both give the same header and rows to the same
/// checks, so a row is accepted or refused the same way whichever format it came in.
/// </summary>
/// <param name="path">Where the file is read from.</param>
/// <param name="displayName">The name messages use.</param>
/// <param name="length">Size in bytes.</param>
internal abstract class ImportFile(string path, string displayName, long length)
{
    /// <summary>Where the file is read from.</summary>
    public string Path { get; } = path;

    /// <summary>The name messages use: the path given on the command line, or the name of an uploaded file.</summary>
    public string DisplayName { get; } = displayName;

    /// <summary>Size in bytes.</summary>
    public long Length { get; } = length;

    /// <summary>Opens <paramref name="path"/> by its extension: <c>.xlsx</c> as a workbook, anything else as CSV.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="displayName">The name to use in messages; the path when null.</param>
    /// <param name="ct">Cancels the detection scan.</param>
    /// <exception cref="ImportException">The file does not exist, cannot be read, is empty or is no workbook.</exception>
    public static async Task<ImportFile> OpenAsync(string path, string? displayName, CancellationToken ct) =>
        IsWorkbook(displayName ?? path)
            ? XlsxImportFile.Open(path, displayName ?? path)
            : await CsvImportFile.OpenAsync(path, ct, displayName);

    /// <summary>True for a name ending in <c>.xlsx</c> (case ignored).</summary>
    public static bool IsWorkbook(string name) => name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Starts one streaming pass over the file.</summary>
    public abstract ImportPass Read(ImportPhase phase, IProgress<ImportProgress>? progress);
}

/// <summary>One streaming pass over an import file: the header, then the records with their line numbers.</summary>
internal abstract class ImportPass : IDisposable
{
    /// <summary>Header names, trimmed (case as in the file).</summary>
    public abstract string[] Header { get; }

    /// <summary>Data rows read so far.</summary>
    public abstract long RowsRead { get; }

    /// <summary>Line where the current record starts (header = 1): the physical line of a CSV, the row of a sheet.</summary>
    public abstract int Line { get; }

    /// <summary>Fields in the current record.</summary>
    public abstract int FieldCount { get; }

    /// <summary>True when the current record has a stray or unclosed quote (CSV only).</summary>
    public abstract bool IsMalformed { get; }

    /// <summary>Field <paramref name="index"/>, trimmed; empty when missing.</summary>
    public abstract string this[int index] { get; }

    /// <summary>Moves to the next record; false at the end.</summary>
    /// <exception cref="ImportException">The file cannot be read further.</exception>
    public abstract bool Read();

    /// <summary>Closes the file.</summary>
    public abstract void Dispose();
}
