namespace Klantmeting.Results;

/// <summary>One Werkplein of a round as the benchmark groups it: its region (or <see cref="PeerGroups.UnknownRegion"/>) and size class.</summary>
/// <param name="Code">Werkplein code.</param>
/// <param name="Name">Display name (shown to other Werkpleinen only with <c>Results:BenchmarkNames</c> = <c>zichtbaar</c>).</param>
/// <param name="Region">Region as imported, trimmed; <see cref="PeerGroups.UnknownRegion"/> when none.</param>
/// <param name="Invited">Participants of the Werkplein in the round (invited, sent or not).</param>
/// <param name="SizeClass">Id of its <see cref="SizeClass"/> by <paramref name="Invited"/>.</param>
public sealed record PeerMember(string Code, string Name, string Region, int Invited, string SizeClass);

/// <summary>
/// Figures pooled over groups of Werkpleinen of one round, from their respondents (not a mean of means): per region
/// and per size class, with the same statistics and suppression as the national cells. In these cells the
/// Werkplein column holds the region or the size-class id.
/// </summary>
/// <param name="Members">Every Werkplein of the round, ordinal by code.</param>
/// <param name="Regions">Cells per region (ordinal by region), <c>totaal</c> and every breakdown group, every measure.</param>
/// <param name="SizeClasses">Cells per size class (in <see cref="PeerGroups.SizeClasses"/> order), same layout.</param>
public sealed record PeerFigures(IReadOnlyList<PeerMember> Members, IReadOnlyList<ResultCell> Regions, IReadOnlyList<ResultCell> SizeClasses);

/// <summary>A size class of Werkpleinen by the number of participants invited in the round: <c>From</c> up to (not including) <c>Below</c>.</summary>
/// <param name="Id">Key in cells and exports.</param>
/// <param name="From">Smallest number invited in the class.</param>
/// <param name="Below">First number invited of the next class.</param>
/// <param name="Label">Dutch description for pages.</param>
public sealed record SizeClass(string Id, int From, int Below, string Label);

/// <summary>How Werkpleinen are grouped for the benchmark: regions, size classes and the smallest usable comparison group.</summary>
public static class PeerGroups
{
    /// <summary>The region of a Werkplein without one (the same word as the <c>onbekend</c> group of a breakdown).</summary>
    public const string UnknownRegion = "onbekend";

    /// <summary>
    /// A comparison group needs at least this many Werkpleinen in the round (the Werkplein itself included): with two,
    /// the other's figure would follow from the pooled figure and the Werkplein's own.
    /// </summary>
    public const int MinimumMembers = 3;

    /// <summary>
    /// Size classes by participants invited in the round. A national round of about 110,000 invitations over some
    /// hundred Werkpleinen gives about 1,000 each; the bounds put a typical Werkplein in the middle class.
    /// </summary>
    public static IReadOnlyList<SizeClass> SizeClasses { get; } =
    [
        new("klein", 0, 500, "klein (minder dan 500 klanten uitgenodigd)"),
        new("middel", 500, 1500, "middelgroot (500 tot 1.500 klanten uitgenodigd)"),
        new("groot", 1500, int.MaxValue, "groot (1.500 of meer klanten uitgenodigd)"),
    ];

    /// <summary>The size class of a Werkplein that invited <paramref name="invited"/> participants.</summary>
    public static SizeClass SizeClassOf(int invited) => SizeClasses.First(c => invited < c.Below);

    /// <summary>The region key of a stored <c>Werkplein.Region</c>: trimmed, <see cref="UnknownRegion"/> when empty.</summary>
    public static string RegionOf(string? region) => string.IsNullOrWhiteSpace(region) ? UnknownRegion : region.Trim();

    /// <summary>
    /// Pools respondents per group of Werkpleinen, with a <see cref="CellAccumulator"/> whose "Werkpleinen" are the
    /// groups: a respondent of Werkplein i counts in group <c>groupOf[i]</c>. The NL block it also fills is dropped.
    /// </summary>
    internal sealed class Accumulator(Surveys.SurveyDefinition survey, BreakdownLayout layout, IReadOnlyList<string> groups, int[] groupOf)
    {
        private readonly CellAccumulator _cells = new(survey, layout, groups.Count);

        /// <summary>Adds one respondent (row index 0, outside the round's list, counts in no group).</summary>
        public void Add(in RespondentRow row)
        {
            if (row.Werkplein > 0)
            {
                _cells.Add(new RespondentRow(groupOf[row.Werkplein], row.Grade, row.Answered, row.Sums, row.Counts, row.Slots, row.ModeSlot));
            }
        }

        /// <summary>Cells of every group in the order of <c>groups</c>, suppressed below <paramref name="minimumCellSize"/>.</summary>
        public List<ResultCell> ToCells(string round, int minimumCellSize)
        {
            var all = _cells.ToCells(round, groups, minimumCellSize);
            // Every block (NL, then each group) has the same slots and measures: skip the first block by size, not by
            // its name, so a region that happens to be called "NL" is still kept.
            return all.Skip(all.Count / (groups.Count + 1)).ToList();
        }
    }
}
