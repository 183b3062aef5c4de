using System.Globalization;
using System.Text;

namespace Klantmeting.Results;

/// <summary>
/// The CSV exports: UTF-8 without BOM, RFC 4180 (comma, CRLF, fields quoted only when they hold a comma, quote or
/// line break), invariant culture with four decimals, one header row.
/// </summary>
internal static class ResultsCsv
{
    public const string CellsHeader = "round,werkplein,breakdown,group,measure,n,mean,sd,ci_low,ci_high,top2,suppressed";

    public const string ResponseRatesHeader = "round,werkplein,invited,not_sent,sent,bounced,opted_out,break_off,partial,complete,rr1,rr2";

    public static StreamWriter CreateWriter(Stream output) =>
        new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };

    public static async Task WriteCellsAsync(TextWriter writer, IEnumerable<ResultCell> cells, CancellationToken ct)
    {
        await writer.WriteLineAsync(CellsHeader);
        var line = new StringBuilder();
        foreach (var c in cells)
        {
            ct.ThrowIfCancellationRequested();
            line.Clear();
            Append(line, c.Round, c.Werkplein, c.Breakdown, c.Group, c.Measure,
                c.N?.ToString(CultureInfo.InvariantCulture) ?? "",
                Number(c.Mean), Number(c.Sd), Number(c.CiLow), Number(c.CiHigh), Number(c.Top2),
                c.Suppressed ? "true" : "false");
            await writer.WriteLineAsync(line);
        }
    }

    public static async Task WriteResponseRatesAsync(TextWriter writer, IEnumerable<ResponseRateRow> rows, CancellationToken ct)
    {
        await writer.WriteLineAsync(ResponseRatesHeader);
        var line = new StringBuilder();
        foreach (var r in rows)
        {
            ct.ThrowIfCancellationRequested();
            line.Clear();
            Append(line, r.Round, r.Werkplein, Int(r.Invited), Int(r.NotSent), Int(r.Sent), Int(r.Bounced), Int(r.OptedOut),
                Int(r.BreakOff), Int(r.Partial), Int(r.Complete), Number(r.Rr1), Number(r.Rr2));
            await writer.WriteLineAsync(line);
        }
    }

    public static string Number(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? "";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Appends one RFC 4180 record (fields quoted only when needed); shared by every CSV export.</summary>
    internal static void Append(StringBuilder line, params ReadOnlySpan<string> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                line.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(field);
            }
        }
    }
}
