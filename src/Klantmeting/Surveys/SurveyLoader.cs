using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Klantmeting.Surveys;

/// <summary>
/// Reads and validates questionnaire definitions from YAML files. Every problem is reported with the file, line
/// and column of the offending node, and all problems of a file are collected before anything is thrown.
/// </summary>
public static partial class SurveyLoader
{
    /// <summary>Column names of the sample CSV that the importer reserves; attributes may not use them.</summary>
    public static readonly IReadOnlyList<string> ReservedColumnNames = ["ref", "email", "werkplein"];

    /// <summary>
    /// From this questionnaire version on every <c>comparable_to</c> link must state its kind
    /// (<c>- { id: houvast, kind: same }</c>); in version 1 a bare id still loads, read as <c>same</c>.
    /// </summary>
    public const int KindRequiredFromVersion = 2;

    /// <summary>Fewest statements a principle may have.</summary>
    public const int MinStatements = 2;

    /// <summary>Most statements a principle may have.</summary>
    public const int MaxStatements = 4;

    private static readonly string[] _rootKeys =
        ["id", "version", "audience", "title", "introduction", "interviewer_text", "principles", "grade", "open", "attributes"];

    private static readonly string[] _principleKeys = ["id", "name", "description", "interviewer_text", "comparable_to", "statements"];
    private static readonly string[] _linkKeys = ["id", "kind", "note"];
    private static readonly string[] _textItemKeys = ["text", "interviewer_text"];
    private static readonly string[] _statementKeys = ["text", "interviewer_text"];
    private static readonly string[] _attributeKeys = ["id", "label", "type", "required", "values", "min", "max", "bands"];
    private static readonly string[] _bandKeys = ["label", "from", "to"];
    private static readonly string[] _valueKeys = ["value", "label"];

    /// <summary>Loads and validates one questionnaire file.</summary>
    /// <param name="path">Path of the <c>.yaml</c> file; its name without extension must equal the survey id.</param>
    /// <exception cref="SurveyValidationException">The file is not valid YAML or breaks a rule; <c>Errors</c> lists every problem.</exception>
    /// <exception cref="IOException">The file cannot be read (for example <see cref="FileNotFoundException"/>).</exception>
    public static SurveyDefinition LoadFile(string path)
    {
        var text = File.ReadAllText(path);
        var reader = new FileReader(path);
        var survey = reader.Read(text);
        if (reader.Errors.Count > 0 || survey is null)
            throw new SurveyValidationException(reader.SortedErrors());
        return survey;
    }

    /// <summary>Loads and validates every <c>*.yaml</c> file of a folder (not its subfolders), ordered by file name.</summary>
    /// <exception cref="SurveyValidationException">
    /// The folder is missing or holds no questionnaire, a file is invalid, two files share an id, or a file has the
    /// extension <c>.yml</c> (it would be silently ignored otherwise). <c>Errors</c> lists the problems of all files.
    /// </exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static IReadOnlyList<SurveyDefinition> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new SurveyValidationException([new(directory, 0, 0,
                $"de map met vragenlijsten bestaat niet (volledig pad: {Path.GetFullPath(directory)}); "
                + $"controleer de instelling {SurveyExtensions.PathSetting}")]);
        }

        var errors = new List<SurveyValidationError>();
        foreach (var yml in Directory.GetFiles(directory, "*.yml").Order(StringComparer.Ordinal))
            errors.Add(new(yml, 0, 0, "vragenlijsten moeten de extensie .yaml hebben; dit bestand wordt anders genegeerd"));

        var files = Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            errors.Add(new(directory, 0, 0,
                $"de map bevat geen vragenlijsten (*.yaml); controleer de instelling {SurveyExtensions.PathSetting}"));
            throw new SurveyValidationException(errors);
        }

        var surveys = new List<SurveyDefinition>();
        var readers = new List<(SurveyDefinition Survey, FileReader Reader)>();
        var firstById = new Dictionary<string, (string File, Mark Position)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var reader = new FileReader(file);
            var survey = reader.Read(File.ReadAllText(file));
            if (reader.IdNode is { } idNode && idNode.Value is { Length: > 0 } id)
            {
                if (firstById.TryGetValue(id, out var first))
                {
                    reader.Error(idNode, $"id '{id}' wordt ook gebruikt in {first.File}:{first.Position.Line}:{first.Position.Column}; "
                        + "elke vragenlijst moet een eigen id hebben");
                }
                else
                {
                    firstById[id] = (file, idNode.Start);
                }
            }

            errors.AddRange(reader.SortedErrors());
            if (reader.Errors.Count == 0 && survey is not null)
            {
                surveys.Add(survey);
                readers.Add((survey, reader));
            }
        }

        errors.AddRange(KindConflicts(readers));
        return errors.Count > 0 ? throw new SurveyValidationException(errors) : surveys;
    }

    /// <summary>
    /// A link declared on both sides (2007 names 2009 and 2009 names 2007) must have the same kind on both, or the
    /// trend and the comparison would depend on which file is read first. Reported on each side.
    /// </summary>
    private static IEnumerable<SurveyValidationError> KindConflicts(List<(SurveyDefinition Survey, FileReader Reader)> readers)
    {
        foreach (var (survey, reader) in readers)
        {
            foreach (var (principle, link, node) in reader.LinkNodes)
            {
                foreach (var (other, otherReader) in readers.Where(o => o.Survey.Audience == survey.Audience && o.Survey.Id != survey.Id))
                {
                    var back = otherReader.LinkNodes.FirstOrDefault(b => b.Principle == link.PrincipleId && b.Link.PrincipleId == principle);
                    if (back.Link is not null && back.Link.Kind != link.Kind)
                    {
                        yield return new(survey.SourceFile, (int)node.Start.Line, (int)node.Start.Column,
                            $"comparable_to van principe '{principle}': kind {KindWord(link.Kind)} past niet bij kind {KindWord(back.Link.Kind)} "
                            + $"van principe '{link.PrincipleId}' in {other.SourceFile}:{back.Node.Start.Line}:{back.Node.Start.Column}; "
                            + "geef beide kanten dezelfde soort");
                    }
                }
            }
        }
    }

    /// <summary>The word of a kind in the survey file.</summary>
    public static string KindWord(ComparabilityKind kind) => kind == ComparabilityKind.Changed ? "changed" : "same";

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    /// <summary>Reads one file into a definition while collecting every problem it finds.</summary>
    private sealed class FileReader(string file) : YamlFileReader(file)
    {
        /// <summary>Every link read (principle id, link, its node), for the check that both sides agree on the kind.</summary>
        public List<(string Principle, ComparableLink Link, YamlNode Node)> LinkNodes { get; } = [];

        /// <summary>The node of the top-level <c>id</c>, for the duplicate check across files.</summary>
        public YamlScalarNode? IdNode { get; private set; }

        /// <summary>Returns the definition, or null when the file is too broken to build one.</summary>
        public SurveyDefinition? Read(string text) =>
            LoadRoot(text, "id, version, audience, ...") is { } root ? ReadSurvey(root) : null;

        private SurveyDefinition? ReadSurvey(YamlMappingNode root)
        {
            var keys = Keys(root, _rootKeys, "de vragenlijst");

            var id = RequiredString(root, keys, "id", "de vragenlijst");
            IdNode = keys.GetValueOrDefault("id") as YamlScalarNode;
            var expectedId = Path.GetFileNameWithoutExtension(FilePath);
            if (id is not null && id != expectedId)
                Error(keys["id"], $"id '{id}' moet gelijk zijn aan de bestandsnaam zonder .yaml: '{expectedId}'");

            var version = 0;
            if (RequiredString(root, keys, "version", "de vragenlijst") is { } versionText)
            {
                if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1)
                    Error(keys["version"], $"version '{versionText}' moet een positief geheel getal zijn (1, 2, ...)");
            }

            var audience = RequiredString(root, keys, "audience", "de vragenlijst");
            if (audience is not null && !SnakeCase().IsMatch(audience))
                Error(keys["audience"], $"audience '{audience}' mag alleen kleine letters, cijfers en _ bevatten (bijvoorbeeld werkzoekenden)");

            var title = RequiredString(root, keys, "title", "de vragenlijst");
            var introduction = RequiredString(root, keys, "introduction", "de vragenlijst");
            var interviewerIntroduction = InterviewerText(keys, "de vragenlijst");
            var principles = ReadPrinciples(root, keys, version);
            var (grade, gradeInterviewer) = ReadTextItem(root, keys, "grade");
            var (open, openInterviewer) = ReadTextItem(root, keys, "open");
            var attributes = ReadAttributes(keys);

            if (Errors.Count > 0)
                return null;

            return new SurveyDefinition(id!, version, audience!, title!, introduction!, principles,
                new GradeItem(grade!) { InterviewerText = gradeInterviewer }, new OpenItem(open!) { InterviewerText = openInterviewer },
                attributes, FilePath) { InterviewerIntroduction = interviewerIntroduction };
        }

        private List<Principle> ReadPrinciples(YamlMappingNode root, Dictionary<string, YamlNode> keys, int version)
        {
            var result = new List<Principle>();
            if (!keys.TryGetValue("principles", out var node))
            {
                Error(root, "verplichte sleutel 'principles' ontbreekt in de vragenlijst");
                return result;
            }

            if (Sequence(node, "principles", "een lijst van principes") is not { } list)
                return result;
            if (list.Children.Count == 0)
            {
                Error(list, "de vragenlijst moet minstens één principe hebben");
                return result;
            }

            var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (map, principleKeys, id, where) in IdItems(list, "principe", "id, name, description, comparable_to en statements", _principleKeys))
            {
                if (id is not null)
                {
                    if (!SnakeCase().IsMatch(id))
                        Error(principleKeys["id"], $"principe-id '{id}' moet lower_snake_case zijn (kleine letters, cijfers en _, bijvoorbeeld persoonlijke_aandacht)");
                    else if (seen.TryGetValue(id, out var earlier))
                        Error(principleKeys["id"], $"principe-id '{id}' komt twee keer voor (eerder op regel {earlier.Start.Line})");
                    else
                        seen[id] = principleKeys["id"];
                }

                var name = RequiredString(map, principleKeys, "name", where);
                var description = OptionalString(principleKeys, "description", where) ?? "";
                var interviewerText = InterviewerText(principleKeys, where);
                var links = ReadComparableTo(principleKeys, id ?? "", where, version);
                var statements = ReadStatements(map, principleKeys, id ?? "", where);
                if (id is not null && name is not null)
                {
                    result.Add(new Principle(id, name, description, statements, [.. links.Select(l => l.PrincipleId)])
                        { Links = links, InterviewerDescription = interviewerText });
                }
            }

            return result;
        }

        private List<ComparableLink> ReadComparableTo(Dictionary<string, YamlNode> keys, string principleId, string where, int version)
        {
            var result = new List<ComparableLink>();
            if (!keys.TryGetValue("comparable_to", out var node) || IsNull(node))
                return result;
            if (Sequence(node, $"comparable_to van {where}",
                    "een lijst van koppelingen, bijvoorbeeld - { id: houvast, kind: same }") is not { } list)
                return result;
            foreach (var item in list.Children)
            {
                string? value;
                ComparableLink? link = null;
                if (item is YamlMappingNode map)
                {
                    value = ReadLink(map, where, out link);
                }
                else
                {
                    value = Scalar(item, $"comparable_to van {where}", "een koppeling");
                    if (value is { Length: > 0 } && SnakeCase().IsMatch(value))
                    {
                        // Version 1 files predate the kind; a bare id keeps the meaning it always had (tested across).
                        if (version >= KindRequiredFromVersion)
                        {
                            Error(item, $"comparable_to van {where}: bij '{value}' ontbreekt de soort; vanaf version {KindRequiredFromVersion} "
                                + $"schrijft u - {{ id: {value}, kind: same }} of kind: changed met een note die uitlegt wat er anders is");
                        }

                        link = new ComparableLink(value, ComparabilityKind.Same, null);
                    }
                }

                if (value is null)
                    continue;
                if (!SnakeCase().IsMatch(value))
                    Error(item, $"comparable_to van {where}: '{value}' is geen geldig principe-id (lower_snake_case)");
                else if (result.Any(l => l.PrincipleId == value))
                    Error(item, $"comparable_to van {where}: '{value}' staat er twee keer in");
                else if (link is not null)
                {
                    result.Add(link);
                    LinkNodes.Add((principleId, link, item));
                }
            }

            return result;
        }

        /// <summary>Reads <c>{ id, kind, note }</c>; returns the id (or null) and the link when it is complete.</summary>
        private string? ReadLink(YamlMappingNode map, string where, out ComparableLink? link)
        {
            link = null;
            var peeked = PeekId(map);
            var linkWhere = peeked is null ? $"comparable_to van {where}" : $"comparable_to '{peeked}' van {where}";
            var linkKeys = Keys(map, _linkKeys, linkWhere);
            var id = RequiredString(map, linkKeys, "id", linkWhere);
            var kindText = RequiredString(map, linkKeys, "kind", linkWhere);
            var note = OptionalString(linkKeys, "note", linkWhere);
            ComparabilityKind? kind = kindText switch
            {
                null => null,
                "same" => ComparabilityKind.Same,
                "changed" => ComparabilityKind.Changed,
                _ => null,
            };
            if (kindText is not null && kind is null)
            {
                Error(linkKeys["kind"], $"kind '{kindText}' van {linkWhere} is onbekend; kies same (dezelfde definitie) "
                    + "of changed (anders gedefinieerd)");
            }

            if (note is not null && (note.Contains('\n', StringComparison.Ordinal) || note.Contains('\r', StringComparison.Ordinal)))
            {
                Error(linkKeys["note"], $"'note' in {linkWhere} moet één regel zijn");
                note = null;
            }
            else if (note is { Length: 0 })
            {
                note = null;
            }

            if (kind == ComparabilityKind.Changed && note is null && !linkKeys.ContainsKey("note"))
            {
                Error(map, $"verplichte sleutel 'note' ontbreekt in {linkWhere}: leg bij kind: changed in één regel uit wat er anders is");
            }
            else if (kind == ComparabilityKind.Changed && note is null)
            {
                Error(linkKeys["note"], $"'note' in {linkWhere} mag niet leeg zijn: leg in één regel uit wat er anders is");
            }

            if (id is not null && kind is not null && (kind == ComparabilityKind.Same || note is not null))
                link = new ComparableLink(id, kind.Value, note);
            return id;
        }

        private List<Statement> ReadStatements(YamlMappingNode map, Dictionary<string, YamlNode> keys, string principleId, string where)
        {
            var result = new List<Statement>();
            if (!keys.TryGetValue("statements", out var node))
            {
                Error(map, $"verplichte sleutel 'statements' ontbreekt in {where}");
                return result;
            }

            if (Sequence(node, $"statements van {where}", "een lijst van stellingen") is not { } list)
                return result;

            var position = 0;
            foreach (var item in list.Children)
            {
                position++;
                // A statement is its text, or { text, interviewer_text } when the interviewer reads it out differently.
                string? interviewerText = null;
                var statementWhere = $"stelling {position} van {where}";
                var text = TextOrMapping(item, $"stelling van {where}", "een tekst of { text: ..., interviewer_text: ... }", statementMap =>
                {
                    var statementKeys = Keys(statementMap, _statementKeys, statementWhere);
                    var given = RequiredString(statementMap, statementKeys, "text", statementWhere);
                    interviewerText = InterviewerText(statementKeys, statementWhere);
                    return given;
                });
                if (text is null)
                    continue;
                if (text.Length == 0)
                {
                    Error(item, $"lege stelling in {where}");
                    continue;
                }

                result.Add(new Statement($"{principleId}.{result.Count + 1}", principleId, text) { InterviewerText = interviewerText });
            }

            var count = list.Children.Count;
            if (count is < MinStatements or > MaxStatements)
            {
                Error(list, $"{where} heeft {count} {(count == 1 ? "stelling" : "stellingen")}; "
                    + $"minimaal {MinStatements}, maximaal {MaxStatements}");
            }

            return result;
        }

        private (string? Text, string? InterviewerText) ReadTextItem(YamlMappingNode root, Dictionary<string, YamlNode> keys, string key)
        {
            if (!keys.TryGetValue(key, out var node))
            {
                Error(root, $"verplichte sleutel '{key}' ontbreekt in de vragenlijst (met daaronder 'text')");
                return (null, null);
            }

            if (node is not YamlMappingNode map)
            {
                Error(node, $"'{key}' moet een mapping zijn met de sleutel 'text'");
                return (null, null);
            }

            var itemKeys = Keys(map, _textItemKeys, $"'{key}'");
            return (RequiredString(map, itemKeys, "text", $"'{key}'"), InterviewerText(itemKeys, $"'{key}'"));
        }

        /// <summary>
        /// A list item given as a plain text or as a mapping that <paramref name="readMapping"/> reads (and reports on);
        /// null when it is neither or the mapping lacks its text (the error is reported).
        /// </summary>
        private string? TextOrMapping(YamlNode item, string what, string expected, Func<YamlMappingNode, string?> readMapping) =>
            item is YamlMappingNode map ? readMapping(map) : Scalar(item, what, expected);

        /// <summary>
        /// The optional <c>interviewer_text</c>: what the interviewer reads out instead of the respondent's text. Absent
        /// is null; present, it must be a non-empty text.
        /// </summary>
        private string? InterviewerText(Dictionary<string, YamlNode> keys, string where)
        {
            return keys.TryGetValue("interviewer_text", out var node)
                ? NonEmptyScalar(node, $"'interviewer_text' in {where}", "een tekst (wat de interviewer voorleest)",
                    $"'interviewer_text' in {where} mag niet leeg zijn: laat de sleutel weg als de interviewer de gewone tekst voorleest")
                : null;
        }

        private List<AttributeDefinition> ReadAttributes(Dictionary<string, YamlNode> keys)
        {
            var result = new List<AttributeDefinition>();
            if (!keys.TryGetValue("attributes", out var node) || IsNull(node))
                return result;
            if (Sequence(node, "attributes", "een lijst van kenmerken (of [] voor geen)") is not { } list)
                return result;

            var seen = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var (map, attributeKeys, id, where) in IdItems(list, "kenmerk", "id, label, type, ...", _attributeKeys))
            {
                if (id is not null)
                {
                    var idNode = attributeKeys["id"];
                    if (!SnakeCase().IsMatch(id))
                        Error(idNode, $"kenmerk-id '{id}' moet lower_snake_case zijn (kleine letters, cijfers en _)");
                    else if (ReservedColumnNames.Contains(id, StringComparer.OrdinalIgnoreCase))
                        Error(idNode, $"kenmerk-id '{id}' is gereserveerd voor een vaste kolom van het steekproefbestand ({string.Join(", ", ReservedColumnNames)}); kies een andere naam");
                    else if (seen.TryGetValue(id, out var earlier))
                        Error(idNode, $"kenmerk-id '{id}' komt twee keer voor (eerder op regel {earlier.Start.Line})");
                    else
                        seen[id] = idNode;
                }

                var label = OptionalString(attributeKeys, "label", where) is { Length: > 0 } given ? given : id;
                var required = ReadBool(attributeKeys, "required", where) ?? false;
                var type = ReadType(map, attributeKeys, where);

                List<string> values = [];
                var valueLabels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (attributeKeys.TryGetValue("values", out var valuesNode))
                {
                    if (type is AttributeType.Choice)
                        values = ReadChoiceValues(valuesNode, valueLabels, where);
                    else if (type is not null)
                        Error(valuesNode, $"'values' mag alleen bij type choice ({where} heeft type {type.Value.ToString().ToLowerInvariant()})");
                }
                else if (type is AttributeType.Choice)
                {
                    Error(map, $"{where} heeft type choice maar geen 'values'; geef minstens één waarde");
                }

                int? min = null, max = null;
                List<Band> bands = [];
                foreach (var key in new[] { "min", "max", "bands" })
                {
                    if (type is not null and not AttributeType.Integer && attributeKeys.TryGetValue(key, out var misplaced))
                        Error(misplaced, $"'{key}' mag alleen bij type integer ({where} heeft type {type.Value.ToString().ToLowerInvariant()})");
                }

                if (type is AttributeType.Integer)
                {
                    min = ReadInt(attributeKeys, "min", where);
                    max = ReadInt(attributeKeys, "max", where);
                    if (min is not null && max is not null && min > max)
                        Error(attributeKeys["min"], $"{where}: min ({min}) is groter dan max ({max})");
                    if (attributeKeys.TryGetValue("bands", out var bandsNode) && !IsNull(bandsNode))
                        bands = ReadBands(bandsNode, min, max, where);
                }

                if (id is not null && type is not null)
                    result.Add(new AttributeDefinition(id, label!, type.Value, required, values, min, max, bands) { ValueLabels = valueLabels });
            }

            return result;
        }

        private AttributeType? ReadType(YamlMappingNode map, Dictionary<string, YamlNode> keys, string where)
        {
            var text = RequiredString(map, keys, "type", where);
            switch (text)
            {
                case null: return null;
                case "choice": return AttributeType.Choice;
                case "integer": return AttributeType.Integer;
                case "text": return AttributeType.Text;
                default:
                    Error(keys["type"], $"type '{text}' van {where} is onbekend; kies choice, integer of text");
                    return null;
            }
        }

        /// <summary>
        /// The values of a choice attribute: each a plain value (<c>ja</c>) or a mapping with the value the sample file
        /// carries and the label the reports show (<c>{ value: A, label: "Landbouw, bosbouw en visserij" }</c>).
        /// </summary>
        private List<string> ReadChoiceValues(YamlNode node, Dictionary<string, string> labels, string where)
        {
            var result = new List<string>();
            if (Sequence(node, $"values van {where}", "een lijst van waarden, bijvoorbeeld [ja, nee]") is not { } list)
                return result;
            if (list.Children.Count == 0)
            {
                Error(list, $"{where} heeft type choice maar de lijst 'values' is leeg; geef minstens één waarde");
                return result;
            }

            foreach (var item in list.Children)
            {
                string? label = null;
                var value = TextOrMapping(item, $"values van {where}", "een waarde of { value: ..., label: ... }", map =>
                {
                    var valueWhere = $"een waarde van {where}";
                    var valueKeys = Keys(map, _valueKeys, valueWhere);
                    var given = RequiredString(map, valueKeys, "value", valueWhere);
                    label = RequiredString(map, valueKeys, "label", valueWhere);
                    return given;
                });
                if (value is null)
                    continue;
                if (value.Length == 0)
                    Error(item, $"lege waarde in values van {where}");
                else if (result.Contains(value, StringComparer.OrdinalIgnoreCase))
                    Error(item, $"waarde '{value}' komt twee keer voor in values van {where} (hoofdletters tellen niet mee)");
                else
                {
                    result.Add(value);
                    if (label is { Length: > 0 })
                        labels[value] = label;
                }
            }

            return result;
        }

        private List<Band> ReadBands(YamlNode node, int? min, int? max, string where)
        {
            var result = new List<Band>();
            if (Sequence(node, $"bands van {where}", "een lijst van banden, bijvoorbeeld - { label: \"0-14\", from: 0, to: 14 }") is not { } list)
                return result;

            var labels = new HashSet<string>(StringComparer.Ordinal);
            Band? previous = null;
            var complete = true;
            for (var i = 0; i < list.Children.Count; i++)
            {
                var item = list.Children[i];
                var bandWhere = $"band {i + 1} van {where}";
                if (item is not YamlMappingNode map)
                {
                    Error(item, $"{bandWhere} moet een mapping zijn met label, from en to");
                    complete = false;
                    continue;
                }

                var bandKeys = Keys(map, _bandKeys, bandWhere);
                var label = RequiredString(map, bandKeys, "label", bandWhere);
                if (label is not null && !labels.Add(label))
                    Error(bandKeys["label"], $"{bandWhere}: label '{label}' komt twee keer voor");

                int? from = null;
                if (!bandKeys.ContainsKey("from"))
                    Error(map, $"verplichte sleutel 'from' ontbreekt in {bandWhere}");
                else
                    from = ReadInt(bandKeys, "from", bandWhere);
                var to = ReadInt(bandKeys, "to", bandWhere);

                if (label is null || from is null || (bandKeys.ContainsKey("to") && to is null))
                {
                    complete = false;
                    continue;
                }

                if (to is not null && to < from)
                    Error(bandKeys["to"], $"{bandWhere}: to ({to}) is kleiner dan from ({from})");

                if (previous is not null && complete)
                {
                    if (previous.To is null)
                    {
                        // Reported on the band that follows, which is where the reader looks for the mistake.
                        Error(map, $"{bandWhere} volgt op een open band (zonder 'to'); alleen de laatste band mag open zijn");
                    }
                    else if (from <= previous.To)
                    {
                        Error(bandKeys["from"], $"{bandWhere} overlapt met de vorige band: from ({from}) moet {previous.To + 1} zijn (vorige to + 1)");
                    }
                    else if (from > previous.To + 1)
                    {
                        Error(bandKeys["from"], $"{bandWhere} sluit niet aan op de vorige band: from ({from}) moet {previous.To + 1} zijn; "
                            + $"waarden {previous.To + 1}-{from - 1} vallen in geen band");
                    }
                }
                else if (previous is null && min is not null && from > min)
                {
                    Error(bandKeys["from"], $"{bandWhere} begint bij {from} maar min is {min}: waarden {min}-{from - 1} vallen in geen band");
                }

                var band = new Band(label, from.Value, to);
                result.Add(band);
                previous = band;
            }

            if (complete && previous is { To: { } lastTo } && (max is null || max > lastTo))
            {
                Error(list.Children[^1], $"de laatste band van {where} eindigt bij {lastTo}, maar "
                    + (max is null ? "er is geen max" : $"max is {max}")
                    + $": hogere waarden vallen in geen band; laat 'to' weg bij de laatste band of zet max op {lastTo}");
            }

            return result;
        }

        /// <summary>
        /// Each mapping of a list of principles or attributes with its keys and id. Messages name the item by its id
        /// once it is known (read ahead, so even the messages about the keys before it can), else by its number.
        /// </summary>
        private IEnumerable<IdItem> IdItems(YamlSequenceNode list, string noun, string expectedKeys, string[] allowed)
        {
            var number = 0;
            foreach (var item in list.Children)
            {
                number++;
                if (Map(item, $"{noun} {number}", expectedKeys) is not { } map)
                    continue;
                var where = PeekId(map) is { } peeked ? $"{noun} '{peeked}'" : $"{noun} {number}";
                var itemKeys = Keys(map, allowed, where);
                var id = RequiredString(map, itemKeys, "id", where);
                yield return new IdItem(map, itemKeys, id, id is null ? where : $"{noun} '{id}'");
            }
        }

        /// <summary>One principle or attribute mapping: its keys, its id (null when missing) and how messages name it.</summary>
        private readonly record struct IdItem(YamlMappingNode Map, Dictionary<string, YamlNode> Keys, string? Id, string Where);

        /// <summary>The id of a principle or attribute, read ahead so messages about its other keys can name it.</summary>
        private static string? PeekId(YamlMappingNode map) =>
            map.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "id" }).Value is YamlScalarNode { Value: { Length: > 0 } id }
                ? id.Trim() : null;
    }
}
