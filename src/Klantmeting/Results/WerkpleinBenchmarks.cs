using Klantmeting.Rounds;
using Klantmeting.Surveys;
using WerkpleinEntity = Klantmeting.Werkpleinen.Werkplein;

namespace Klantmeting.Results;

/// <summary>One Werkplein in a ranking: its place, how it is shown (a name, or only the place when anonymous) and its cell.</summary>
/// <param name="Rank">1 = highest mean; equal means share a place (1, 2, 2, 4).</param>
/// <param name="Label">The Werkplein's name (own, or every one with names shown), or null (anonymous).</param>
/// <param name="IsOwn">Whether this is the Werkplein the page is about.</param>
/// <param name="Cell">Its figures (never suppressed: suppressed Werkpleinen are not ranked).</param>
public sealed record BenchmarkEntry(int Rank, string? Label, bool IsOwn, ResultCell Cell);

/// <summary>
/// Welch's t-test of the Werkplein against the rest of the country (NL without the Werkplein) on one measure, with
/// Holm's adjustment across the measures of the page.
/// </summary>
/// <param name="Rest">n, mean and standard deviation of the rest of the country, derived from the NL and Werkplein cells.</param>
/// <param name="Test">The test: difference Werkplein minus rest, t, df and two-sided p.</param>
/// <param name="AdjustedP">Holm-adjusted p across the measures with a test.</param>
public sealed record NationalTest(Summary Rest, WelchTest Test, double AdjustedP)
{
    /// <summary>Significance level of the flag.</summary>
    public const double Alpha = 0.05;

    /// <summary>Whether the difference is significant at 5% after Holm's adjustment.</summary>
    public bool Significant => AdjustedP < Alpha;
}

/// <summary>One measure (overall grade or a principle) of a Werkplein among all Werkpleinen of the round.</summary>
/// <param name="Id">Measure id.</param>
/// <param name="Name">Dutch name.</param>
/// <param name="Own">The Werkplein's cell (suppressed when it has too few respondents).</param>
/// <param name="National">The national cell.</param>
/// <param name="Ranking">Every Werkplein with figures, highest mean first.</param>
/// <param name="LeftOut">Werkpleinen of the round left out of the ranking because their cell is suppressed.</param>
/// <param name="Test">The test against the rest of the country; null when it is not defined (a suppressed cell, too few respondents elsewhere, no variation).</param>
/// <param name="Group">The pooled cell of the comparison group; null without a group.</param>
public sealed record MeasureBenchmark(string Id, string Name, ResultCell? Own, ResultCell? National, IReadOnlyList<BenchmarkEntry> Ranking,
    int LeftOut, NationalTest? Test, ResultCell? Group)
{
    /// <summary>The Werkplein's place, or null when it is not ranked (too few respondents).</summary>
    public int? OwnRank => Ranking.FirstOrDefault(r => r.IsOwn)?.Rank;
}

/// <summary>Which Werkpleinen a Werkplein is compared with.</summary>
public enum ComparisonGroupKind
{
    /// <summary>The Werkpleinen of its region.</summary>
    Region,

    /// <summary>The Werkpleinen of its size class (its region is unknown or has too few Werkpleinen).</summary>
    SizeClass,
}

/// <summary>A member of a comparison group with its overall grade (suppressed below the minimum).</summary>
/// <param name="Label">Name (own, or every one with names shown), or null (anonymous).</param>
/// <param name="IsOwn">Whether this is the Werkplein the page is about.</param>
/// <param name="Grade">Its overall grade cell.</param>
public sealed record ComparisonGroupMember(string? Label, bool IsOwn, ResultCell? Grade);

/// <summary>The comparison group of a Werkplein: similar Werkpleinen, pooled from their respondents.</summary>
/// <param name="Kind">Region, or size class as the second choice.</param>
/// <param name="Key">The region, or the size-class id.</param>
/// <param name="Description">Dutch description: "regio Noord", "Werkpleinen die klein zijn (...)".</param>
/// <param name="Members">Every member, the Werkplein itself included, highest overall grade first (suppressed last).</param>
/// <param name="RegionTooSmall">With <see cref="ComparisonGroupKind.SizeClass"/>: whether the Werkplein has a region that has too few Werkpleinen (false: no region).</param>
public sealed record ComparisonGroup(ComparisonGroupKind Kind, string Key, string Description, IReadOnlyList<ComparisonGroupMember> Members, bool RegionTooSmall);

/// <summary>Where a Werkplein stands among all Werkpleinen of a round and against its comparison group.</summary>
/// <param name="Werkplein">The Werkplein (from the caller's access check).</param>
/// <param name="Round">The round.</param>
/// <param name="NamesShown">Whether other Werkpleinen are named (<c>Results:BenchmarkNames</c>).</param>
/// <param name="WerkpleinCount">Werkpleinen in the round.</param>
/// <param name="Measures">Overall grade, then each principle.</param>
/// <param name="Group">The comparison group; null when neither its region nor its size class has enough Werkpleinen.</param>
public sealed record WerkpleinBenchmark(WerkpleinEntity Werkplein, Round Round, bool NamesShown, int WerkpleinCount,
    IReadOnlyList<MeasureBenchmark> Measures, ComparisonGroup? Group);

/// <summary>
/// Builds the benchmark of one Werkplein from the figures of <see cref="ResultsService"/> (so every figure obeys the
/// minimum cell size). It never decides who may see what: callers pass a Werkplein they got from their access check.
/// With <c>Results:BenchmarkNames</c> = <c>anoniem</c> no code or name of another Werkplein leaves this class.
/// </summary>
/// <remarks>
/// The significance test is Welch's t-test of the Werkplein against the rest of the country, not against NL: the
/// national figure contains the Werkplein's own respondents, so the two samples would overlap; the rest of the
/// country is an independent sample, usually far larger and with another variance, which is why Welch (unequal
/// variances) and not Student. The rest's n, mean and standard deviation follow exactly from the two cells (the NL
/// cell pools every respondent of every Werkplein), so frozen rounds need no respondent data. Holm's adjustment
/// across the measures of the page keeps the chance of any false "differs" at 5%, as the comparison page does.
/// </remarks>
public sealed class WerkpleinBenchmarks(ResultsService results, ISurveyCatalog surveys, IOptions<ResultsOptions> options)
{
    /// <summary>The benchmark of <paramref name="werkplein"/> in <paramref name="round"/>; null when its questionnaire is not installed.</summary>
    /// <exception cref="RoundException">The round does not exist.</exception>
    public Task<WerkpleinBenchmark?> BuildAsync(WerkpleinEntity werkplein, Round round, CancellationToken ct) =>
        BuildAsync(werkplein, round, weighted: false, ct);

    /// <summary>
    /// As <see cref="BuildAsync(WerkpleinEntity, Round, CancellationToken)"/>; with <paramref name="weighted"/> the ranking,
    /// the Werkplein's and the national figures are post-stratified (suppressed on the unweighted n). The test against the
    /// rest of the country is then left out: it derives the rest from the unweighted sums of squares. The comparison group
    /// stays unweighted.
    /// </summary>
    /// <exception cref="RoundException">The round does not exist.</exception>
    public async Task<WerkpleinBenchmark?> BuildAsync(WerkpleinEntity werkplein, Round round, bool weighted, CancellationToken ct)
    {
        if (surveys.Find(round.QuestionnaireId) is not { } survey)
        {
            return null;
        }

        var cells = weighted
            ? [.. (await results.ComputeCellsAsync(round.Name, weighted: true, ct)).Where(c => c.Breakdown == ResultKeys.Total && c.Group == ResultKeys.Total)]
            : (await results.ComputeTotalsAsync(round.Name, ct)).Cells;
        var peers = await results.ComputePeersAsync(round.Name, includeBreakdowns: false, ct);
        var benchmark = Build(werkplein, round, survey, cells, peers, options.Value.ShowBenchmarkNames);
        return weighted ? benchmark with { Measures = [.. benchmark.Measures.Select(m => m with { Test = null })] } : benchmark;
    }

    /// <summary>The benchmark from the <c>totaal</c> cells of NL and every Werkplein and the peer figures (no database: also for tests).</summary>
    public static WerkpleinBenchmark Build(WerkpleinEntity werkplein, Round round, SurveyDefinition survey, IReadOnlyList<ResultCell> totalCells,
        PeerFigures peers, bool namesShown)
    {
        var total = totalCells.Where(c => c.Breakdown == ResultKeys.Total && c.Group == ResultKeys.Total).ToList();
        ResultCell? Cell(IEnumerable<ResultCell> cells, string key, string measure) =>
            cells.FirstOrDefault(c => c.Werkplein == key && c.Breakdown == ResultKeys.Total && c.Group == ResultKeys.Total && c.Measure == measure);
        var names = peers.Members.ToDictionary(m => m.Code, m => m.Name);
        string? Label(string code) => code == werkplein.Code ? werkplein.Name : namesShown ? names.GetValueOrDefault(code, code) : null;
        // With names hidden, another Werkplein's cell leaves without its code.
        ResultCell Hide(ResultCell c) => namesShown || c.Werkplein == werkplein.Code ? c : c with { Werkplein = "" };

        var group = ChooseGroup(werkplein, peers);
        var groupCells = group?.Kind == ComparisonGroupKind.Region ? peers.Regions : peers.SizeClasses;
        var measures = new List<MeasureBenchmark>();
        foreach (var (id, name) in new[] { (SurveyDefinition.GradeItemId, "Rapportcijfer totaal") }.Concat(survey.Principles.Select(p => (p.Id, p.Name))))
        {
            var ofWerkpleinen = total.Where(c => c.Werkplein != ResultKeys.National && c.Measure == id).ToList();
            var shown = ofWerkpleinen.Where(c => c is { Suppressed: false, Mean: not null })
                .OrderByDescending(c => c.Mean).ThenBy(c => c.Werkplein, StringComparer.Ordinal).ToList();
            var ranking = shown.Select(c => new BenchmarkEntry(1 + shown.Count(o => o.Mean > c.Mean), Label(c.Werkplein), c.Werkplein == werkplein.Code, Hide(c))).ToList();
            var own = Cell(total, werkplein.Code, id);
            var national = Cell(total, ResultKeys.National, id);
            measures.Add(new MeasureBenchmark(id, name, own, national, ranking, ofWerkpleinen.Count - shown.Count,
                null, group is null ? null : Cell(groupCells, group.Key, id)));
        }

        // Holm across the measures that have a test.
        var tests = measures.Select(m => TestAgainstRest(m.Own, m.National)).ToList();
        var defined = tests.Select((t, i) => (t, i)).Where(x => x.t is not null).ToList();
        var adjusted = Statistics.Holm(defined.Select(x => x.t!.Value.Test.P).ToList());
        for (var k = 0; k < defined.Count; k++)
        {
            var (t, i) = defined[k];
            measures[i] = measures[i] with { Test = new NationalTest(t!.Value.RestOfCountry, t.Value.Test, adjusted[k]) };
        }

        return new WerkpleinBenchmark(werkplein, round, namesShown, peers.Members.Count, measures,
            group is null ? null : group with { Members = Members(group, peers, total, werkplein, Label, Hide) });
    }

    /// <summary>
    /// The rest of the country (NL minus the Werkplein) from the two cells, and Welch's test of the Werkplein against it.
    /// Sums of squares: SS_NL = SS_wp + SS_rest + n_wp (m_wp - m_NL)² + n_rest (m_rest - m_NL)².
    /// </summary>
    public static (Summary RestOfCountry, WelchTest Test)? TestAgainstRest(ResultCell? own, ResultCell? national)
    {
        if (own is not { Suppressed: false, N: { } n, Mean: { } m, Sd: { } sd }
            || national is not { Suppressed: false, N: { } bigN, Mean: { } bigM, Sd: { } bigSd })
        {
            return null;
        }

        var nRest = bigN - n;
        if (nRest < 2)
        {
            return null;
        }

        var mRest = (bigN * bigM - n * m) / nRest;
        var ssRest = (bigN - 1) * bigSd * bigSd - (n - 1) * sd * sd - n * (m - bigM) * (m - bigM) - nRest * (mRest - bigM) * (mRest - bigM);
        // Rounding can leave a tiny negative sum of squares when the rest has no variation.
        var sdRest = Math.Sqrt(Math.Max(0, ssRest) / (nRest - 1));
        return Statistics.Welch(m, sd, n, mRest, sdRest, nRest) is { } test
            ? (new Summary(nRest, mRest, sdRest, null, null), test)
            : null;
    }

    /// <summary>
    /// Its region when that has at least <see cref="PeerGroups.MinimumMembers"/> Werkpleinen in the round; otherwise
    /// its size class when that has enough; otherwise none. Members are filled in by the caller.
    /// </summary>
    private static ComparisonGroup? ChooseGroup(WerkpleinEntity werkplein, PeerFigures peers)
    {
        if (peers.Members.FirstOrDefault(m => m.Code == werkplein.Code) is not { } self)
        {
            return null;
        }

        var hasRegion = self.Region != PeerGroups.UnknownRegion;
        if (hasRegion && peers.Members.Count(m => m.Region == self.Region) >= PeerGroups.MinimumMembers)
        {
            return new ComparisonGroup(ComparisonGroupKind.Region, self.Region, $"regio {self.Region}", [], false);
        }

        if (peers.Members.Count(m => m.SizeClass == self.SizeClass) >= PeerGroups.MinimumMembers)
        {
            var size = PeerGroups.SizeClasses.First(c => c.Id == self.SizeClass);
            return new ComparisonGroup(ComparisonGroupKind.SizeClass, size.Id, $"Werkpleinen die {size.Label} zijn", [], hasRegion);
        }

        return null;
    }

    private static List<ComparisonGroupMember> Members(ComparisonGroup group, PeerFigures peers, List<ResultCell> total, WerkpleinEntity werkplein,
        Func<string, string?> label, Func<ResultCell, ResultCell> hide)
    {
        var codes = peers.Members.Where(m => group.Kind == ComparisonGroupKind.Region ? m.Region == group.Key : m.SizeClass == group.Key)
            .Select(m => m.Code);
        // Highest grade first (suppressed last), never by code: with names hidden the order must not give them away.
        return codes
            .Select(code => new ComparisonGroupMember(label(code), code == werkplein.Code,
                total.FirstOrDefault(c => c.Werkplein == code && c.Measure == SurveyDefinition.GradeItemId) is { } grade ? hide(grade) : null))
            .OrderByDescending(m => m.Grade is { Suppressed: false, Mean: { } mean } ? mean : double.NegativeInfinity)
            .ToList();
    }
}
