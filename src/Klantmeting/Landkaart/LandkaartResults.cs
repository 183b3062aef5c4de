using Klantmeting.Werkpleinen;

namespace Klantmeting.Landkaart;

/// <summary>The AKO's grouping of Werkpleinen by total score (thresholds in <see cref="LandkaartOptions"/>).</summary>
public enum LandkaartGroup
{
    /// <summary>At least <see cref="LandkaartOptions.NearlyDonePercent"/>: bijna klaar.</summary>
    NearlyDone,
    /// <summary>At least <see cref="LandkaartOptions.NextYearPercent"/>: heeft het volgende jaar nodig.</summary>
    NeedsNextYear,
    /// <summary>Below that: achterblijver.</summary>
    Lagging,
}

/// <summary>One Werkplein's score in a tertaal.</summary>
/// <param name="WerkpleinId">The Werkplein.</param>
/// <param name="Code">Its code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Thirds">Points in thirds, over the 14 milestones.</param>
/// <param name="ThirdsWithout13And14">Points in thirds, over milestones 1-12.</param>
/// <param name="Levels">Level id per milestone number.</param>
/// <param name="Group">The AKO group.</param>
public sealed record WerkpleinLandkaartScore(int WerkpleinId, string Code, string Name, int Thirds, int ThirdsWithout13And14,
    IReadOnlyDictionary<int, string> Levels, LandkaartGroup Group)
{
    /// <summary>Total score: points / 14 as a percentage.</summary>
    public double Percent => LandkaartResults.Percent(Thirds, LandkaartLoader.MilestoneCount);

    /// <summary>Total score without milestones 13 and 14: points / 12 as a percentage.</summary>
    public double PercentWithout13And14 => LandkaartResults.Percent(ThirdsWithout13And14, LandkaartLoader.MilestoneCount - 2);

    /// <summary>Every milestone green.</summary>
    public bool FullyGreen => Thirds == 3 * LandkaartLoader.MilestoneCount;
}

/// <summary>How many Werkpleinen chose each level, for one milestone or one phase (a phase counts each of its milestones).</summary>
/// <param name="Label">"Mijlpaal 3" or "Fase 2 Visie ontwikkelen".</param>
/// <param name="Counts">Per level id (rood, oranje, blauw, groen) the number of answers.</param>
public sealed record LevelSpread(string Label, IReadOnlyDictionary<string, int> Counts)
{
    /// <summary>All answers counted.</summary>
    public int Total => Counts.Values.Sum();
}

/// <summary>The Landkaart results of one tertaal: only accepted submissions count.</summary>
/// <param name="Tertaal">The tertaal.</param>
/// <param name="Werkpleinen">The score per Werkplein, by code.</param>
/// <param name="Milestones">The spread of levels per milestone.</param>
/// <param name="Phases">The spread of levels per phase.</param>
public sealed record LandkaartTertaalResult(Tertaal Tertaal, IReadOnlyList<WerkpleinLandkaartScore> Werkpleinen,
    IReadOnlyList<LevelSpread> Milestones, IReadOnlyList<LevelSpread> Phases)
{
    /// <summary>National average of the Werkpleinen's total scores (percent); null without accepted submissions.</summary>
    public double? NationalPercent => Werkpleinen.Count == 0 ? null : Werkpleinen.Average(w => w.Percent);

    /// <summary>National average without milestones 13 and 14.</summary>
    public double? NationalPercentWithout13And14 => Werkpleinen.Count == 0 ? null : Werkpleinen.Average(w => w.PercentWithout13And14);

    /// <summary>Number of Werkpleinen with every milestone green.</summary>
    public int FullyGreenCount => Werkpleinen.Count(w => w.FullyGreen);

    /// <summary>Number of Werkpleinen per AKO group.</summary>
    public int CountIn(LandkaartGroup group) => Werkpleinen.Count(w => w.Group == group);
}

/// <summary>A Werkplein as another Werkplein sees it: named only with <c>Results:BenchmarkNames</c> = <c>zichtbaar</c>.</summary>
/// <param name="Label">Its name; null when names are hidden (then no code leaves either).</param>
/// <param name="IsOwn">The viewer's own Werkplein (always named).</param>
/// <param name="Percent">Total score.</param>
/// <param name="PercentWithout13And14">Score without milestones 13 and 14.</param>
public sealed record LandkaartPeer(string? Label, bool IsOwn, double Percent, double PercentWithout13And14);

/// <summary>One point of the national series.</summary>
/// <param name="Tertaal">The tertaal.</param>
/// <param name="Werkpleinen">Number of accepted submissions.</param>
/// <param name="Percent">National average.</param>
/// <param name="PercentWithout13And14">National average without milestones 13 and 14.</param>
public sealed record NationalLandkaartPoint(Tertaal Tertaal, int Werkpleinen, double Percent, double PercentWithout13And14);

/// <summary>
/// Scores of the Landkaart: per Werkplein points / 14 (and / 12 without milestones 13 and 14), the spread of levels,
/// the national average and the AKO grouping. Only accepted submissions count: the AKO's review is the check against
/// the strategic reporting the Inspectorate found. Aggregation runs over one query of levels per tertaal.
/// </summary>
public sealed class LandkaartResults(KlantmetingDbContext db, LandkaartDefinition landkaart, IOptions<LandkaartOptions> options)
{
    /// <summary>Points in thirds over a number of milestones, as a percentage.</summary>
    public static double Percent(int thirds, int milestones) => 100.0 * thirds / (3.0 * milestones);

    /// <summary>The results of one tertaal.</summary>
    public async Task<LandkaartTertaalResult> ForTertaalAsync(Tertaal tertaal, CancellationToken ct = default)
    {
        var rows = await (from s in db.LandkaartSubmissions
                          join w in db.Werkpleinen on s.WerkpleinId equals w.Id
                          join a in db.LandkaartAnswers on s.Id equals a.SubmissionId
                          where s.Year == tertaal.Year && s.TertaalNumber == tertaal.Number && s.State == SubmissionState.Accepted && a.Level != null
                          select new { w.Id, w.Code, w.Name, a.Milestone, a.Level }).AsNoTracking().ToListAsync(ct);
        var thirds = landkaart.Levels.ToDictionary(l => l.Id, l => l.Thirds);
        var scores = rows.GroupBy(r => (r.Id, r.Code, r.Name)).Select(g =>
        {
            var levels = g.ToDictionary(r => r.Milestone, r => r.Level!);
            var total = levels.Sum(l => thirds[l.Value]);
            var without = levels.Where(l => l.Key <= LandkaartLoader.MilestoneCount - 2).Sum(l => thirds[l.Value]);
            return new WerkpleinLandkaartScore(g.Key.Id, g.Key.Code, g.Key.Name, total, without, levels, GroupOf(Percent(total, LandkaartLoader.MilestoneCount)));
        }).OrderBy(s => s.Code, StringComparer.Ordinal).ToList();

        var milestones = landkaart.Milestones.Select(m => Spread($"Mijlpaal {m.Number}", scores, [m.Number])).ToList();
        var phases = landkaart.Phases.Select(p => Spread($"Fase {p.Number} {p.Name}", scores, [.. p.Milestones.Select(m => m.Number)])).ToList();
        return new LandkaartTertaalResult(tertaal, scores, milestones, phases);
    }

    /// <summary>The national average of every tertaal with accepted submissions, oldest first.</summary>
    public async Task<IReadOnlyList<NationalLandkaartPoint>> NationalSeriesAsync(CancellationToken ct = default)
    {
        var tertalen = await db.LandkaartSubmissions.Where(s => s.State == SubmissionState.Accepted)
            .Select(s => new { s.Year, s.TertaalNumber }).Distinct().ToListAsync(ct);
        var result = new List<NationalLandkaartPoint>();
        foreach (var t in tertalen.Select(t => new Tertaal(t.Year, t.TertaalNumber)).Order())
        {
            var r = await ForTertaalAsync(t, ct);
            if (r.NationalPercent is { } percent)
                result.Add(new(t, r.Werkpleinen.Count, percent, r.NationalPercentWithout13And14!.Value));
        }

        return result;
    }

    /// <summary>
    /// Every Werkplein of <paramref name="result"/> as the Werkplein <paramref name="ownId"/> may see them: highest score
    /// first, the own one named; the others named only when <paramref name="namesShown"/> (the same rule as the client
    /// scores' benchmark). With names hidden, ties keep a fixed order by score only, never by code or name.
    /// </summary>
    public static IReadOnlyList<LandkaartPeer> PeersOf(LandkaartTertaalResult result, int ownId, string ownName, bool namesShown) =>
        [.. result.Werkpleinen
            .OrderByDescending(w => w.Thirds).ThenByDescending(w => w.ThirdsWithout13And14).ThenBy(w => w.WerkpleinId != ownId)
            .Select(w => new LandkaartPeer(w.WerkpleinId == ownId ? ownName : namesShown ? w.Name : null, w.WerkpleinId == ownId, w.Percent, w.PercentWithout13And14))];

    /// <summary>The AKO group of a total score.</summary>
    public LandkaartGroup GroupOf(double percent) =>
        percent >= options.Value.NearlyDonePercent ? LandkaartGroup.NearlyDone
        : percent >= options.Value.NextYearPercent ? LandkaartGroup.NeedsNextYear
        : LandkaartGroup.Lagging;

    /// <summary>The Dutch name of a group.</summary>
    public static string GroupName(LandkaartGroup group) => group switch
    {
        LandkaartGroup.NearlyDone => "bijna klaar",
        LandkaartGroup.NeedsNextYear => "heeft het volgende jaar nodig",
        _ => "blijft achter",
    };

    private LevelSpread Spread(string label, List<WerkpleinLandkaartScore> scores, int[] milestones) =>
        new(label, landkaart.Levels.ToDictionary(l => l.Id,
            l => scores.Sum(s => milestones.Count(m => s.Levels.GetValueOrDefault(m) == l.Id))));
}
