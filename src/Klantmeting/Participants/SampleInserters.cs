namespace Klantmeting.Participants;

/// <summary>
/// The bulk inserters of the sample's own tables (participant, contact, attributes), declared once for the importer
/// and the demo. Parents first, so that foreign keys hold after every statement.
/// </summary>
internal sealed record SampleInserters(BulkInserter Participants, BulkInserter Contacts, BulkInserter Attributes)
{
    public static SampleInserters Create(BulkWrite bulk) => new(
        bulk.Inserter<Participant>(200,
            nameof(Participant.Id), nameof(Participant.RoundId), nameof(Participant.Ref), nameof(Participant.WerkpleinId)),
        bulk.Inserter<ParticipantContact>(250,
            nameof(ParticipantContact.ParticipantId), nameof(ParticipantContact.RoundId), nameof(ParticipantContact.Email),
            nameof(ParticipantContact.Phone)),
        bulk.Inserter<ParticipantAttribute>(250,
            nameof(ParticipantAttribute.ParticipantId), nameof(ParticipantAttribute.Name), nameof(ParticipantAttribute.Value)));
}
