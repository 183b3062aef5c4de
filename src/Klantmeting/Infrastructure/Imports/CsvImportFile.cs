using System.Text;
using CsvHelper;

namespace Klantmeting.Infrastructure.Imports;

/// <summary>
/// A CSV file as spreadsheet programs in a Dutch locale write it: <c>;</c> or <c>,</c> separated (detected from the
/// header line), UTF-8 with or without BOM or Windows-1252 (detected: a file that is not valid UTF-8 is 1252),
/// quoted fields, CRLF or LF. The file can be read several times (validate, then write), each time streaming.
/// </summary>
internal sealed class CsvImportFile
{
    private const int ProgressEvery = 5_000;

    static CsvImportFile()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private CsvImportFile(string path, long length, Encoding encoding, char separator)
    {
        Path = path;
        Length = length;
        Encoding = encoding;
        Separator = separator;
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>UTF-8 (a BOM is honoured) or Windows-1252.</summary>
    public Encoding Encoding { get; }

    public char Separator { get; }

    /// <summary>Detects encoding and separator with one streaming scan of the bytes.</summary>
    /// <exception cref="ImportException">The file does not exist, cannot be read or is empty.</exception>
    public static async Task<CsvImportFile> OpenAsync(string path, CancellationToken ct)
    {
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
                throw new ImportException($"Het bestand '{path}' is leeg; de eerste regel moet de kolomnamen bevatten.");
            }

            var encoding = validUtf8 ? new UTF8Encoding(false) : Encoding.GetEncoding(1252);
            return new CsvImportFile(path, stream.Length, encoding, semicolons > commas ? ';' : ',');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"Het bestand '{path}' kan niet gelezen worden: {e.Message}", e);
        }
    }

    /// <summary>Starts one streaming pass over the file.</summary>
    public CsvPass Read(ImportPhase phase, IProgress<ImportProgress>? progress) => new(this, phase, progress);

    /// <summary>One streaming pass: the header, then the records with their physical line numbers.</summary>
    internal sealed class CsvPass : IDisposable
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
                throw new ImportException($"De kopregel van '{file.Path}' kan niet gelezen worden: {e.Message}", e);
            }
        }

        /// <summary>Header names, trimmed (case as in the file).</summary>
        public string[] Header { get; }

        /// <summary>Data rows read so far.</summary>
        public long RowsRead { get; private set; }

        /// <summary>Physical line where the current record starts (header = 1).</summary>
        public int Line => (int)_reader.LineNumber;

        public int FieldCount => _reader.FieldCount;

        /// <summary>True when the current record has a stray or unclosed quote.</summary>
        public bool IsMalformed => _malformedLines.Contains(_reader.LineNumber);

        /// <summary>Field <paramref name="index"/>, trimmed; empty when missing.</summary>
        public string this[int index] => index < _reader.FieldCount ? _reader.GetString(index).Trim() : "";

        /// <exception cref="ImportException">The file cannot be read (for example a quote that is never closed).</exception>
        public bool Read()
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
                _progress?.Report(new ImportProgress(_phase, RowsRead, _file.Length, _file.Length));
                return false;
            }

            RowsRead++;
            if (RowsRead % ProgressEvery == 0)
            {
                _progress?.Report(new ImportProgress(_phase, RowsRead, Math.Min(_stream.Position, _file.Length), _file.Length));
            }

            return true;
        }

        public void Dispose()
        {
            _reader.Dispose();
            _stream.Dispose();
        }
    }
}
