using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Web.Charts;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer;

/// <summary>Results of one round for beheerders (folder convention /Beheer): response, fieldwork curve, scores and breakdowns.</summary>
public class ResultatenModel(KlantmetingDbContext db, ResultsService results, ISurveyCatalog surveys, IWerkpleinAccess access) : PageModel
{
    public const string National = ResultKeys.National;

    public Round Round { get; private set; } = null!;

    public SurveyDefinition Survey { get; private set; } = null!;

    /// <summary>The Werkplein shown (code), or <c>NL</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "werkplein")]
    public string Scope { get; set; } = National;

    /// <summary>The gewogen / ongewogen switch as given (<see cref="WeightingChoice.Parse"/>).</summary>
    [BindProperty(SupportsGet = true, Name = WeightingChoice.Parameter)]
    public string? WeightedValue { get; set; }

    /// <summary>Whether the scores are weighted (post-stratified); unweighted by default. The response figures are never weighted.</summary>
    public WeightingChoice Weighting { get; private set; } = new(false);

    public IReadOnlyList<(string Code, string Name)> Werkpleinen { get; private set; } = [];

    public IReadOnlyList<ResponseRateRow> ResponseRates { get; private set; } = [];

    /// <summary>AAPOR rates per mode (web, telefoon, papier) of NL and each Werkplein; empty for a web round.</summary>
    public IReadOnlyList<ModeRateRow> ModeRates { get; private set; } = [];

    public IReadOnlyList<FieldworkPoint> Curve { get; private set; } = [];

    public IReadOnlyList<ResultCell> Cells { get; private set; } = [];

    /// <summary>The regional totals (<c>totaal</c> cells per region) and which Werkpleinen are in each region.</summary>
    public PeerFigures Peers { get; private set; } = new([], [], []);

    public string? ScoresChart { get; private set; }

    public string? CurveChart { get; private set; }

    public Dictionary<string, string?> BreakdownCharts { get; } = [];

    public string ScopeName => Scope == National ? "Nederland" : Werkpleinen.FirstOrDefault(w => w.Code == Scope).Name ?? Scope;

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (!await LoadRoundAsync(name, ct))
        {
            return NotFound();
        }

        Werkpleinen = (await access.VisibleAsync(ct)).Select(w => (w.Code, w.Name)).ToList();
        if (!access.SeesAll || (Scope != National && await access.FindAsync(Scope, ct) is null))
        {
            return NotFound();
        }

        if (WeightingChoice.Parse(WeightedValue) is not { } weighting)
        {
            return BadRequest(WeightingChoice.Error(WeightedValue));
        }

        Weighting = weighting;
        ResponseRates = await results.ComputeResponseRatesAsync(name, ct);
        ModeRates = Round.Mode == RoundMode.Web ? [] : await results.ComputeModeRatesAsync(name, ct);
        Curve = await results.ComputeFieldworkCurveAsync(name, ct);
        Cells = (await results.ComputeCellsAsync(name, Weighting.Weighted, ct)).Where(c => c.Werkplein == Scope).ToList();
        Peers = await results.ComputePeersAsync(name, includeBreakdowns: false, ct);

        // Chart text comes only from survey files and numbers: the SVG is inlined, so no imported names go in.
        ScoresChart = ChartRenderer.GradeBars("Scores per principe (gemiddelde met 95%-betrouwbaarheidsinterval)",
            Measures().Select(m => Cell(ResultKeys.Total, ResultKeys.Total, m.Id) is { Suppressed: false, Mean: { } mean } c
                ? new ChartBar(m.Name, mean, c.CiLow, c.CiHigh)
                : null).OfType<ChartBar>().ToList());
        CurveChart = ChartRenderer.Curve("Veldwerk: ingevulde vragenlijsten per dag (opgeteld)",
            Curve.Select(p => (p.Day, p.Cumulative)).ToList());
        foreach (var attribute in Survey.Attributes)
        {
            var bars = Groups(attribute).Select(g => Cell(attribute.Id, g, SurveyDefinition.GradeItemId) is { Suppressed: false, Mean: { } mean } c
                ? new ChartBar(attribute.GroupText(g), mean, c.CiLow, c.CiHigh)
                : null).OfType<ChartBar>().ToList();
            BreakdownCharts[attribute.Id] = ChartRenderer.GradeBars($"Rapportcijfer naar {attribute.Label.ToLowerInvariant()}", bars, 720, 340);
        }

        return Page();
    }

    /// <summary>Every cell; with <c>gewogen=ja</c> the weighted export (se, n_eff, deff) of <c>results export --weights poststrat</c>.</summary>
    public async Task<IActionResult> OnGetResultsCsvAsync(string name, string? formaat, CancellationToken ct)
    {
        if (!await LoadRoundAsync(name, ct))
        {
            return NotFound();
        }

        if (WeightingChoice.Parse(WeightedValue) is not { } weighting)
        {
            return BadRequest(WeightingChoice.Error(WeightedValue));
        }

        return weighting.Weighted
            ? await TableDownload.FileAsync(formaat, $"resultaten-{FileNames.Slug(name)}-gewogen", (s, f) => results.WriteWeightedDownloadAsync(name, null, s, f, ct))
            : await TableDownload.FileAsync(formaat, $"resultaten-{FileNames.Slug(name)}", (s, f) => results.WriteCellsAsync(name, s, f, ct));
    }

    public async Task<IActionResult> OnGetResponseRateCsvAsync(string name, string? formaat, CancellationToken ct) =>
        await LoadRoundAsync(name, ct)
            ? await TableDownload.FileAsync(formaat, $"respons-{FileNames.Slug(name)}", (s, f) => results.WriteResponseRatesAsync(name, s, f, ct))
            : NotFound();

    /// <summary>The per-mode rates as a separate download; the response-rate download above keeps its columns.</summary>
    public async Task<IActionResult> OnGetResponseRateModesCsvAsync(string name, string? formaat, CancellationToken ct) =>
        await LoadRoundAsync(name, ct)
            ? await TableDownload.FileAsync(formaat, $"respons-per-wijze-{FileNames.Slug(name)}", (s, f) => results.WriteModeRatesAsync(name, s, f, ct))
            : NotFound();

    public async Task<IActionResult> OnGetRegionsCsvAsync(string name, string? formaat, CancellationToken ct) =>
        await LoadRoundAsync(name, ct)
            ? await TableDownload.FileAsync(formaat, $"regio-{FileNames.Slug(name)}", (s, f) => results.WriteRegionCellsAsync(name, s, f, ct))
            : NotFound();

    /// <summary>The measures in report order: the overall grade, then each principle.</summary>
    public IEnumerable<(string Id, string Name)> Measures() =>
        new[] { (SurveyDefinition.GradeItemId, "Rapportcijfer totaal") }
            .Concat(Survey.Principles.Select(p => (p.Id, p.Name)));

    /// <summary>The groups of an attribute in report order.</summary>
    public IEnumerable<string> Groups(AttributeDefinition attribute) =>
        Cells.Where(c => c.Breakdown == attribute.Id).Select(c => c.Group).Distinct();

    public ResultCell? Cell(string breakdown, string group, string measure) =>
        Cells.FirstOrDefault(c => c.Breakdown == breakdown && c.Group == group && c.Measure == measure);

    private async Task<bool> LoadRoundAsync(string name, CancellationToken ct)
    {
        // Every Werkplein's figures: only for whoever sees every Werkplein.
        var round = access.SeesAll ? await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name, ct) : null;
        if (round is null || surveys.Find(round.QuestionnaireId) is not { } survey)
        {
            return false;
        }

        Round = round;
        Survey = survey;
        return true;
    }
}
