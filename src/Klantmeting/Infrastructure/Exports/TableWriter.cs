namespace Klantmeting.Infrastructure.Exports;

/// <summary>
/// Writes an export as rows of typed cells. Exports say what each cell is (text, number, whole number, yes/no), and
/// the format decides how to write it; text always passes <see cref="FormulaGuard"/> first, here, so no format and no
/// export can forget it. <see cref="CsvTableWriter"/> writes both CSV formats, <see cref="XlsxTableWriter"/> the workbook;
/// <see cref="TableFormats.CreateWriter"/> picks one for a <see cref="TableFormat"/>.
/// </summary>
public abstract class TableWriter : IAsyncDisposable
{
    /// <summary>Four decimals: the precision of every figure in the exports.</summary>
    public const string NumberFormat = "F4";

    /// <summary>A text cell; null is an empty cell. Text that a spreadsheet would run as a formula is neutralised.</summary>
    public void Text(string? value)
    {
        var safe = value is null ? null : FormulaGuard.Neutralise(value);
        WriteText(safe, !ReferenceEquals(safe, value));
    }

    /// <summary>A number with four decimals (<see cref="NumberFormat"/>, invariant culture); null is an empty cell.</summary>
    public abstract void Number(double? value);

    /// <summary>A whole number; null is an empty cell.</summary>
    public abstract void Integer(long? value);

    /// <summary>A yes/no cell.</summary>
    public abstract void Boolean(bool value);

    /// <summary>Ends the current row.</summary>
    public abstract ValueTask EndRowAsync(CancellationToken ct);

    /// <summary>A header row of column names (text cells).</summary>
    public async ValueTask HeaderAsync(IEnumerable<string> names, CancellationToken ct)
    {
        foreach (var name in names)
        {
            Text(name);
        }

        await EndRowAsync(ct);
    }

    /// <summary>
    /// A whole table: the header row (comma-separated column names), then one row per item of
    /// <paramref name="rows"/>, whose cells <paramref name="cells"/> writes.
    /// </summary>
    public async ValueTask WriteTableAsync<T>(string header, IEnumerable<T> rows, Action<TableWriter, T> cells, CancellationToken ct)
    {
        await HeaderAsync(header.Split(','), ct);
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            cells(this, row);
            await EndRowAsync(ct);
        }
    }

    /// <summary>As <see cref="WriteTableAsync{T}(string, IEnumerable{T}, Action{TableWriter, T}, CancellationToken)"/>, for rows streamed from the database.</summary>
    public async ValueTask WriteTableAsync<T>(string header, IAsyncEnumerable<T> rows, Action<TableWriter, T> cells, CancellationToken ct)
    {
        await HeaderAsync(header.Split(','), ct);
        await foreach (var row in rows.WithCancellation(ct))
        {
            cells(this, row);
            await EndRowAsync(ct);
        }
    }

    /// <summary>Writes everything still buffered and releases the output (which the caller may have left open).</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>Writes a text cell that has passed <see cref="FormulaGuard"/>.</summary>
    /// <param name="value">The safe text, or null for an empty cell.</param>
    /// <param name="neutralised">True when <see cref="FormulaGuard"/> changed it (a format may mark such a cell further).</param>
    protected abstract void WriteText(string? value, bool neutralised);
}
