namespace Klantmeting.Infrastructure.Exports;

/// <summary>The file formats of every table export and download.</summary>
public enum TableFormat
{
    /// <summary>Machine CSV (<see cref="CsvTableWriter.Create"/>): comma, decimal point, UTF-8 without BOM. The default.</summary>
    Csv,

    /// <summary>Dutch Excel CSV (<see cref="CsvTableWriter.CreateDutch"/>): semicolon, decimal comma, UTF-8 with BOM.</summary>
    CsvNl,

    /// <summary>An Excel workbook (<see cref="XlsxTableWriter"/>): typed cells, a header row, the header frozen.</summary>
    Xlsx,
}

/// <summary>Names, file extensions, media types and writers of the <see cref="TableFormat"/>s: the one place that knows them.</summary>
public static class TableFormats
{
    /// <summary>Media type of an XLSX workbook.</summary>
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The names the CLI (<c>--format</c>) and the pages (<c>formaat</c>) accept, in this order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["csv", "csv-nl", "xlsx"];

    /// <summary>The format named <paramref name="name"/> (any case); no name is <see cref="TableFormat.Csv"/>; an unknown name is null.</summary>
    public static TableFormat? Parse(string? name) => string.IsNullOrEmpty(name) ? TableFormat.Csv : name.ToLowerInvariant() switch
    {
        "csv" => TableFormat.Csv,
        "csv-nl" => TableFormat.CsvNl,
        "xlsx" => TableFormat.Xlsx,
        _ => null,
    };

    /// <summary>The name of <paramref name="format"/> as <see cref="Parse"/> reads it (<c>csv</c>, <c>csv-nl</c>, <c>xlsx</c>).</summary>
    public static string Name(this TableFormat format) => format switch
    {
        TableFormat.CsvNl => "csv-nl",
        TableFormat.Xlsx => "xlsx",
        _ => "csv",
    };

    /// <summary>The file extension with its dot: <c>.xlsx</c> for a workbook, <c>.csv</c> for both CSV formats (Excel opens both).</summary>
    public static string Extension(this TableFormat format) => format == TableFormat.Xlsx ? ".xlsx" : ".csv";

    /// <summary>The media type of a download in <paramref name="format"/>.</summary>
    public static string MediaType(this TableFormat format) => format == TableFormat.Xlsx ? XlsxMediaType : "text/csv; charset=utf-8";

    /// <summary>
    /// A writer of <paramref name="format"/> on <paramref name="output"/>, which stays open after the writer is disposed.
    /// </summary>
    /// <param name="output">Where the table goes.</param>
    /// <param name="format">The file format.</param>
    /// <param name="sheetName">The name of the one sheet of a workbook (not used by CSV).</param>
    public static TableWriter CreateWriter(Stream output, TableFormat format, string sheetName) => format switch
    {
        TableFormat.CsvNl => CsvTableWriter.CreateDutch(output),
        TableFormat.Xlsx => XlsxTableWriter.Create(output, sheetName),
        _ => CsvTableWriter.Create(output),
    };
}
