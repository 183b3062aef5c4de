using CsvHelper;

namespace Klantmeting.Infrastructure.Exports;

/// <summary>
/// The CSV format of every export, through CsvHelper: UTF-8 without BOM, RFC 4180 (comma, CRLF, a field quoted only
/// when it holds a comma, quote or line break, or when <see cref="FormulaGuard"/> neutralised it, as OWASP advises),
/// invariant culture, numbers with four decimals, <c>true</c>/<c>false</c>.
/// </summary>
public sealed class CsvTableWriter : TableWriter
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        NewLine = "\r\n",
        TrueValue = "true",
        FalseValue = "false",
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = false,
    };

    /// <summary>
    /// Dutch Excel: a semicolon (the comma is the decimal separator), a decimal comma without thousands separator, and a
    /// BOM so Excel reads the file as UTF-8. Invariant otherwise, so dates and signs read the same as in the machine CSV.
    /// </summary>
    private static readonly CsvWriterOptions DutchOptions = Options with
    {
        Separator = ';',
        FormatProvider = DecimalComma(),
        WriteByteOrderMark = true,
    };

    private readonly CsvWriter _csv;

    private CsvTableWriter(CsvWriter csv) => _csv = csv;

    /// <summary>A writer on <paramref name="output"/>, which stays open after <see cref="DisposeAsync"/>.</summary>
    public static CsvTableWriter Create(Stream output) => new(CsvWriter.Create(output, Options, leaveOpen: true));

    /// <summary>A Dutch Excel CSV writer (<see cref="TableFormat.CsvNl"/>) on <paramref name="output"/>, which stays open.</summary>
    public static CsvTableWriter CreateDutch(Stream output) => new(CsvWriter.Create(output, DutchOptions, leaveOpen: true));

    /// <inheritdoc/>
    public override void Number(double? value) => _csv.WriteField(value, NumberFormat);

    /// <inheritdoc/>
    public override void Integer(long? value) => _csv.WriteField(value, "");

    /// <inheritdoc/>
    public override void Boolean(bool value) => _csv.WriteField(value);

    /// <inheritdoc/>
    public override async ValueTask EndRowAsync(CancellationToken ct) => await _csv.EndRecordAsync(ct);

    /// <summary>Flushes the last row; the stream stays open.</summary>
    public override async ValueTask DisposeAsync()
    {
        await _csv.FlushAsync(CancellationToken.None);
        await _csv.DisposeAsync();
    }

    /// <inheritdoc/>
    protected override void WriteText(string? value, bool neutralised) =>
        _csv.WriteField(value, neutralised ? CsvQuoting.Always : CsvQuoting.WhenNeeded);

    private static NumberFormatInfo DecimalComma()
    {
        var format = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        format.NumberDecimalSeparator = ",";
        format.NumberGroupSeparator = "";
        return NumberFormatInfo.ReadOnly(format);
    }
}
