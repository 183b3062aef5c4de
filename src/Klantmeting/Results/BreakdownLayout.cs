using Klantmeting.Surveys;

namespace Klantmeting.Results;

/// <summary>
/// The breakdown groups of a questionnaire, numbered: slot 0 is <c>totaal</c>, then per broken-down attribute its
/// values (choice) or band labels (integer) in questionnaire order, then <c>onbekend</c>.
/// </summary>
internal sealed class BreakdownLayout
{
    public const string Total = ResultKeys.Total;

    public const string Unknown = "onbekend";

    private BreakdownLayout(IReadOnlyList<BreakdownSlot> slots, IReadOnlyList<BrokenDownAttribute> attributes)
    {
        Slots = slots;
        Attributes = attributes;
    }

    /// <summary>Only the <c>totaal</c> slot: the overall figures without any breakdown.</summary>
    public static BreakdownLayout TotalOnly { get; } = new([new BreakdownSlot(Total, Total, ShowOnlyWhenUsed: false)], []);

    public IReadOnlyList<BreakdownSlot> Slots { get; }

    /// <summary>Attributes that are broken down, in questionnaire order.</summary>
    public IReadOnlyList<BrokenDownAttribute> Attributes { get; }

    /// <summary>
    /// Choice attributes and integer attributes with bands are broken down. Text attributes, integer attributes
    /// without bands and free CSV columns are not: their values are not a fixed list of groups.
    /// </summary>
    public static BreakdownLayout For(SurveyDefinition survey)
    {
        var slots = new List<BreakdownSlot> { new(Total, Total, ShowOnlyWhenUsed: false) };
        var attributes = new List<BrokenDownAttribute>();
        foreach (var attribute in survey.Attributes)
        {
            var groups = attribute.Type switch
            {
                AttributeType.Choice => attribute.Values,
                AttributeType.Integer => attribute.Bands.Select(b => b.Label).ToList(),
                _ => [],
            };
            if (groups.Count == 0)
            {
                continue;
            }

            var slotByGroup = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in groups)
            {
                slotByGroup.TryAdd(group, slots.Count);
                slots.Add(new BreakdownSlot(attribute.Id, group, ShowOnlyWhenUsed: false));
            }

            // A missing optional value is a group of its own; for a required attribute it can only come from data
            // entered outside the importer, so that group is shown only when somebody is in it.
            var unknownSlot = slots.Count;
            slots.Add(new BreakdownSlot(attribute.Id, Unknown, ShowOnlyWhenUsed: attribute.Required));
            attributes.Add(new BrokenDownAttribute(attribute, slotByGroup, unknownSlot));
        }

        return new BreakdownLayout(slots, attributes);
    }
}

/// <summary>One breakdown group: (<c>totaal</c>, <c>totaal</c>) or (attribute id, value or band label or <c>onbekend</c>).</summary>
internal sealed record BreakdownSlot(string Breakdown, string Group, bool ShowOnlyWhenUsed);

/// <summary>An attribute that is broken down and the slot of each of its groups.</summary>
internal sealed class BrokenDownAttribute(AttributeDefinition definition, Dictionary<string, int> slotByGroup, int unknownSlot)
{
    public AttributeDefinition Definition => definition;

    public int UnknownSlot => unknownSlot;

    /// <summary>The slot of a stored value: its group, or <c>onbekend</c> when missing or not in any group.</summary>
    public int SlotOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return unknownSlot;
        }

        if (definition.Type == AttributeType.Integer)
        {
            return int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                && definition.BandOf(number) is { } band
                    ? slotByGroup[band]
                    : unknownSlot;
        }

        return slotByGroup.TryGetValue(value.Trim(), out var slot) ? slot : unknownSlot;
    }
}
