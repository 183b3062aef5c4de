using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using MiniExcelLibs;

namespace Klantmeting.Tests.Exports;

/// <summary>
/// Checks that a table in Dutch Excel CSV and in XLSX holds exactly the values of the same table in machine CSV: the
/// header row, every cell; numbers as numbers (a decimal comma in the Dutch CSV, typed numeric cells in the workbook).
/// </summary>
internal static partial class TableFormatAssert
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The records of a machine CSV (no BOM, comma).</summary>
    public static List<string[]> MachineRows(byte[] csv)
    {
        Assert.False(csv.AsSpan().StartsWith(Bom), "the machine CSV has no BOM");
        return Parse(Encoding.UTF8.GetString(csv), ',');
    }

    /// <summary>
    /// The Dutch CSV starts with a BOM, separates with ';', and has the machine CSV's cells with a decimal comma for every
    /// number with decimals (no thousands separator); every other cell is the same text.
    /// </summary>
    public static void DutchCsvEquals(byte[] machine, byte[] dutch, string what)
    {
        var expected = MachineRows(machine);
        Assert.True(dutch.AsSpan().StartsWith(Bom), $"{what}: the Dutch CSV starts with a UTF-8 BOM");
        var text = Encoding.UTF8.GetString(dutch.AsSpan(Bom.Length));
        Assert.StartsWith(string.Join(";", expected[0]) + "\r\n", text, StringComparison.Ordinal);
        var actual = Parse(text, ';');
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.Equal(expected[r].Length, actual[r].Length);
            for (var c = 0; c < expected[r].Length; c++)
            {
                var cell = expected[r][c];
                var want = Decimal().IsMatch(cell) ? cell.Replace('.', ',') : cell;
                Assert.True(want == actual[r][c], $"{what}, row {r}, column {expected[0][c]}: '{actual[r][c]}', expected '{want}'");
            }
        }

        if (expected.Skip(1).SelectMany(r => r).Any(Decimal().IsMatch))
        {
            Assert.Contains(actual.Skip(1).SelectMany(r => r), v => DutchDecimal().IsMatch(v));
        }
    }

    /// <summary>
    /// The workbook has one sheet whose rows are the machine CSV's records: the header as text, a number with decimals
    /// as a numeric cell of that value, the columns in <paramref name="wholeNumberColumns"/> as numeric cells, an empty
    /// field as an empty cell, <c>true</c>/<c>false</c> as a yes/no or text cell, and every other cell the same text (a line
    /// break as LF).
    /// The header row is frozen.
    /// </summary>
    public static void XlsxEquals(byte[] machine, byte[] xlsx, string what, params string[] wholeNumberColumns)
    {
        var expected = MachineRows(machine);
        using var stream = new MemoryStream(xlsx);
        Assert.Single(MiniExcel.GetSheetNames(stream));
        stream.Position = 0;
        var rows = MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();
        Assert.True(expected.Count == rows.Count, $"{what}: {rows.Count} rows in the workbook, {expected.Count} in the CSV");
        Assert.Equal(expected[0], rows[0].Take(expected[0].Length).Select(v => v as string));
        var whole = wholeNumberColumns.Select(name => Array.IndexOf(expected[0], name)).ToList();
        Assert.DoesNotContain(-1, whole);
        for (var r = 1; r < expected.Count; r++)
        {
            for (var c = 0; c < expected[r].Length; c++)
            {
                var cell = expected[r][c];
                var value = c < rows[r].Length ? rows[r][c] : null;
                var where = $"{what}, row {r}, column {expected[0][c]}: '{value}' ({value?.GetType().Name}), expected '{cell}'";
                if (cell.Length == 0)
                {
                    Assert.True(value is null || (value is string s && s.Length == 0), where);
                }
                else if (Decimal().IsMatch(cell) || whole.Contains(c))
                {
                    Assert.True(IsNumber(value), where);
                    Assert.True(double.Parse(cell, CultureInfo.InvariantCulture) == Convert.ToDouble(value, CultureInfo.InvariantCulture), where);
                }
                else if (IsNumber(value))
                {
                    // A whole number of a column not named: numeric in the workbook, the same value as the CSV's text.
                    Assert.True(WholeNumber().IsMatch(cell) && long.Parse(cell, CultureInfo.InvariantCulture) == Convert.ToDouble(value, CultureInfo.InvariantCulture), where);
                }
                else if (value is bool yes)
                {
                    Assert.True(cell == (yes ? "true" : "false"), where);
                }
                else
                {
                    // A line break in a cell is Excel's LF (XML reads a CR as LF anyway).
                    Assert.True(value is string text && text == cell.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'), where);
                }
            }
        }

        Assert.True(HasFrozenHeader(xlsx), $"{what}: the header row is not frozen");
    }

    /// <summary>The first sheet's XML has a pane frozen below row 1.</summary>
    public static bool HasFrozenHeader(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        var sheet = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal));
        using var reader = new StreamReader(sheet.Open());
        return FrozenPane().IsMatch(reader.ReadToEnd());
    }

    private static bool IsNumber(object? value) => value is double or float or decimal or int or long or short or byte;

    /// <summary>RFC 4180 fields of every record (quoted fields may hold separators, quotes and line breaks).</summary>
    public static List<string[]> Parse(string text, char separator)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == separator)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }

        return rows;
    }

    /// <summary>A number with decimals as the machine CSV writes it.</summary>
    [GeneratedRegex(@"^-?\d+\.\d+$")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"^-?\d+,\d+$")]
    private static partial Regex DutchDecimal();

    [GeneratedRegex("<(\\w+:)?pane\\b[^>]*ySplit=\"1\"[^>]*state=\"frozen\"|<(\\w+:)?pane\\b[^>]*state=\"frozen\"[^>]*ySplit=\"1\"")]
    private static partial Regex FrozenPane();
}
