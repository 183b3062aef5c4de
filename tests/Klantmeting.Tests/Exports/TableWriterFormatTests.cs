using System.Text;
using Klantmeting.Infrastructure.Exports;
using MiniExcelLibs;

namespace Klantmeting.Tests.Exports;

/// <summary>The three table formats on one row of every cell type: what each writes, byte for byte where it is text.</summary>
public sealed class TableWriterFormatTests
{
    private static async Task<byte[]> WriteAsync(TableFormat format)
    {
        using var output = new MemoryStream();
        await using (var writer = TableFormats.CreateWriter(output, format, "Blad"))
        {
            await writer.HeaderAsync(["tekst", "formule", "puntkomma", "getal", "negatief", "groot", "geheel", "leeg", "ja", "datum"], CancellationToken.None);
            writer.Text("WP-A");
            writer.Text("=1+1");
            writer.Text("a;b");
            writer.Number(7.123456);
            writer.Number(-0.42);
            writer.Number(12345.5);
            writer.Integer(-3);
            writer.Number(null);
            writer.Boolean(true);
            writer.Text("2009-09-14T10:00:00Z");
            await writer.EndRowAsync(CancellationToken.None);
        }

        return output.ToArray();
    }

    [Fact]
    public async Task Machine_csv_is_unchanged()
    {
        Assert.Equal("tekst,formule,puntkomma,getal,negatief,groot,geheel,leeg,ja,datum\r\nWP-A,\"'=1+1\",a;b,7.1235,-0.4200,12345.5000,-3,,true,2009-09-14T10:00:00Z\r\n",
            Encoding.UTF8.GetString(await WriteAsync(TableFormat.Csv)));
    }

    [Fact]
    public async Task Dutch_csv_has_a_bom_semicolons_and_decimal_commas_without_thousands_separator()
    {
        var bytes = await WriteAsync(TableFormat.CsvNl);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("tekst;formule;puntkomma;getal;negatief;groot;geheel;leeg;ja;datum\r\nWP-A;\"'=1+1\";\"a;b\";7,1235;-0,4200;12345,5000;-3;;true;2009-09-14T10:00:00Z\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task Xlsx_has_typed_numbers_the_header_row_and_a_frozen_pane()
    {
        var bytes = await WriteAsync(TableFormat.Xlsx);
        using var stream = new MemoryStream(bytes);

        Assert.Equal(["Blad"], MiniExcel.GetSheetNames(stream));
        stream.Position = 0;
        var rows = MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(new object?[] { "tekst", "formule", "puntkomma", "getal", "negatief", "groot", "geheel", "leeg", "ja", "datum" }, rows[0]);
        var row = rows[1];
        Assert.Equal("WP-A", row[0]);
        Assert.Equal("'=1+1", row[1]);
        Assert.Equal("a;b", row[2]);
        Assert.Equal(7.1235, Assert.IsType<double>(row[3]));
        Assert.Equal(-0.42, Assert.IsType<double>(row[4]));
        Assert.Equal(12345.5, Assert.IsType<double>(row[5]));
        Assert.Equal(-3.0, Convert.ToDouble(row[6], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(row[7] is null or "");
        Assert.Equal(true, row[8]);
        Assert.Equal("2009-09-14T10:00:00Z", row[9]);
        Assert.True(TableFormatAssert.HasFrozenHeader(bytes));
    }

    [Theory]
    [InlineData(null, TableFormat.Csv)]
    [InlineData("", TableFormat.Csv)]
    [InlineData("csv", TableFormat.Csv)]
    [InlineData("CSV-NL", TableFormat.CsvNl)]
    [InlineData("xlsx", TableFormat.Xlsx)]
    [InlineData("sav", null)]
    public void Names_parse(string? name, TableFormat? format)
    {
        Assert.Equal(format, TableFormats.Parse(name));
        if (format is { } f && !string.IsNullOrEmpty(name))
        {
            Assert.Equal(name.ToLowerInvariant(), f.Name());
        }
    }
}
