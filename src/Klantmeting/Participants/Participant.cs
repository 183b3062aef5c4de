namespace Klantmeting.Participants;

/// <summary>A sampled person in one round. Contact data lives apart in <see cref="ParticipantContact"/>.</summary>
public class Participant
{
    /// <summary>Database key.</summary>
    public long Id { get; set; }

    /// <summary>The round the person was sampled for.</summary>
    public int RoundId { get; set; }

    /// <summary>The sender's own pseudonymous id of the person; never a BSN.</summary>
    public required string Ref { get; set; }

    /// <summary>The Werkplein the person is a client of; results are given per Werkplein.</summary>
    public int WerkpleinId { get; set; }

    /// <summary>Attribute values from the sample file, for breakdowns.</summary>
    public List<ParticipantAttribute> Attributes { get; set; } = [];
}

/// <summary>
/// The contact data of a participant (e-mail address, phone number), kept apart from answers and attributes; data
/// retention deletes the whole row.
/// </summary>
public class ParticipantContact
{
    /// <summary>The participant (also the key: one address per participant).</summary>
    public long ParticipantId { get; set; }

    /// <summary>Round of the participant, so retention can delete a round's addresses at once.</summary>
    public int RoundId { get; set; }

    /// <summary>Normalised (trimmed, lower-case) e-mail address; null in a telephone or paper round without one.</summary>
    public string? Email { get; set; }

    /// <summary>Phone number in E.164 form (<c>+31612345678</c>); null when the sample file gave none.</summary>
    public string? Phone { get; set; }
}

/// <summary>One attribute value of a participant (questionnaire attribute or free CSV column).</summary>
public class ParticipantAttribute
{
    /// <summary>The participant.</summary>
    public long ParticipantId { get; set; }

    /// <summary>Attribute id or CSV column name.</summary>
    public required string Name { get; set; }

    /// <summary>The value as given in the sample file.</summary>
    public required string Value { get; set; }
}
