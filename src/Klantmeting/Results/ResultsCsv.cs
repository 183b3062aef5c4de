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

    /// <summary>The regional cells: the columns of <see cref="CellsHeader"/> with <c>region</c> for <c>werkplein</c>.</summary>
    public const string RegionCellsHeader = "round,region,breakdown,group,measure,n,mean,sd,ci_low,ci_high,top2,suppressed";

    /// <summary>The weighted cells: the columns of <see cref="CellsHeader"/> (weighted figures, n the respondents) and the standard error, n_eff and deff.</summary>
    public const string WeightedCellsHeader = CellsHeader + ",se,n_eff,deff";

    public const string ResponseRatesHeader = "round,werkplein,invited,not_sent,sent,bounced,opted_out,break_off,partial,complete,rr1,rr2,coop1,ref1,con1";

    /// <summary>The CSV writer of every export; <paramref name="output"/> is left open.</summary>
    public static CsvTableWriter CreateWriter(Stream output) => CsvTableWriter.Create(output);

    /// <summary>The writer of <paramref name="format"/> (a workbook sheet named <paramref name="sheetName"/>); <paramref name="output"/> is left open.</summary>
    public static TableWriter CreateWriter(Stream output, TableFormat format, string sheetName) => TableFormats.CreateWriter(output, format, sheetName);

    public static async Task WriteCellsAsync(TableWriter writer, IEnumerable<ResultCell> cells, CancellationToken ct, string header = CellsHeader) =>
        await writer.WriteTableAsync(header, cells, CellColumns, ct);

    public static async Task WriteWeightedCellsAsync(TableWriter writer, IEnumerable<WeightedCell> cells, CancellationToken ct) =>
        await writer.WriteTableAsync(WeightedCellsHeader, cells, static (w, weighted) =>
        {
            CellColumns(w, weighted.Cell);
            w.Number(weighted.Se);
            w.Number(weighted.NEff);
            w.Number(weighted.Deff);
        }, ct);

    /// <summary>The columns of <see cref="CellsHeader"/> of one cell.</summary>
    private static void CellColumns(TableWriter w, ResultCell c)
    {
        w.Text(c.Round);
        w.Text(c.Werkplein);
        w.Text(c.Breakdown);
        w.Text(c.Group);
        w.Text(c.Measure);
        w.Integer(c.N);
        w.Number(c.Mean);
        w.Number(c.Sd);
        w.Number(c.CiLow);
        w.Number(c.CiHigh);
        w.Number(c.Top2);
        w.Boolean(c.Suppressed);
    }

    public static async Task WriteResponseRatesAsync(TableWriter writer, IEnumerable<ResponseRateRow> rows, CancellationToken ct) =>
        await writer.WriteTableAsync(ResponseRatesHeader, rows, static (w, r) =>
        {
            w.Text(r.Round);
            w.Text(r.Werkplein);
            w.Integer(r.Invited);
            w.Integer(r.NotSent);
            w.Integer(r.Sent);
            w.Integer(r.Bounced);
            w.Integer(r.OptedOut);
            w.Integer(r.BreakOff);
            w.Integer(r.Partial);
            w.Integer(r.Complete);
            Rates(w, r.Rr1, r.Rr2, r.Coop1, r.Ref1, r.Con1);
        }, ct);

    /// <summary>The five AAPOR rate columns rr1, rr2, coop1, ref1, con1, in that order.</summary>
    internal static void Rates(TableWriter w, double? rr1, double? rr2, double? coop1, double? ref1, double? con1)
    {
        w.Number(rr1);
        w.Number(rr2);
        w.Number(coop1);
        w.Number(ref1);
        w.Number(con1);
    }
}
