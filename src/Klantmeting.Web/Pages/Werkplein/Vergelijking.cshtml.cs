using Klantmeting.Results;
using Klantmeting.Web.Charts;
using Klantmeting.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>
/// Where one Werkplein stands among all Werkpleinen of a round (ranking per measure, test against the rest of the
/// country) and against its comparison group; only for users who may see that Werkplein.
/// </summary>
public class VergelijkingModel(IWerkpleinAccess access, WerkpleinReports reports, WerkpleinBenchmarks benchmarks)
    : WerkpleinRoundPageModel(access, reports)
{
    public WerkpleinBenchmark? Benchmark { get; private set; }

    /// <summary>The ranking chart per measure id (null: no Werkplein has figures for it).</summary>
    public Dictionary<string, string?> RankingCharts { get; } = [];

    public async Task<IActionResult> OnGetAsync(string code, string? ronde, CancellationToken ct)
    {
        var (round, result) = await ChooseRoundAndWeightingAsync(code, ronde, ct);
        if (round is null)
        {
            return result!;
        }

        if (await benchmarks.BuildAsync(Werkplein, round, Weighting.Weighted, ct) is not { } benchmark)
        {
            return NotFound();
        }

        Benchmark = benchmark;
        foreach (var m in benchmark.Measures)
        {
            // Only places and numbers go into the inlined SVG, never an imported name: the names are in the table.
            RankingCharts[m.Id] = ChartRenderer.Ranking(m.Name,
                m.Ranking.Select(r => new RankingRow($"{r.Rank}.", r.Cell.Mean!.Value, r.Cell.CiLow ?? r.Cell.Mean.Value,
                    r.Cell.CiHigh ?? r.Cell.Mean.Value, r.IsOwn)).ToList(),
                m.National is { Suppressed: false, Mean: { } nl } ? nl : null);
        }

        return Page();
    }

    /// <summary>A mean with one decimal, or a dash.</summary>
    public static string Grade(double? value) => value is { } v ? Dutch.Number(v, 1) : "–";

    /// <summary>A difference with two decimals and its sign: "+0,35", "-1,20", "0,00" (never "-0,00").</summary>
    public static string Difference(double d)
    {
        var rounded = Math.Round(d, 2);
        return rounded > 0 ? "+" + Dutch.Number(rounded, 2) : Dutch.Number(rounded == 0 ? 0 : rounded, 2);
    }

    /// <summary>A p-value with three decimals ("&lt; 0,001" below that).</summary>
    public static string P(double p) => p < 0.001 ? "< 0,001" : Dutch.Number(p, 3);

    /// <summary>How a Werkplein in a list is called: its name, or "Ander Werkplein" when names are hidden.</summary>
    public static string Label(string? label) => label ?? "Ander Werkplein";
}
