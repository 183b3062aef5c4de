using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Surveys;

namespace Klantmeting.Paper;

/// <summary>A round that has paper questionnaires (mode papier or gemengd) with its questionnaire.</summary>
/// <param name="Round">The round.</param>
/// <param name="Survey">The round's questionnaire.</param>
public sealed record PaperRound(Round Round, SurveyDefinition Survey)
{
    /// <summary>Whether questionnaires can still be printed: the round is not closed.</summary>
    public bool CanPrint => Round.State != RoundState.Closed;

    /// <summary>Whether answers can be entered: the round is open.</summary>
    public bool CanEnter => Round.State == RoundState.Open;
}

/// <summary>One printed questionnaire: who it is for and its response code (shown once, never stored).</summary>
/// <param name="Ref">The participant's ref.</param>
/// <param name="WerkpleinCode">Code of the participant's Werkplein.</param>
/// <param name="WerkpleinName">Name of the participant's Werkplein.</param>
/// <param name="Code">The response code, grouped (<c>K7QM-4XRT-9B</c>).</param>
public sealed record PaperSheet(string Ref, string WerkpleinCode, string WerkpleinName, string Code);

/// <summary>The print batches of a round: one per Werkplein, with how far printing and entering are.</summary>
/// <param name="WerkpleinCode">The Werkplein.</param>
/// <param name="WerkpleinName">Its name.</param>
/// <param name="Participants">Participants of the Werkplein in the round.</param>
/// <param name="Printed">Participants with at least one printed questionnaire.</param>
/// <param name="Entered">Participants whose answers are complete (any mode).</param>
public sealed record PaperBatch(string WerkpleinCode, string WerkpleinName, int Participants, int Printed, int Entered)
{
    /// <summary>Participants not yet printed and without complete answers: what the next print of the batch gives.</summary>
    public int ToPrint { get; init; }
}

/// <summary>The participant behind a typed response code.</summary>
/// <param name="InvitationId">The participant's invitation (one response per invitation).</param>
/// <param name="Ref">The participant's ref.</param>
/// <param name="WerkpleinName">The participant's Werkplein.</param>
public sealed record PaperParticipant(long InvitationId, string Ref, string WerkpleinName);

/// <summary>What was typed in from one paper questionnaire, as sent.</summary>
/// <param name="Answers">Statement id to raw value: 1-5, 0 for "weet niet", empty for no answer.</param>
/// <param name="Grade">Raw grade 1-10, or empty.</param>
/// <param name="Comment">The open answer, or empty.</param>
public sealed record PaperInput(IReadOnlyDictionary<string, string?> Answers, string? Grade, string? Comment);

/// <summary>The result of looking up a code or entering a questionnaire.</summary>
/// <param name="CodeError">What is wrong with the code or the round (Dutch); null when the code is good.</param>
/// <param name="Participant">The participant, when the code was found.</param>
/// <param name="Errors">What is wrong with the answers (each naming its field); empty when they are good.</param>
/// <param name="Saved">The answers were stored now.</param>
public sealed record PaperOutcome(string? CodeError, PaperParticipant? Participant, IReadOnlyList<StepError> Errors, bool Saved)
{
    /// <summary>The code or the round refuses the entry.</summary>
    public static PaperOutcome Refused(string error, PaperParticipant? participant = null) => new(error, participant, [], false);
}
