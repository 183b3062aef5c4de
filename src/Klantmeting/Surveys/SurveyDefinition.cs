namespace Klantmeting.Surveys;

/// <summary>A validated, immutable questionnaire definition loaded from <c>surveys/*.yaml</c>.</summary>
public sealed record SurveyDefinition(
    string Id,
    int Version,
    string Audience,
    string Title,
    string Introduction,
    IReadOnlyList<Principle> Principles,
    GradeItem Grade,
    OpenItem Open,
    IReadOnlyList<AttributeDefinition> Attributes,
    string SourceFile)
{
    /// <summary>The introduction as the interviewer reads it out (<c>interviewer_text</c>), or null: then <see cref="Introduction"/>.</summary>
    public string? InterviewerIntroduction { get; init; }

    /// <summary>Id of the overall grade item.</summary>
    public const string GradeItemId = "totaaloordeel";

    /// <summary>Id of the optional open question.</summary>
    public const string OpenItemId = "toelichting";

    /// <summary>Every statement of every principle, in questionnaire order.</summary>
    public IEnumerable<Statement> Statements => Principles.SelectMany(p => p.Statements);

    /// <summary>The statement with this id, or null.</summary>
    public Statement? FindStatement(string id) => Statements.FirstOrDefault(s => s.Id == id);

    /// <summary>The attribute with this id, or null.</summary>
    public AttributeDefinition? FindAttribute(string id) => Attributes.FirstOrDefault(a => a.Id == id);
}

/// <summary>A client principle (klantprincipe) with its statements.</summary>
/// <param name="ComparableTo">Optional principle ids in other questionnaire versions this one may be compared with.</param>
/// <param name="Id">Principle id, e.g. <c>maatwerk</c>; statement ids start with it.</param>
/// <param name="Name">Name shown to respondents.</param>
/// <param name="Description">Explanation shown above the statements.</param>
/// <param name="Statements">The statements, in questionnaire order.</param>
public sealed record Principle(
    string Id,
    string Name,
    string Description,
    IReadOnlyList<Statement> Statements,
    IReadOnlyList<string> ComparableTo)
{
    private readonly IReadOnlyList<ComparableLink>? _links;

    /// <summary>The description as the interviewer reads it out (<c>interviewer_text</c>), or null: then <see cref="Description"/>.</summary>
    public string? InterviewerDescription { get; init; }

    /// <summary>
    /// The <c>comparable_to</c> links with their kind, in file order (the same ids as <see cref="ComparableTo"/>).
    /// A principle built without links (old callers) reads every id as <see cref="ComparabilityKind.Same"/>,
    /// the meaning a bare id always had.
    /// </summary>
    public IReadOnlyList<ComparableLink> Links
    {
        get => _links ?? [.. ComparableTo.Select(id => new ComparableLink(id, ComparabilityKind.Same, null))];
        init => _links = value;
    }

    /// <summary>The link of this principle to <paramref name="principleId"/> (of another version), or null.</summary>
    public ComparableLink? LinkTo(string principleId) => Links.FirstOrDefault(l => l.PrincipleId == principleId);
}

/// <summary>What a <c>comparable_to</c> link says about the two definitions.</summary>
public enum ComparabilityKind
{
    /// <summary><c>same</c>: the same definition; a change in the numbers may be tested.</summary>
    Same,

    /// <summary><c>changed</c>: redefined; a trend shows a break there and no significance test is done across it.</summary>
    Changed,
}

/// <summary>One <c>comparable_to</c> link: the principle id in another version, its kind and (for <c>changed</c>) the one-line explanation.</summary>
/// <param name="PrincipleId">The principle id in another questionnaire version of the same audience.</param>
/// <param name="Kind">Whether the definition stayed the same.</param>
/// <param name="Note">Plain-Dutch explanation of what changed (required for <see cref="ComparabilityKind.Changed"/>); null otherwise.</param>
public sealed record ComparableLink(string PrincipleId, ComparabilityKind Kind, string? Note);

/// <summary>A statement answered on the 5-point agreement scale or "weet niet / niet van toepassing".</summary>
public sealed record Statement(string Id, string PrincipleId, string Text)
{
    /// <summary>
    /// The statement as a telephone interviewer reads it out (<c>interviewer_text</c>), or null: then <see cref="Text"/>.
    /// The same item with the same meaning; results and exports always use <see cref="Text"/> and the id.
    /// </summary>
    public string? InterviewerText { get; init; }

    /// <summary>The text to show: the interviewer wording when <paramref name="interviewer"/> and the file gives one.</summary>
    public string TextFor(bool interviewer) => interviewer && InterviewerText is { } spoken ? spoken : Text;
}

/// <summary>The overall grade item (rapportcijfer 1-10).</summary>
public sealed record GradeItem(string Text)
{
    /// <summary>The question as the interviewer reads it out, or null: then <see cref="Text"/>.</summary>
    public string? InterviewerText { get; init; }

    /// <summary>The text to show: the interviewer wording when <paramref name="interviewer"/> and the file gives one.</summary>
    public string TextFor(bool interviewer) => interviewer && InterviewerText is { } spoken ? spoken : Text;
}

/// <summary>The optional open question.</summary>
public sealed record OpenItem(string Text)
{
    /// <summary>The question as the interviewer reads it out, or null: then <see cref="Text"/>.</summary>
    public string? InterviewerText { get; init; }

    /// <summary>The text to show: the interviewer wording when <paramref name="interviewer"/> and the file gives one.</summary>
    public string TextFor(bool interviewer) => interviewer && InterviewerText is { } spoken ? spoken : Text;
}

/// <summary>Type of a participant attribute.</summary>
public enum AttributeType
{
    /// <summary>One of a fixed list of values.</summary>
    Choice,

    /// <summary>A whole number, optionally reported in bands.</summary>
    Integer,

    /// <summary>Free text (kept as given).</summary>
    Text,
}

/// <summary>A participant attribute the questionnaire expects in the sample file.</summary>
public sealed record AttributeDefinition(
    string Id,
    string Label,
    AttributeType Type,
    bool Required,
    IReadOnlyList<string> Values,
    int? Min,
    int? Max,
    IReadOnlyList<Band> Bands)
{
    /// <summary>Labels of choice values given in the file (<c>{ value: A, label: ... }</c>); values without one are absent.</summary>
    public IReadOnlyDictionary<string, string> ValueLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>What the reports show for a value or band: its label from the file, else the value itself.</summary>
    public string GroupText(string group) => ValueLabels.TryGetValue(group, out var label) ? label : group;

    /// <summary>The band label for an integer value (the first band that holds it), or null when none does.</summary>
    /// <remarks>A loop, not LINQ: the results read calls it for every participant of a round.</remarks>
    public string? BandOf(int value)
    {
        for (var i = 0; i < Bands.Count; i++)
        {
            var b = Bands[i];
            if (value >= b.From && (b.To is null || value <= b.To))
            {
                return b.Label;
            }
        }

        return null;
    }
}

/// <summary>A reporting band of an integer attribute, inclusive on both ends; <c>To</c> null means open-ended.</summary>
public sealed record Band(string Label, int From, int? To);
