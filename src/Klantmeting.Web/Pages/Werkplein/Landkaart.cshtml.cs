using Klantmeting.Landkaart;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Web.Charts;
using Klantmeting.Web.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Web.Pages.Werkplein;

/// <summary>The latest scores of one closed round, shown as evidence at milestone 14.</summary>
public sealed record ClientScores(string Round, string Audience, IReadOnlyList<MeasureRow> Measures);

/// <summary>
/// A Werkplein's Landkaart for the current tertaal: the werkplein user (the MT's account) fills it in, saves a draft
/// and submits it; a beheerder sees it read-only here and reviews it under /beheer/landkaart.
/// </summary>
// 14 evidence PDFs of at most 10 MB each, plus the form.
[RequestSizeLimit(150L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 150L * 1024 * 1024)]
public class LandkaartModel(IWerkpleinAccess access, LandkaartService landkaart, WerkpleinReports reports, ISurveyCatalog surveys,
    LandkaartResults results, IOptions<ResultsOptions> resultsOptions) : PageModel
{
    /// <summary>One milestone's fields as posted.</summary>
    public sealed class AnswerForm
    {
        public int Milestone { get; set; }

        public string? Level { get; set; }

        public string? Explanation { get; set; }

        public string? EvidenceLink { get; set; }

        public string? ImprovementActions { get; set; }

        public bool RemoveEvidence { get; set; }
    }

    public WerkpleinEntity Werkplein { get; private set; } = null!;

    public Tertaal Tertaal { get; private set; }

    public LandkaartDefinition Definition => landkaart.Definition;

    public LandkaartSubmission? Submission { get; private set; }

    public LandkaartSubmission? Previous { get; private set; }

    public IReadOnlyList<ClientScores> Scores { get; private set; } = [];

    /// <summary>The results of the latest tertaal with accepted Landkaarten (national spread); null when there are none.</summary>
    public LandkaartTertaalResult? Results { get; private set; }

    /// <summary>Every Werkplein of <see cref="Results"/>, named per <c>Results:BenchmarkNames</c>.</summary>
    public IReadOnlyList<LandkaartPeer> Peers { get; private set; } = [];

    /// <summary>Whether the other Werkpleinen are named.</summary>
    public bool NamesShown => resultsOptions.Value.ShowBenchmarkNames;

    /// <summary>Only werkplein users fill in; the AKO reviews on its own page.</summary>
    public bool CanEdit => !access.SeesAll && Submission?.State is null or SubmissionState.Draft or SubmissionState.SentBack;

    [BindProperty]
    public List<AnswerForm> Answers { get; set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public LandkaartAnswer? AnswerOf(LandkaartSubmission? submission, int milestone) => submission?.Answers.FirstOrDefault(a => a.Milestone == milestone);

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct) => await LoadAsync(code, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetBewijsAsync(string code, int mijlpaal, string? tertaal, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is not { } werkplein)
            return NotFound();
        var period = Tertaal.Parse(tertaal) ?? landkaart.Current;
        return await landkaart.FindEvidenceAsync(werkplein.Id, period, mijlpaal, ct) is { } file
            ? File(file.Content, "application/pdf", file.FileName)
            : NotFound();
    }

    /// <summary>The national spread chart (PNG) of a tertaal; the same chart the AKO sees, without names.</summary>
    public async Task<IActionResult> OnGetSpreidingAsync(string code, string? tertaal, string? soort, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is null || Tertaal.Parse(tertaal) is not { } period)
            return NotFound();
        return SpreadImage.File(this, await results.ForTertaalAsync(period, ct), soort, landkaart.Definition);
    }

    public Task<IActionResult> OnPostSaveAsync(string code, CancellationToken ct) => SaveAsync(code, submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(string code, CancellationToken ct) => SaveAsync(code, submit: true, ct);

    private async Task<IActionResult> SaveAsync(string code, bool submit, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
            return NotFound();
        if (!CanEdit)
        {
            ModelState.AddModelError("", "Deze landkaart kan niet meer veranderd worden.");
            return Page();
        }

        var inputs = Answers.Where(a => Definition.FindMilestone(a.Milestone) is not null)
            .Select(a => new AnswerInput(a.Milestone, a.Level, a.Explanation, a.EvidenceLink, a.ImprovementActions)).ToList();
        var outcome = await landkaart.SaveDraftAsync(Werkplein.Id, Tertaal, inputs, ct);
        foreach (var form in Answers.Where(a => outcome.Succeeded && Definition.FindMilestone(a.Milestone) is not null))
        {
            if (Request.Form.Files.GetFile($"bewijs-{form.Milestone}") is { Length: > 0 } file)
            {
                await using var stream = file.OpenReadStream();
                outcome = await landkaart.AttachEvidenceAsync(Werkplein.Id, Tertaal, form.Milestone, file.FileName, stream, ct);
            }
            else if (form.RemoveEvidence)
            {
                outcome = await landkaart.RemoveEvidenceAsync(Werkplein.Id, Tertaal, form.Milestone, ct);
            }
        }

        if (outcome.Succeeded && submit)
            outcome = await landkaart.SubmitAsync(Werkplein.Id, Tertaal, ct);
        if (!outcome.Succeeded)
        {
            foreach (var error in outcome.Errors)
                ModelState.AddModelError(error.Milestone is { } m ? $"niveau-{m}" : "", error.Message);
            await LoadAsync(code, ct);
            return Page();
        }

        Notice = submit ? "De landkaart is ingediend bij de AKO." : "Het concept is opgeslagen.";
        return Redirect($"/werkplein/{Uri.EscapeDataString(Werkplein.Code)}/landkaart");
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (await access.FindAsync(code, ct) is not { } werkplein)
            return false;
        Werkplein = werkplein;
        Tertaal = landkaart.Current;
        Submission = await landkaart.FindAsync(werkplein.Id, Tertaal, ct);
        Previous = await landkaart.FindAsync(werkplein.Id, Tertaal.Previous, ct);

        // Milestone 14's evidence: the latest closed round of each audience.
        var scores = new List<ClientScores>();
        foreach (var round in (await reports.RoundsOfAsync(werkplein, ct)).Where(r => r.State == RoundState.Closed)
                     .GroupBy(r => surveys.Find(r.QuestionnaireId)?.Audience ?? "").Where(g => g.Key.Length > 0).Select(g => g.First()))
        {
            if (await reports.BuildAsync(werkplein, round, ct) is { } figures)
                scores.Add(new ClientScores(round.Name, figures.Survey.Audience, figures.Measures));
        }

        Scores = scores;
        if ((await results.NationalSeriesAsync(ct)).LastOrDefault(p => p.Tertaal.CompareTo(Tertaal) <= 0) is { } latest)
        {
            Results = await results.ForTertaalAsync(latest.Tertaal, ct);
            Peers = LandkaartResults.PeersOf(Results, werkplein.Id, werkplein.Name, NamesShown);
        }

        return true;
    }
}
