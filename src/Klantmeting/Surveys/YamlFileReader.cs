using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Klantmeting.Surveys;

/// <summary>
/// What the questionnaire and Landkaart loaders share: loading one YAML document, collecting every problem as
/// file:line:column with a Dutch message, and reading keys, texts, numbers, booleans and lists the same way, so both
/// kinds of file follow one set of conventions and give the same messages.
/// </summary>
internal abstract partial class YamlFileReader(string file)
{
    /// <summary>The file being read, as given (messages and definitions carry it).</summary>
    protected string FilePath { get; } = file;

    /// <summary>Every problem found so far, in the order found.</summary>
    public List<SurveyValidationError> Errors { get; } = [];

    /// <summary>The problems in document order.</summary>
    public IReadOnlyList<SurveyValidationError> SortedErrors() =>
        [.. Errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];

    /// <summary>Records a problem at the start of a node.</summary>
    public void Error(YamlNode node, string message) => Error(node.Start, message);

    /// <summary>Records a problem at a position.</summary>
    protected void Error(Mark at, string message) => Errors.Add(new(FilePath, (int)at.Line, (int)at.Column, message));

    /// <summary>Records a problem about the whole file (no position).</summary>
    protected void FileError(string message) => Errors.Add(new(FilePath, 0, 0, message));

    /// <summary>
    /// Parses the text as exactly one YAML document whose root is a mapping; otherwise records why (naming
    /// <paramref name="rootKeys"/>, the keys the mapping should have) and returns null.
    /// </summary>
    protected YamlMappingNode? LoadRoot(string text, string rootKeys)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            Error(ex.Start, $"ongeldige YAML: {DutchSyntaxError(YamlExceptionPrefix().Replace(ex.Message, ""))}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) on some unclosed flow collections, such as
            // "name: [Houvast" followed by more lines; the last event it did parse is the best position we have.
            var at = parser.Current?.End ?? Mark.Empty;
            Error(at, "ongeldige YAML: de tekst na deze plek kan niet gelezen worden; "
                + "controleer of elke [ en { gesloten is en elke aanhalingsteken een partner heeft");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            FileError("het bestand is leeg");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode, "het bestand mag maar één YAML-document bevatten");
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode, $"het bestand moet een mapping zijn met de sleutels {rootKeys}");
            return null;
        }

        return root;
    }

    /// <summary>Maps key to value node, reporting unknown and non-text keys (with a "did you mean").</summary>
    protected Dictionary<string, YamlNode> Keys(YamlMappingNode map, string[] allowed, string where)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, $"ongeldige sleutel in {where}: een sleutel moet een tekst zijn");
                continue;
            }

            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var hint = Closest(key, allowed) is { } suggestion ? $"; bedoelt u '{suggestion}'?" : "";
                Error(keyNode, $"onbekende sleutel '{key}' in {where}{hint} (toegestaan: {string.Join(", ", allowed)})");
                continue;
            }

            result[key] = value;
        }

        return result;
    }

    /// <summary>A required, non-empty text; null after reporting a missing, empty or non-text value.</summary>
    protected string? RequiredString(YamlMappingNode parent, Dictionary<string, YamlNode> keys, string key, string where)
    {
        if (!keys.TryGetValue(key, out var node))
        {
            Error(parent, $"verplichte sleutel '{key}' ontbreekt in {where}");
            return null;
        }

        return NonEmptyScalar(node, $"'{key}' in {where}", "een tekst", $"'{key}' in {where} mag niet leeg zijn");
    }

    /// <summary>The text of a scalar that must not be empty; null after reporting a non-text or (with <paramref name="emptyMessage"/>) an empty value.</summary>
    protected string? NonEmptyScalar(YamlNode node, string what, string expected, string emptyMessage)
    {
        var value = Scalar(node, what, expected);
        if (value is { Length: 0 })
        {
            Error(node, emptyMessage);
            return null;
        }

        return value;
    }

    /// <summary>An optional text ("" when null), or null when absent or not a text.</summary>
    protected string? OptionalString(Dictionary<string, YamlNode> keys, string key, string where) =>
        keys.TryGetValue(key, out var node) ? Scalar(node, $"'{key}' in {where}", "een tekst") : null;

    /// <summary>A required whole number.</summary>
    protected int? RequiredInt(YamlMappingNode parent, Dictionary<string, YamlNode> keys, string key, string where) =>
        RequiredString(parent, keys, key, where) is { } text ? ParseInt(keys[key], text, key, where) : null;

    /// <summary>An optional whole number (null when absent).</summary>
    protected int? ReadInt(Dictionary<string, YamlNode> keys, string key, string where) =>
        keys.TryGetValue(key, out var node) && Scalar(node, $"'{key}' in {where}", "een geheel getal") is { } text
            ? ParseInt(node, text, key, where)
            : null;

    /// <summary>An optional <c>true</c> or <c>false</c> (null when absent or wrong).</summary>
    protected bool? ReadBool(Dictionary<string, YamlNode> keys, string key, string where)
    {
        if (!keys.TryGetValue(key, out var node) || Scalar(node, $"'{key}' in {where}", "true of false") is not { } text)
            return null;
        switch (text)
        {
            case "true": return true;
            case "false": return false;
            default:
                Error(node, $"'{key}' in {where} moet true of false zijn, niet '{text}'");
                return null;
        }
    }

    /// <summary>The trimmed text of a scalar ("" for an empty or null value), or null after reporting a non-scalar.</summary>
    protected string? Scalar(YamlNode node, string what, string expected)
    {
        if (node is YamlScalarNode scalar)
            return IsNull(scalar) ? "" : (scalar.Value ?? "").Trim();
        Error(node, $"{what} moet {expected} zijn, geen {(node is YamlSequenceNode ? "lijst" : "mapping")}");
        return null;
    }

    /// <summary>The node as a list, or null after reporting what was expected.</summary>
    protected YamlSequenceNode? Sequence(YamlNode node, string what, string expected) =>
        Expect<YamlSequenceNode>(node, $"{what} moet {expected} zijn");

    /// <summary>A required list under a key.</summary>
    protected YamlSequenceNode? RequiredList(YamlMappingNode parent, Dictionary<string, YamlNode> keys, string key, string where)
    {
        if (keys.TryGetValue(key, out var node))
            return Sequence(node, $"'{key}' in {where}", "een lijst");
        Error(parent, $"verplichte sleutel '{key}' ontbreekt in {where}");
        return null;
    }

    /// <summary>The node as a mapping, or null after reporting the keys it should have.</summary>
    protected YamlMappingNode? Map(YamlNode node, string where, string expectedKeys) =>
        Expect<YamlMappingNode>(node, $"{where} moet een mapping zijn met {expectedKeys}");

    /// <summary>The node as a mapping with its keys checked against <paramref name="allowed"/>; null after reporting a non-mapping.</summary>
    protected KeyedMap? MapWithKeys(YamlNode node, string where, string expectedKeys, string[] allowed) =>
        Map(node, where, expectedKeys) is { } map ? new KeyedMap(map, Keys(map, allowed, where)) : null;

    /// <summary>A plain <c>~</c>, <c>null</c> or empty value: YAML's null, which we treat as "not filled in".</summary>
    protected static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private T? Expect<T>(YamlNode node, string message) where T : YamlNode
    {
        if (node is T expected)
            return expected;
        Error(node, message);
        return null;
    }

    private int? ParseInt(YamlNode node, string text, string key, string where)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return value;
        Error(node, $"'{key}' in {where} moet een geheel getal zijn, niet '{text}'");
        return null;
    }

    /// <summary>The allowed key closest to a typo (edit distance at most 2), for "did you mean".</summary>
    private static string? Closest(string key, string[] allowed) =>
        allowed.Select(a => (Key: a, Distance: Levenshtein.Distance(key, a))).Where(x => x.Distance <= 2)
            .OrderBy(x => x.Distance).Select(x => x.Key).FirstOrDefault();

    [GeneratedRegex("^Duplicate key (.*)$")]
    private static partial Regex DuplicateKey();

    /// <summary>
    /// YamlDotNet's English message for the syntax errors people make in a hand-edited file, in plain Dutch with what
    /// to change. A message not in the list keeps its English text, behind a Dutch explanation.
    /// </summary>
    internal static string DutchSyntaxError(string detail)
    {
        if (DuplicateKey().Match(detail) is { Success: true } duplicate)
        {
            return $"sleutel '{duplicate.Groups[1].Value}' komt twee keer voor in dezelfde mapping";
        }

        if (MissingAnchor().Match(detail) is { Success: true } anchor)
        {
            return $"de verwijzing *{anchor.Groups[1].Value} noemt een anker (&{anchor.Groups[1].Value}) dat niet bestaat";
        }

        foreach (var (english, dutch) in _syntaxErrors)
        {
            if (detail.Contains(english, StringComparison.Ordinal))
            {
                return dutch;
            }
        }

        return $"de tekst op deze plek kan niet gelezen worden (melding van de YAML-lezer: {detail})";
    }

    private static readonly (string English, string Dutch)[] _syntaxErrors =
    [
        ("did not find expected ',' or ']'",
            "een lijst die met [ begint, is niet gesloten: er ontbreekt een komma of een ]"),
        ("did not find expected ',' or '}'",
            "een reeks die met { begint, is niet gesloten: er ontbreekt een komma of een }"),
        ("found invalid mapping",
            "hier begint een sleutel (naam: waarde) waar er geen kan staan: controleer het inspringen, of zet een tekst "
            + "met een dubbele punt tussen aanhalingstekens"),
        ("found a tab character",
            "deze regel springt in met een tab; spring in met spaties"),
        ("While scanning a quoted scalar, found unexpected end of stream",
            "een tekst tussen aanhalingstekens is niet gesloten: het laatste aanhalingsteken ontbreekt"),
        ("found unknown escape character",
            "een \\ in een tekst tussen dubbele aanhalingstekens wordt niet begrepen; gebruik enkele aanhalingstekens"),
        ("did not find expected '-' indicator",
            "hier wordt een regel van de lijst verwacht (die met '- ' begint); controleer het inspringen"),
        ("While parsing a block mapping, did not find expected key",
            "hier wordt een sleutel (naam: waarde) verwacht; controleer het inspringen"),
        ("found character that cannot start any token",
            "een waarde mag niet met dit teken beginnen (zoals @ of `); zet de tekst tussen aanhalingstekens"),
    ];

    [GeneratedRegex(@"^The anchor '([^']*)' does not exist")]
    private static partial Regex MissingAnchor();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex YamlExceptionPrefix();

    /// <summary>A mapping and its (checked) keys.</summary>
    protected sealed record KeyedMap(YamlMappingNode Map, Dictionary<string, YamlNode> Keys);
}
