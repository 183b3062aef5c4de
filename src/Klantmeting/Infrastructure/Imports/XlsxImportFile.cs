using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Klantmeting.Infrastructure.Imports;

/// <summary>
/// The first sheet of an Excel workbook (<c>.xlsx</c>), read with MiniExcel row by row: the first row holds the column
/// names, the same as a CSV header, and every later row is a record whose line is its row number in the sheet.
/// Empty rows are skipped (their numbers still count), trailing empty header cells are ignored, and numbers and dates
/// become text in an invariant form (<c>12345</c>, <c>2026-01-31</c>) before the same checks as a CSV row.
/// </summary>
internal sealed class XlsxImportFile : ImportFile
{
    private XlsxImportFile(string path, string displayName, long length)
        : base(path, displayName, length)
    {
    }

    /// <summary>Checks that the file exists and is readable; the workbook itself is read by each pass.</summary>
    /// <exception cref="ImportException">The file does not exist, cannot be read or is empty.</exception>
    public static XlsxImportFile Open(string path, string displayName)
    {
        try
        {
            var info = new FileInfo(path);
            using (File.OpenRead(path))
            {
            }

            if (info.Length == 0)
            {
                throw new ImportException($"Het bestand '{displayName}' is leeg; de eerste regel moet de kolomnamen bevatten.");
            }

            return new XlsxImportFile(path, displayName, info.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"Het bestand '{displayName}' kan niet gelezen worden: {CsvImportFile.Redact(e.Message, path, displayName)}", e);
        }
    }

    /// <inheritdoc/>
    public override ImportPass Read(ImportPhase phase, IProgress<ImportProgress>? progress) => new XlsxPass(this, phase, progress);

    private ImportException Unreadable(Exception e) =>
        new($"Het bestand '{DisplayName}' is geen Excel-werkmap (.xlsx) die gelezen kan worden; sla het op als .xlsx of als CSV. ({CsvImportFile.Redact(e.Message, Path, DisplayName)})", e);

    /// <summary>The text of one cell as the checks see it.</summary>
    internal static string CellText(object? value)
    {
        return value switch
        {
            null => "",
            string s => s,
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    /// <summary>One pass over the first sheet.</summary>
    private sealed class XlsxPass : ImportPass
    {
        private readonly XlsxImportFile _file;
        private readonly ImportPhase _phase;
        private readonly IProgress<ImportProgress>? _progress;
        private readonly IEnumerator<object> _rows;
        private string[] _fields = [];
        private int _fieldCount;
        private int _line = 1;
        private long _rowsRead;

        public XlsxPass(XlsxImportFile file, ImportPhase phase, IProgress<ImportProgress>? progress)
        {
            _file = file;
            _phase = phase;
            _progress = progress;
            try
            {
                // Streaming: MiniExcel yields one row at a time; large shared-string tables go to a disk cache.
                var configuration = new OpenXmlConfiguration { FillMergedCells = false, IgnoreEmptyRows = false, EnableSharedStringCache = true };
                _rows = MiniExcel.Query(file.Path, useHeaderRow: false, excelType: ExcelType.XLSX, configuration: configuration).GetEnumerator();
                if (!_rows.MoveNext())
                {
                    _rows.Dispose();
                    throw new ImportException($"Het bestand '{file.DisplayName}' is leeg; de eerste regel moet de kolomnamen bevatten.");
                }

                var header = Cells(_rows.Current).Select(h => h.Trim()).ToList();
                while (header.Count > 0 && header[^1].Length == 0)
                {
                    header.RemoveAt(header.Count - 1);
                }

                Header = [.. header];
            }
            catch (Exception e) when (e is not ImportException and not OperationCanceledException)
            {
                throw file.Unreadable(e);
            }
        }

        public override string[] Header { get; }

        public override long RowsRead => _rowsRead;

        public override int Line => _line;

        public override int FieldCount => _fieldCount;

        public override bool IsMalformed => false;

        public override string this[int index] => index < _fieldCount ? _fields[index] : "";

        public override bool Read()
        {
            while (true)
            {
                bool more;
                try
                {
                    more = _rows.MoveNext();
                }
                catch (Exception e) when (e is not ImportException and not OperationCanceledException)
                {
                    throw _file.Unreadable(e);
                }

                if (!more)
                {
                    _progress?.Report(new ImportProgress(_phase, _rowsRead, _file.Length, _file.Length));
                    return false;
                }

                _line++;
                if (Load(_rows.Current))
                {
                    break;
                }
            }

            _rowsRead++;
            if (_rowsRead % CsvImportFile.ProgressEvery == 0)
            {
                // A workbook is compressed: its byte position says little, so progress counts rows only.
                _progress?.Report(new ImportProgress(_phase, _rowsRead, 0, _file.Length));
            }

            return true;
        }

        /// <summary>Loads a row's cells; false for a row without any value (skipped, like an empty CSV line).</summary>
        private bool Load(object row)
        {
            var cells = (IDictionary<string, object?>)row;
            if (_fields.Length < Math.Max(cells.Count, Header.Length))
            {
                _fields = new string[Math.Max(cells.Count, Header.Length)];
            }

            var i = 0;
            var last = -1;
            foreach (var value in cells.Values)
            {
                var text = CellText(value).Trim();
                _fields[i] = text;
                if (text.Length > 0)
                {
                    last = i;
                }

                i++;
            }

            // Empty cells after the last column of the header are no extra fields; values there are.
            _fieldCount = last < 0 ? 0 : Math.Max(Header.Length, last + 1);
            for (var j = i; j < _fieldCount; j++)
            {
                _fields[j] = "";
            }

            return last >= 0;
        }

        private static IEnumerable<string> Cells(object row) => ((IDictionary<string, object?>)row).Values.Select(CellText);

        public override void Dispose() => _rows.Dispose();
    }
}
