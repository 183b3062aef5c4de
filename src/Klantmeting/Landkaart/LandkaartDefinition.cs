namespace Klantmeting.Landkaart;

/// <summary>One version of the SUWI-Landkaart, loaded from <c>landkaart/*.yaml</c>.</summary>
/// <param name="Id">File name without extension, for example <c>suwi-2008</c>.</param>
/// <param name="Version">Version number of the file.</param>
/// <param name="Title">Title shown above the form.</param>
/// <param name="Levels">The four levels, from red to green.</param>
/// <param name="Phases">The phases in order, each with its milestones.</param>
/// <param name="SourceFile">The path the definition was read from.</param>
public sealed record LandkaartDefinition(string Id, int Version, string Title, IReadOnlyList<LandkaartLevel> Levels,
    IReadOnlyList<LandkaartPhase> Phases, string SourceFile)
{
    /// <summary>Every milestone of every phase, in number order.</summary>
    public IReadOnlyList<Milestone> Milestones { get; } = [.. Phases.SelectMany(p => p.Milestones).OrderBy(m => m.Number)];

    /// <summary>The level with this id (rood, oranje, blauw, groen), or null.</summary>
    public LandkaartLevel? FindLevel(string id) => Levels.FirstOrDefault(l => l.Id == id);

    /// <summary>The milestone with this number, or null.</summary>
    public Milestone? FindMilestone(int number) => Milestones.FirstOrDefault(m => m.Number == number);

    /// <summary>The phase a milestone belongs to.</summary>
    public LandkaartPhase PhaseOf(int milestone) => Phases.First(p => p.Milestones.Any(m => m.Number == milestone));
}

/// <summary>One answer level of a milestone.</summary>
/// <param name="Id">The key used in files and the database: rood, oranje, blauw or groen.</param>
/// <param name="Name">What it means, for example "in ontwikkeling".</param>
/// <param name="Colour">The colour word shown beside the name (never the colour alone).</param>
/// <param name="Thirds">Points in thirds of a point (0, 1, 2 or 3), so sums stay exact.</param>
public sealed record LandkaartLevel(string Id, string Name, string Colour, int Thirds)
{
    /// <summary>The points as written in the file: 0, 1/3, 2/3 or 1.</summary>
    public string PointsText => Thirds switch { 0 => "0", 3 => "1", _ => $"{Thirds}/3" };
}

/// <summary>A phase of the Landkaart.</summary>
/// <param name="Number">1 to 6.</param>
/// <param name="Name">For example "Samenwerking starten".</param>
/// <param name="Milestones">Its milestones in order.</param>
public sealed record LandkaartPhase(int Number, string Name, IReadOnlyList<Milestone> Milestones);

/// <summary>A milestone (mijlpaal) with its text and a criterion per level.</summary>
/// <param name="Number">1 to 14, unique over the phases.</param>
/// <param name="Name">Short name.</param>
/// <param name="Text">The full text of the milestone.</param>
/// <param name="Criteria">Per level id the criterion.</param>
/// <param name="ClientMeasurements">True for the milestone whose evidence is the Werkplein's own client measurements.</param>
public sealed record Milestone(int Number, string Name, string Text, IReadOnlyDictionary<string, LevelCriterion> Criteria,
    bool ClientMeasurements);

/// <summary>What must be true for a level and what evidence shows it.</summary>
/// <param name="Must">What must be true.</param>
/// <param name="Evidence">What evidence shows it.</param>
/// <param name="Draft">True while the AKO has not agreed on the text.</param>
public sealed record LevelCriterion(string Must, string Evidence, bool Draft);
