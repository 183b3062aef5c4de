using Klantmeting.Surveys;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Klantmeting.Landkaart;

/// <summary>
/// Reads and validates a Landkaart file (<c>landkaart/*.yaml</c>) with the conventions of the questionnaire files:
/// every problem is reported as file:line:column with a Dutch message, and all problems are collected before
/// anything is thrown.
/// </summary>
public static class LandkaartLoader
{
    /// <summary>The four levels every Landkaart has, in order, with their points in thirds.</summary>
    public static readonly IReadOnlyList<(string Id, int Thirds)> RequiredLevels =
        [("rood", 0), ("oranje", 1), ("blauw", 2), ("groen", 3)];

    /// <summary>Number of phases a Landkaart has.</summary>
    public const int PhaseCount = 6;

    /// <summary>Number of milestones a Landkaart has.</summary>
    public const int MilestoneCount = 14;

    private static readonly string[] _rootKeys = ["id", "version", "title", "levels", "phases"];
    private static readonly string[] _levelKeys = ["id", "name", "colour", "points"];
    private static readonly string[] _phaseKeys = ["number", "name", "milestones"];
    private static readonly string[] _milestoneKeys = ["number", "name", "text", "client_measurements", "criteria"];
    private static readonly string[] _criterionKeys = ["must", "evidence", "draft"];

    /// <summary>Loads and validates one Landkaart file.</summary>
    /// <param name="path">Path of the <c>.yaml</c> file; its name without extension must equal the id.</param>
    /// <exception cref="LandkaartValidationException">The file is not valid YAML or breaks a rule; <c>Errors</c> lists every problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LandkaartDefinition LoadFile(string path)
    {
        var reader = new FileReader(path);
        var result = reader.Read(File.ReadAllText(path));
        if (reader.Errors.Count > 0 || result is null)
            throw new LandkaartValidationException(reader.SortedErrors());
        return result;
    }

    private sealed class FileReader(string file) : YamlFileReader(file)
    {
        public LandkaartDefinition? Read(string text)
        {
            if (LoadRoot(text, "id, version, title, levels en phases") is not { } root)
                return null;

            var keys = Keys(root, _rootKeys, "de landkaart");
            var id = RequiredString(root, keys, "id", "de landkaart");
            var expected = Path.GetFileNameWithoutExtension(FilePath);
            if (id is not null && id != expected)
                Error(keys["id"], $"id '{id}' moet gelijk zijn aan de bestandsnaam zonder .yaml: '{expected}'");
            var version = RequiredInt(root, keys, "version", "de landkaart");
            if (version is < 1)
                Error(keys["version"], $"version '{version}' moet een positief geheel getal zijn (1, 2, ...)");
            var title = RequiredString(root, keys, "title", "de landkaart");
            var levels = ReadLevels(root, keys);
            var phases = ReadPhases(root, keys);

            return Errors.Count > 0 ? null : new LandkaartDefinition(id!, version!.Value, title!, levels, phases, FilePath);
        }

        private List<LandkaartLevel> ReadLevels(YamlMappingNode root, Dictionary<string, YamlNode> keys)
        {
            var result = new List<LandkaartLevel>();
            if (RequiredList(root, keys, "levels", "de landkaart") is not { } list)
                return result;
            if (list.Children.Count != RequiredLevels.Count)
            {
                Error(list, $"de landkaart moet precies {RequiredLevels.Count} niveaus hebben (rood, oranje, blauw, groen), niet {list.Children.Count}");
                return result;
            }

            for (var i = 0; i < list.Children.Count; i++)
            {
                var (expectedId, expectedThirds) = RequiredLevels[i];
                var where = $"niveau {i + 1}";
                if (MapWithKeys(list.Children[i], where, "id, name, colour en points", _levelKeys) is not (var map, var levelKeys))
                    continue;
                var id = RequiredString(map, levelKeys, "id", where);
                if (id is not null && id != expectedId)
                    Error(levelKeys["id"], $"{where} moet id '{expectedId}' hebben, niet '{id}' (volgorde: rood, oranje, blauw, groen)");
                var name = RequiredString(map, levelKeys, "name", where);
                var colour = RequiredString(map, levelKeys, "colour", where);
                var points = RequiredString(map, levelKeys, "points", where);
                int? thirds = points switch { "0" => 0, "1/3" => 1, "2/3" => 2, "1" => 3, null => null, _ => -1 };
                if (thirds == -1)
                    Error(levelKeys["points"], $"points '{points}' van {where} is onbekend; kies 0, 1/3, 2/3 of 1");
                else if (thirds is not null && thirds != expectedThirds)
                    Error(levelKeys["points"], $"{where} ({expectedId}) moet {new LandkaartLevel(expectedId, "", "", expectedThirds).PointsText} punten hebben, niet {points}");
                if (id is not null && name is not null && colour is not null && thirds is >= 0)
                    result.Add(new LandkaartLevel(id, name, colour, thirds.Value));
            }

            return result;
        }

        private List<LandkaartPhase> ReadPhases(YamlMappingNode root, Dictionary<string, YamlNode> keys)
        {
            var result = new List<LandkaartPhase>();
            if (RequiredList(root, keys, "phases", "de landkaart") is not { } list)
                return result;
            if (list.Children.Count != PhaseCount)
                Error(list, $"de landkaart moet precies {PhaseCount} fasen hebben, niet {list.Children.Count}");

            var nextMilestone = 1;
            for (var i = 0; i < list.Children.Count; i++)
            {
                var where = $"fase {i + 1}";
                if (MapWithKeys(list.Children[i], where, "number, name en milestones", _phaseKeys) is not (var map, var phaseKeys))
                    continue;
                var number = RequiredInt(map, phaseKeys, "number", where);
                if (number is not null && number != i + 1)
                    Error(phaseKeys["number"], $"{where} moet nummer {i + 1} hebben, niet {number} (fasen op volgorde vanaf 1)");
                var name = RequiredString(map, phaseKeys, "name", where);
                var milestones = new List<Milestone>();
                if (RequiredList(map, phaseKeys, "milestones", where) is { } milestoneList)
                {
                    if (milestoneList.Children.Count == 0)
                        Error(milestoneList, $"{where} moet minstens één mijlpaal hebben");
                    foreach (var item in milestoneList.Children)
                    {
                        if (ReadMilestone(item, nextMilestone) is { } milestone)
                            milestones.Add(milestone);
                        nextMilestone++;
                    }
                }

                if (name is not null)
                    result.Add(new LandkaartPhase(i + 1, name, milestones));
            }

            if (nextMilestone - 1 != MilestoneCount)
                Error(list, $"de landkaart moet precies {MilestoneCount} mijlpalen hebben, niet {nextMilestone - 1}");
            return result;
        }

        private Milestone? ReadMilestone(YamlNode node, int expected)
        {
            var where = $"mijlpaal {expected}";
            if (MapWithKeys(node, where, "number, name, text en criteria", _milestoneKeys) is not (var map, var keys))
                return null;
            var number = RequiredInt(map, keys, "number", where);
            if (number is not null && number != expected)
                Error(keys["number"], $"mijlpaal met nummer {number} staat op plaats {expected}; nummer de mijlpalen op volgorde vanaf 1 over alle fasen");
            var name = RequiredString(map, keys, "name", where);
            var text = RequiredString(map, keys, "text", where);
            var clientMeasurements = ReadBool(keys, "client_measurements", where) == true;

            var criteria = new Dictionary<string, LevelCriterion>(StringComparer.Ordinal);
            if (!keys.TryGetValue("criteria", out var criteriaNode))
            {
                Error(map, $"verplichte sleutel 'criteria' ontbreekt in {where}; geef per niveau (rood, oranje, blauw, groen) must, evidence en draft");
            }
            else if (Map(criteriaNode, $"criteria van {where}", "rood, oranje, blauw en groen") is { } criteriaMap)
            {
                var levelIds = RequiredLevels.Select(l => l.Id).ToArray();
                var byLevel = Keys(criteriaMap, levelIds, $"criteria van {where}");
                foreach (var level in levelIds)
                {
                    var levelWhere = $"criterium {level} van {where}";
                    if (!byLevel.TryGetValue(level, out var criterionNode))
                    {
                        Error(criteriaMap, $"het criterium voor niveau '{level}' ontbreekt in {where}; elk niveau heeft een criterium");
                        continue;
                    }

                    if (MapWithKeys(criterionNode, levelWhere, "must, evidence en draft", _criterionKeys) is not (var criterionMap, var criterionKeys))
                        continue;
                    var must = RequiredString(criterionMap, criterionKeys, "must", levelWhere);
                    var evidence = RequiredString(criterionMap, criterionKeys, "evidence", levelWhere);
                    bool? draft = null;
                    if (!criterionKeys.ContainsKey("draft"))
                        Error(criterionMap, $"verplichte sleutel 'draft' ontbreekt in {levelWhere} (true zolang de AKO de tekst niet heeft vastgesteld)");
                    else
                        draft = ReadBool(criterionKeys, "draft", levelWhere);
                    if (must is not null && evidence is not null && draft is not null)
                        criteria[level] = new LevelCriterion(must, evidence, draft.Value);
                }
            }

            return number is null || name is null || text is null ? null : new Milestone(expected, name, text, criteria, clientMeasurements);
        }
    }
}

/// <summary>
/// The Landkaart file is invalid. <see cref="Errors"/> holds every problem (file:line:column); the host does not
/// start, because answers against a half-valid Landkaart could not be scored.
/// </summary>
public sealed class LandkaartValidationException(IReadOnlyList<SurveyValidationError> errors)
    : Exception((errors.Count == 1 ? "Fout in de landkaart:" : $"{errors.Count} fouten in de landkaart:")
        + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    /// <summary>All problems, in document order.</summary>
    public IReadOnlyList<SurveyValidationError> Errors { get; } = errors;
}
