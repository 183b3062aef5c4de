namespace Klantmeting.Calls;

/// <summary>The AAPOR rate letter a call disposition counts under (see docs/response-rates.md).</summary>
public enum CallDispositionGroup
{
    /// <summary>I: complete interview (1.1).</summary>
    Complete,

    /// <summary>R: refusal (2.11).</summary>
    Refusal,

    /// <summary>NC: non-contact (2.2x).</summary>
    NonContact,

    /// <summary>O: other eligible non-interview (2.3x).</summary>
    Other,

    /// <summary>Not eligible (4.x): left out of every denominator.</summary>
    NotEligible,
}

/// <summary>An AAPOR disposition of a call: its code (e.g. <c>2.11</c>) and the letter it counts under.</summary>
public sealed record CallDisposition(string Code, CallDispositionGroup Group);

/// <summary>
/// AAPOR Standard Definitions (telephone survey of a list of named persons) for call outcomes, and the final
/// disposition of a call case. Pure functions: no database, no clock.
/// </summary>
/// <remarks>
/// The participant file is a list of named clients whose number came with their record, so a number that rings is
/// taken to be the person's: no answer and busy are eligible non-contacts (2.20), not unknown eligibility (3.12,
/// 3.13, which AAPOR uses for random numbers).
/// </remarks>
public static class CallDispositions
{
    /// <summary>1.1 complete interview.</summary>
    public static readonly CallDisposition Complete = new("1.1", CallDispositionGroup.Complete);

    /// <summary>2.11 refusal.</summary>
    public static readonly CallDisposition Refusal = new("2.11", CallDispositionGroup.Refusal);

    /// <summary>2.20 non-contact (no answer, busy, not reachable after the maximum attempts).</summary>
    public static readonly CallDisposition NonContact = new("2.20", CallDispositionGroup.NonContact);

    /// <summary>2.21 respondent never available (an appointment that was never kept).</summary>
    public static readonly CallDisposition NeverAvailable = new("2.21", CallDispositionGroup.NonContact);

    /// <summary>2.22 telephone answering device (the person's own voicemail).</summary>
    public static readonly CallDisposition AnsweringDevice = new("2.22", CallDispositionGroup.NonContact);

    /// <summary>2.33 language problem.</summary>
    public static readonly CallDisposition Language = new("2.33", CallDispositionGroup.Other);

    /// <summary>4.31 non-working or wrong number: not eligible (the number does not reach the person).</summary>
    public static readonly CallDisposition WrongNumber = new("4.31", CallDispositionGroup.NotEligible);

    /// <summary>The disposition of one call outcome.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined outcome.</exception>
    public static CallDisposition Of(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Interview => Complete,
        CallOutcome.Weigering => Refusal,
        CallOutcome.GeenGehoor or CallOutcome.InGesprek or CallOutcome.NietBereikbaar => NonContact,
        CallOutcome.Voicemail => AnsweringDevice,
        CallOutcome.Afspraak => NeverAvailable,
        CallOutcome.Taalprobleem => Language,
        CallOutcome.VerkeerdNummer => WrongNumber,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>Decisive outcomes close a case by what the call found out: interview, refusal, language, wrong number.</summary>
    public static bool IsDecisive(CallOutcome outcome) =>
        outcome is CallOutcome.Interview or CallOutcome.Weigering or CallOutcome.Taalprobleem or CallOutcome.VerkeerdNummer;

    /// <summary>
    /// The final disposition of a case from its attempts in call order. Precedence: (1) the last decisive attempt;
    /// (2) without one, an appointment was made and never kept: 2.21; (3) otherwise the last attempt (2.20 or 2.22);
    /// null when the case was never called.
    /// </summary>
    public static CallDisposition? OfCase(IEnumerable<CallOutcome> attemptsInOrder)
    {
        CallOutcome? last = null;
        CallOutcome? decisive = null;
        var appointment = false;
        foreach (var outcome in attemptsInOrder)
        {
            last = outcome;
            decisive = IsDecisive(outcome) ? outcome : decisive;
            appointment |= outcome == CallOutcome.Afspraak;
        }

        if (decisive is { } d)
        {
            return Of(d);
        }

        return appointment ? NeverAvailable : last is { } l ? Of(l) : null;
    }
}
