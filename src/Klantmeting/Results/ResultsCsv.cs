using Klantmeting.Infrastructure.Exports;

namespace Klantmeting.Results;

/// <summary>
/// The result exports as rows of typed cells (<see cref="TableWriter"/>): identifiers are text cells, figures are
/// numbers. Written as CSV by <see cref="CsvTableWriter"/>: UTF-8 without BOM, RFC 4180, invariant culture with
/// four decimals, one header row.
/// </summary>
internal static class ResultsCsv
{
    public const string CellsHeader = "round,werkplein,breakdown,group,measure,n,mean,sd,ci_low,ci_high,top2,suppressed";

    public const string ResponseRatesHeader = "round,werkplein,invited,not_sent,sent,bounced,opted_out,break_off,partial,complete,rr1,rr2";

    /// <summary>The CSV writer of every export; <paramref name="output"/> is left open.</summary>
    public static CsvTableWriter CreateWriter(Stream output) => CsvTableWriter.Create(output);

    public static async Task WriteCellsAsync(TableWriter writer, IEnumerable<ResultCell> cells, CancellationToken ct)
    {
        await writer.HeaderAsync(CellsHeader.Split(','), ct);
        foreach (var c in cells)
        {
            ct.ThrowIfCancellationRequested();
            writer.Text(c.Round);
            writer.Text(c.Werkplein);
            writer.Text(c.Breakdown);
            writer.Text(c.Group);
            writer.Text(c.Measure);
            writer.Integer(c.N);
            writer.Number(c.Mean);
            writer.Number(c.Sd);
            writer.Number(c.CiLow);
            writer.Number(c.CiHigh);
            writer.Number(c.Top2);
            writer.Boolean(c.Suppressed);
            await writer.EndRowAsync(ct);
        }
    }

    public static async Task WriteResponseRatesAsync(TableWriter writer, IEnumerable<ResponseRateRow> rows, CancellationToken ct)
    {
        await writer.HeaderAsync(ResponseRatesHeader.Split(','), ct);
        foreach (var r in rows)
        {
            ct.ThrowIfCancellationRequested();
            writer.Text(r.Round);
            writer.Text(r.Werkplein);
            writer.Integer(r.Invited);
            writer.Integer(r.NotSent);
            writer.Integer(r.Sent);
            writer.Integer(r.Bounced);
            writer.Integer(r.OptedOut);
            writer.Integer(r.BreakOff);
            writer.Integer(r.Partial);
            writer.Integer(r.Complete);
            writer.Number(r.Rr1);
            writer.Number(r.Rr2);
            await writer.EndRowAsync(ct);
        }
    }
}
