using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Klantmeting.Infrastructure.Exports;

/// <summary>
/// The Excel format of an export: one sheet, through MiniExcel, with the same cells as <see cref="CsvTableWriter"/>
/// (the header is the first row, frozen so it stays in view; numbers are typed numbers with the value the CSV shows, four
/// decimals; whole numbers whole; text passed through <see cref="FormulaGuard"/> so a cell reads the same as in the CSV). The rows are kept in memory and written on
/// <see cref="DisposeAsync"/>: meant for tables of thousands of rows, not millions.
/// </summary>
public sealed class XlsxTableWriter : TableWriter
{
    private static readonly OpenXmlConfiguration Configuration = new() { FreezeRowCount = 1, FreezeColumnCount = 0 };

    private readonly Stream _output;
    private readonly string _sheet;
    private readonly List<Dictionary<string, object?>> _rows = [];
    private Dictionary<string, object?> _row = [];

    private XlsxTableWriter(Stream output, string sheet) => (_output, _sheet) = (output, sheet);

    /// <summary>A writer on <paramref name="output"/>, which stays open after <see cref="DisposeAsync"/>.</summary>
    /// <param name="output">Where the workbook goes.</param>
    /// <param name="sheetName">Name of the one sheet.</param>
    public static XlsxTableWriter Create(Stream output, string sheetName) => new(output, sheetName);

    // The value of the CSV's four-decimal text, so a cell equals the CSV (Math.Round can differ from it at a midpoint).
    /// <inheritdoc/>
    public override void Number(double? value) =>
        Add(value is { } v ? double.Parse(v.ToString(NumberFormat, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null);

    /// <inheritdoc/>
    public override void Integer(long? value) => Add(value);

    /// <inheritdoc/>
    public override void Boolean(bool value) => Add(value);

    /// <inheritdoc/>
    public override ValueTask EndRowAsync(CancellationToken ct)
    {
        _rows.Add(_row);
        _row = new Dictionary<string, object?>(_row.Count, StringComparer.Ordinal);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes the workbook; the stream stays open.</summary>
    public override async ValueTask DisposeAsync()
    {
        // Columns are keyed by position and the header is an ordinary first row, so equal column names cannot clash.
        // Through a buffer: the zip writer writes synchronously, which a response body refuses.
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, _rows, printHeader: false, sheetName: _sheet, excelType: ExcelType.XLSX, configuration: Configuration);
        buffer.Position = 0;
        await buffer.CopyToAsync(_output);
    }

    // A line break in a cell is LF in Excel; XML would read a written CR as LF anyway, so the file says what is read.
    /// <inheritdoc/>
    protected override void WriteText(string? value, bool neutralised) =>
        Add(value?.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'));

    private void Add(object? value) => _row[_row.Count.ToString(CultureInfo.InvariantCulture)] = value;
}
