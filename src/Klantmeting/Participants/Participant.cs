namespace Klantmeting.Participants;

/// <summary>A sampled person in one round. Contact data lives apart in <see cref="ParticipantContact"/>.</summary>
public class Participant
{
    public long Id { get; set; }

    public int RoundId { get; set; }

    /// <summary>The sender's own pseudonymous id of the person; never a BSN.</summary>
    public required string Ref { get; set; }

    public int WerkpleinId { get; set; }

    public List<ParticipantAttribute> Attributes { get; set; } = [];
}

/// <summary>The e-mail address of a participant, kept apart from answers and attributes.</summary>
public class ParticipantContact
{
    public long ParticipantId { get; set; }

    public int RoundId { get; set; }

    /// <summary>Normalised (trimmed, lower-case) e-mail address.</summary>
    public required string Email { get; set; }
}

/// <summary>One attribute value of a participant (questionnaire attribute or free CSV column).</summary>
public class ParticipantAttribute
{
    public long ParticipantId { get; set; }

    public required string Name { get; set; }

    public required string Value { get; set; }
}
