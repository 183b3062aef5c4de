using System.Runtime.CompilerServices;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Surveys;

namespace Klantmeting.Results;

/// <summary>
/// The breakdown groups of a questionnaire, numbered: slot 0 is <c>totaal</c>, then per broken-down attribute its
/// values (choice) or band labels (integer) in questionnaire order, then <c>onbekend</c>; in a round that is not a
/// web round then the modes of the responses (<see cref="Mode"/>: <c>web</c>, <c>telefoon</c>, <c>papier</c>).
/// </summary>
internal sealed class BreakdownLayout
{
    public const string Total = ResultKeys.Total;

    public const string Unknown = "onbekend";

    /// <summary>The breakdown by how the answers were collected (<see cref="ResponseMode"/>, lower case).</summary>
    public const string Mode = ResultKeys.Mode;

    // Slot per ResponseMode value; null when the layout has no mode breakdown.
    private readonly int[]? _modeSlots;

    private BreakdownLayout(IReadOnlyList<BreakdownSlot> slots, IReadOnlyList<BrokenDownAttribute> attributes, int[]? modeSlots = null)
    {
        Slots = slots;
        Attributes = attributes;
        _modeSlots = modeSlots;
    }

    /// <summary>Whether respondents are also broken down by the mode of their response.</summary>
    public bool HasModes => _modeSlots is not null;

    /// <summary>The slot of a response mode; -1 without a mode breakdown.</summary>
    public int ModeSlotOf(ResponseMode mode) =>
        _modeSlots is { } slots && (int)mode >= 0 && (int)mode < slots.Length ? slots[(int)mode] : -1;

    /// <summary>
    /// The layout of a round: <see cref="For(SurveyDefinition)"/>, and for a round whose mode is not web (telefoon,
    /// papier, gemengd) also the mode breakdown. A web round keeps exactly the attribute layout, so its cells, exports
    /// and snapshots stay as they were. The mode groups are shown only when somebody is in them (nationally), and
    /// never in the response rates: a non-respondent has no mode (the per-mode rates are the AAPOR rates per approach, <c>ResultsService.ComputeModeRatesAsync</c>).
    /// </summary>
    public static BreakdownLayout For(SurveyDefinition survey, RoundMode roundMode)
    {
        var layout = For(survey);
        if (roundMode == RoundMode.Web)
        {
            return layout;
        }

        var slots = layout.Slots.ToList();
        var modes = Enum.GetValues<ResponseMode>();
        var modeSlots = new int[modes.Max(m => (int)m) + 1];
        foreach (var mode in modes)
        {
            modeSlots[(int)mode] = slots.Count;
            slots.Add(new BreakdownSlot(Mode, mode.ToString().ToLowerInvariant(), ShowOnlyWhenUsed: true));
        }

        return new BreakdownLayout(slots, layout.Attributes, modeSlots);
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
    /// <remarks>Called for every attribute value the results read: optimized at its first call (see <see cref="RespondentRows"/>).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
