using CsvHelper;

namespace Klantmeting.Infrastructure.Imports;

/// <summary>
/// A CSV file as spreadsheet programs in a Dutch locale write it: <c>;</c> or <c>,</c> separated (detected from the
/// header line), UTF-8 with or without BOM or Windows-1252 (detected: a file that is not valid UTF-8 is 1252),
/// quoted fields, CRLF or LF. The file can be read several times (validate, then write), each time streaming.
/// </summary>
internal sealed class CsvImportFile : ImportFile
{
    /// <summary>Rows between two progress reports.</summary>
    internal const int ProgressEvery = 5_000;

    static CsvImportFile()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private CsvImportFile(string path, string displayName, long length, Encoding encoding, char separator)
        : base(path, displayName, length)
    {
        Encoding = encoding;
        Separator = separator;
    }

    /// <summary>UTF-8 (a BOM is honoured) or Windows-1252.</summary>
    public Encoding Encoding { get; }

    public char Separator { get; }

    /// <summary>Detects encoding and separator with one streaming scan of the bytes.</summary>
    /// <exception cref="ImportException">The file does not exist, cannot be read or is empty.</exception>
    public static async Task<CsvImportFile> OpenAsync(string path, CancellationToken ct, string? displayName = null)
    {
        var name = displayName ?? path;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
            var buffer = new byte[1 << 16];
            var chars = new char[buffer.Length + 4];
            var validUtf8 = true;
            int semicolons = 0, commas = 0;
            bool headerDone = false, inQuotes = false, any = false;
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                any = true;
                if (!headerDone)
                {
                    for (var i = 0; i < read && !headerDone; i++)
                    {
                        switch (buffer[i])
                        {
                            case (byte)'"': inQuotes = !inQuotes; break;
                            case (byte)';' when !inQuotes: semicolons++; break;
                            case (byte)',' when !inQuotes: commas++; break;
                            case (byte)'\n' when !inQuotes: headerDone = true; break;
                        }
                    }
                }

                if (validUtf8)
                {
                    try
                    {
                        decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                    }
                    catch (DecoderFallbackException)
                    {
                        validUtf8 = false;
                    }
                }

                if (headerDone && !validUtf8)
                {
                    break;
                }
            }

            if (validUtf8)
            {
                try
                {
                    decoder.GetChars([], 0, 0, chars, 0, flush: true);
                }
                catch (DecoderFallbackException)
                {
                    validUtf8 = false;
                }
            }

            if (!any)
            {
                throw new ImportException($"Het bestand '{name}' is leeg; de eerste regel moet de kolomnamen bevatten.");
            }

            var encoding = validUtf8 ? new UTF8Encoding(false) : Encoding.GetEncoding(1252);
            return new CsvImportFile(path, name, stream.Length, encoding, semicolons > commas ? ';' : ',');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"Het bestand '{name}' kan niet gelezen worden: {Redact(e.Message, path, name)}", e);
        }
    }

    /// <inheritdoc/>
    public override ImportPass Read(ImportPhase phase, IProgress<ImportProgress>? progress) => new CsvPass(this, phase, progress);

    /// <summary>An OS message names the real path; an upload's temporary path means nothing to the user.</summary>
    internal static string Redact(string message, string path, string name) =>
        path == name ? message : message.Replace(path, name, StringComparison.Ordinal);

    /// <summary>One streaming pass: the header, then the records with their physical line numbers.</summary>
    internal sealed class CsvPass : ImportPass
    {
        private readonly FileStream _stream;
        private readonly CsvReader _reader;
        private readonly CsvImportFile _file;
        private readonly ImportPhase _phase;
        private readonly IProgress<ImportProgress>? _progress;
        private readonly HashSet<long> _malformedLines = [];

        public CsvPass(CsvImportFile file, ImportPhase phase, IProgress<ImportProgress>? progress)
        {
            _file = file;
            _phase = phase;
            _progress = progress;
            _stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var options = CsvReaderOptions.Default with
            {
                Separator = file.Separator,
                Encoding = file.Encoding is UTF8Encoding ? null : file.Encoding,
                HasHeader = true,
                TrackLineNumbers = true,
                SkipEmptyLines = true,
                TrimWhitespace = false,
                DetectSeparatorHint = false,
                MaxRecordSize = 1 << 20,
                OnMalformedRecord = r => _malformedLines.Add(r.LineNumber),
            };
            _reader = CsvReader.Create(_stream, options, leaveOpen: false);
            try
            {
                Header = _reader.Headers.Select(h => h.Trim().TrimStart('\uFEFF').Trim()).ToArray();
            }
            catch (CsvFormatException e)
            {
                Dispose();
                throw new ImportException($"De kopregel van '{file.DisplayName}' kan niet gelezen worden: {e.Message}", e);
            }
        }

        public override string[] Header { get; }

        private long _rowsRead;

        public override long RowsRead => _rowsRead;

        /// <summary>Physical line where the current record starts (header = 1).</summary>
        public override int Line => (int)_reader.LineNumber;

        public override int FieldCount => _reader.FieldCount;

        public override bool IsMalformed => _malformedLines.Contains(_reader.LineNumber);

        public override string this[int index] => index < _reader.FieldCount ? _reader.GetString(index).Trim() : "";

        /// <exception cref="ImportException">The file cannot be read (for example a quote that is never closed).</exception>
        public override bool Read()
        {
            bool more;
            try
            {
                more = _reader.Read();
            }
            catch (CsvFormatException e)
            {
                throw new ImportException(
                    $"regel {(e.LineNumber > 0 ? e.LineNumber : _reader.LineNumber)}: het bestand kan niet verder gelezen worden: {e.Message}", e);
            }

            if (!more)
            {
                _progress?.Report(new ImportProgress(_phase, _rowsRead, _file.Length, _file.Length));
                return false;
            }

            _rowsRead++;
            if (_rowsRead % ProgressEvery == 0)
            {
                _progress?.Report(new ImportProgress(_phase, _rowsRead, Math.Min(_stream.Position, _file.Length), _file.Length));
            }

            return true;
        }

        public override void Dispose()
        {
            _reader.Dispose();
            _stream.Dispose();
        }
    }
}
