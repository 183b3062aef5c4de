using Klantmeting.Comparison;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Web.Charts;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer;

/// <summary>Comparing rounds for administrators (AKO): table per measure with Welch and Holm, trends, ranking with intervals, CSV.</summary>
public class VergelijkenModel(ComparisonService comparisons, GroupComparisonService groupComparisons, Klantmeting.Audit.AuditLog audit) : PageModel
{
    public const string National = "landelijk";
    public const string PerWerkplein = "werkpleinen";

    /// <summary>The rounds ticked (names).</summary>
    [BindProperty(SupportsGet = true, Name = "ronde")]
    public List<string> Selected { get; set; } = [];

    /// <summary><c>landelijk</c> or <c>werkpleinen</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "niveau")]
    public string Level { get; set; } = National;

    /// <summary>Measure id of the ranking of Werkpleinen.</summary>
    [BindProperty(SupportsGet = true, Name = "rangschikking")]
    public string RankingMeasure { get; set; } = SurveyDefinition.GradeItemId;

    /// <summary>The gewogen / ongewogen switch as given (<see cref="WeightingChoice.Parse"/>).</summary>
    [BindProperty(SupportsGet = true, Name = WeightingChoice.Parameter)]
    public string? WeightedValue { get; set; }

    /// <summary>Whether the cells are weighted and the tests use their SEs; unweighted by default.</summary>
    public WeightingChoice Weighting { get; private set; } = new(false);

    public IReadOnlyList<ComparedRound> Rounds { get; private set; } = [];

    public RoundComparison? Comparison { get; private set; }

    /// <summary>The national breakdown groups of <see cref="Comparison"/> (partial <c>_GroupComparison</c>).</summary>
    public GroupComparison? Groups { get; private set; }

    /// <summary>Dutch message when the choice cannot be compared.</summary>
    public string? Error { get; private set; }

    /// <summary>Trend chart (SVG) per matched measure id.</summary>
    public Dictionary<string, string?> TrendCharts { get; } = [];

    public string RankingChart { get; private set; } = "";

    public IReadOnlyList<RankedWerkplein> Ranked { get; private set; } = [];

    public int RankingSuppressed { get; private set; }

    /// <summary>The query string of the current choice, for the CSV link.</summary>
    public string Query => HttpContext.Request.QueryString.Value ?? "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Rounds = await comparisons.ListRoundsAsync(ct);
        if (Selected.Count == 0)
        {
            return Page();
        }

        if (await CompareAsync(ct) is not { } comparison)
        {
            return Page();
        }

        Comparison = comparison;
        var periods = comparison.Rounds.Select(r => r.Name).ToList();
        foreach (var row in comparison.National)
        {
            // Chart text comes only from survey files, round names given by administrators, and numbers; ScottPlot encodes it.
            var points = row.Cells.Select(c => c is { Suppressed: false, Mean: { } mean, CiLow: { } low, CiHigh: { } high }
                ? new ChartInterval(row.Measure.Name, mean, low, high)
                : null).ToList();
            // A redefined principle (a `changed` link) breaks the line, as on the trend pages.
            TrendCharts[row.Measure.Id] = TrendChart.Render($"{row.Measure.Name}: Nederland per ronde", periods,
                [new BrokenTrendSeries("Nederland", points, row.Measure.ChangedBefore)], height: 320);
        }

        if (comparison.Scope == ComparisonScope.Werkpleinen)
        {
            if (comparison.Measures.All(m => m.Id != RankingMeasure))
            {
                Error = $"Onbekend onderdeel voor de rangschikking: '{RankingMeasure}'. Kies een onderdeel uit de lijst.";
                Comparison = null;
                return Page();
            }

            (Ranked, RankingSuppressed) = comparison.Ranking(RankingMeasure);
            var measure = comparison.Measures.Single(m => m.Id == RankingMeasure);
            var national = comparison.National.Single(r => r.Measure.Id == RankingMeasure).Cells[^1];
            RankingChart = ChartRenderer.Whiskers($"{measure.Name}, {periods[^1]}: van hoog naar laag",
                Ranked.Select(r => new ChartInterval($"{r.WerkpleinName} ({r.Werkplein})", r.Mean, r.CiLow, r.CiHigh)).ToList(),
                national is { Suppressed: false, Mean: { } m } ? m : null, "Nederland", fullScale: false);
        }

        Groups = await groupComparisons.CompareAsync(comparison, ct);
        return Page();
    }

    /// <summary>The group comparison as its own CSV, so the columns and bytes of the totals CSV stay as they were.</summary>
    public async Task<IActionResult> OnGetGroepenCsvAsync(string? formaat, CancellationToken ct)
    {
        if (await CompareAsync(ct) is not { } comparison)
        {
            return BadRequest(Error ?? "");
        }

        return await TableDownload.FileAsync(formaat, "vergelijking-groepen", async (s, f) =>
        {
            await (await groupComparisons.CompareAsync(comparison, ct)).WriteAsync(s, f, ct);
            await audit.RecordExportAsync("vergelijking-groepen", null, "rondes " + string.Join(", ", Selected), ct);
        });
    }

    public async Task<IActionResult> OnGetCsvAsync(string? formaat, CancellationToken ct)
    {
        if (await CompareAsync(ct) is not { } comparison)
        {
            return BadRequest(Error ?? "");
        }

        return await TableDownload.FileAsync(formaat, "vergelijking", async (s, f) =>
        {
            await ComparisonService.WriteAsync(comparison, s, f, ct);
            await audit.RecordExportAsync("vergelijking", null, "rondes " + string.Join(", ", Selected), ct);
        });
    }

    public bool IsSelected(string round) => Selected.Contains(round, StringComparer.Ordinal);

    private async Task<RoundComparison?> CompareAsync(CancellationToken ct)
    {
        ComparisonScope scope;
        switch (Level)
        {
            case National:
                scope = ComparisonScope.National;
                break;
            case PerWerkplein:
                scope = ComparisonScope.Werkpleinen;
                break;
            default:
                Error = $"Onbekend niveau '{Level}': kies landelijk of per Werkplein.";
                return null;
        }

        if (WeightingChoice.Parse(WeightedValue) is not { } weighting)
        {
            Error = WeightingChoice.Error(WeightedValue);
            return null;
        }

        Weighting = weighting;
        try
        {
            return await comparisons.CompareAsync(Selected, scope, weighting.Weighted, ct);
        }
        catch (ComparisonException e)
        {
            Error = e.Message;
            return null;
        }
    }

    /// <summary>Dutch description of why a change was not tested.</summary>
    public static string Describe(ChangeStatus status) => status switch
    {
        ChangeStatus.Suppressed => "niet getoetst: te weinig respondenten",
        ChangeStatus.Missing => "niet getoetst: Werkplein deed niet mee aan beide rondes",
        ChangeStatus.NotDefined => "niet te toetsen: geen spreiding in de antwoorden",
        ChangeStatus.Redefined => "niet getoetst: het onderdeel is anders gedefinieerd (zie de uitleg boven de tabel)",
        _ => "",
    };

    /// <summary>The national figures of the latest round are the reference: <see cref="ResultsService.National"/>.</summary>
    public static bool IsNational(string code) => code == ResultsService.National;
}
