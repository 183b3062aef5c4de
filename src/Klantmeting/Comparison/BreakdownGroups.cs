using Klantmeting.Surveys;

namespace Klantmeting.Comparison;

/// <summary>One group of a breakdown as the reports name it (e.g. vaste contactpersoon = ja).</summary>
/// <param name="Breakdown">Attribute id: the <see cref="Results.ResultCell.Breakdown"/> of its cells.</param>
/// <param name="BreakdownLabel">The attribute's label in the questionnaire ("Vaste contactpersoon").</param>
/// <param name="Group">Value or band label: the <see cref="Results.ResultCell.Group"/> of its cells.</param>
/// <param name="Text">Plain Dutch name of the people in the group, as the published reports put it ("Met een vaste contactpersoon").</param>
/// <param name="Definition">What the group means: the value, or the band with its bounds. Groups of two questionnaires are the same only when this is equal too.</param>
public sealed record BreakdownGroup(string Breakdown, string BreakdownLabel, string Group, string Text, string Definition)
{
    /// <summary>What identifies the group across questionnaires: attribute id, group and definition (labels may be reworded).</summary>
    public (string Breakdown, string Group, string Definition) Key => (Breakdown, Group, Definition);
}

/// <summary>
/// The breakdown groups of a questionnaire, in questionnaire order: each value of a choice attribute and each band of
/// an integer attribute (the same groups the results have cells for). The group <c>onbekend</c> (attribute not
/// filled in) is left out: it is a mix of people, not a group the reports compare or publish.
/// </summary>
public static class BreakdownGroups
{
    /// <summary>Every breakdown group of <paramref name="survey"/>.</summary>
    public static IReadOnlyList<BreakdownGroup> Of(SurveyDefinition survey)
    {
        var groups = new List<BreakdownGroup>();
        foreach (var attribute in survey.Attributes)
        {
            switch (attribute.Type)
            {
                case AttributeType.Choice:
                    groups.AddRange(attribute.Values.Select(v => new BreakdownGroup(attribute.Id, attribute.Label, v, Describe(attribute, v, null), v)));
                    break;
                case AttributeType.Integer:
                    groups.AddRange(attribute.Bands.Select(b => new BreakdownGroup(attribute.Id, attribute.Label, b.Label, Describe(attribute, b.Label, b),
                        FormattableString.Invariant($"{b.From}-{(b.To is { } to ? to.ToString(CultureInfo.InvariantCulture) : "")}"))));
                    break;
            }
        }

        return groups;
    }

    /// <summary>
    /// The Dutch name of a group: the wording of the AKO reports for the known attributes ("Met een vaste
    /// contactpersoon", "Zonder uitkering"), otherwise "label: group".
    /// </summary>
    public static string Describe(AttributeDefinition attribute, string group, Band? band) => (attribute.Id, group) switch
    {
        ("vaste_contactpersoon", "ja") => "Met een vaste contactpersoon",
        ("vaste_contactpersoon", "nee") => "Zonder vaste contactpersoon",
        ("uitkering", "WW") => "Met een WW-uitkering",
        ("uitkering", "WWB") => "Met een bijstandsuitkering (WWB)",
        ("uitkering", "AO") => "Met een uitkering omdat zij (deels) niet kunnen werken (WAO, WIA of Wajong)",
        ("uitkering", "geen") => "Zonder uitkering",
        ("dagen_tot_eerste_betaling", _) when band is not null => band switch
        {
            { From: 0, To: { } to } => $"Eerste betaling binnen {to} dagen",
            { To: { } to } => $"Eerste betaling na {band.From} tot en met {to} dagen",
            _ => $"Eerste betaling na {band.From} dagen of later",
        },
        _ => $"{attribute.Label}: {attribute.GroupText(group)}",
    };
}
