using Klantmeting.Calls;
using Klantmeting.Invitations;
using Klantmeting.Responses;
using Klantmeting.Rounds;

namespace Klantmeting.Results;

/// <summary>The mode a participant counts in for the per-mode rates.</summary>
public enum RateMode
{
    /// <summary>E-mail invitation and the web questionnaire.</summary>
    Web = 0,

    /// <summary>The call list (a telephone round, or a mixed-round participant from the moment of the move).</summary>
    Telefoon = 1,

    /// <summary>A paper round.</summary>
    Papier = 2,
}

/// <summary>
/// AAPOR counts of one mode for one Werkplein (or <c>NL</c>): I, P, R, NC, O, UH, UO and the not eligible (4.x), which
/// are in no denominator. The rates follow docs/response-rates.md.
/// </summary>
public sealed record ModeRateRow(string Round, string Werkplein, RateMode Mode,
    int Complete, int Partial, int Refusal, int NonContact, int Other, int UnknownHousehold, int UnknownOther, int NotEligible)
{
    /// <summary>Every participant counted in this mode, the not eligible included.</summary>
    public int Sample => Eligible + NotEligible;

    /// <summary>(I + P) + (R + NC + O) + (UH + UO).</summary>
    public int Eligible => Complete + Partial + Refusal + NonContact + Other + UnknownHousehold + UnknownOther;

    /// <summary>RR1 = I / ((I + P) + (R + NC + O) + (UH + UO)); null when the denominator is 0.</summary>
    public double? Rr1 => Ratio(Complete, Eligible);

    /// <summary>RR2 = (I + P) / ((I + P) + (R + NC + O) + (UH + UO)).</summary>
    public double? Rr2 => Ratio(Complete + Partial, Eligible);

    /// <summary>COOP1 = I / ((I + P) + R + O).</summary>
    public double? Coop1 => Ratio(Complete, Contacted);

    /// <summary>REF1 = R / ((I + P) + (R + NC + O) + (UH + UO)).</summary>
    public double? Ref1 => Ratio(Refusal, Eligible);

    /// <summary>CON1 = ((I + P) + R + O) / ((I + P) + R + O + NC + (UH + UO)).</summary>
    public double? Con1 => Ratio(Contacted, Eligible);

    private int Contacted => Complete + Partial + Refusal + Other;

    private static double? Ratio(int numerator, int denominator) => denominator == 0 ? null : (double)numerator / denominator;
}

/// <summary>Which mode and AAPOR letter one participant counts under (pure; docs/response-rates.md "Per mode").</summary>
public static class ModeDispositions
{
    /// <summary>Letters in the order of the counts of <see cref="ModeRateRow"/>.</summary>
    public enum Letter
    {
        /// <summary>Complete (1.1).</summary>
        I,

        /// <summary>Partial (1.2).</summary>
        P,

        /// <summary>Refusal and break-off (2.1x).</summary>
        R,

        /// <summary>Non-contact (2.2x).</summary>
        NC,

        /// <summary>Other (2.3x).</summary>
        O,

        /// <summary>Unknown, not reached at all (3.1x: not sent, not yet called).</summary>
        UH,

        /// <summary>Unknown, other (3.19, 3.30, paper not returned).</summary>
        UO,

        /// <summary>Not eligible (4.x).</summary>
        NotEligible,
    }

    /// <summary>The facts of one participant (invitation) as read from the database.</summary>
    /// <param name="State">The invitation's state.</param>
    /// <param name="Answered">Items answered, null without a response.</param>
    /// <param name="ResponseMode">The response's mode, null without a response.</param>
    /// <param name="OnCallList">The participant has a call case.</param>
    /// <param name="LastOutcome">The case's last outcome, null when never called.</param>
    /// <param name="HadAppointment">An attempt of the case was an appointment.</param>
    public readonly record struct Facts(InvitationState State, int? Answered, ResponseMode? ResponseMode,
        bool OnCallList, CallOutcome? LastOutcome, bool HadAppointment);

    /// <summary>The mode and letter of one participant of a round of <paramref name="roundMode"/>.</summary>
    public static (RateMode Mode, Letter Letter) Classify(RoundMode roundMode, Facts f, int applicable)
    {
        if (roundMode == RoundMode.Papier)
        {
            return (RateMode.Papier, f.ResponseMode == Responses.ResponseMode.Papier ? ByResponse(f.Answered!.Value, applicable) : Letter.UO);
        }

        if (f.OnCallList || roundMode == RoundMode.Telefoon)
        {
            return (RateMode.Telefoon, Telephone(f, applicable));
        }

        return (RateMode.Web, Dispositions.Of(f.State, f.Answered, applicable) switch
        {
            Disposition.Complete => Letter.I,
            Disposition.Partial => Letter.P,
            Disposition.Refusal or Disposition.BreakOff => Letter.R,
            Disposition.NotSent => Letter.UH,
            _ => Letter.UO,
        });
    }

    private static Letter Telephone(Facts f, int applicable)
    {
        if (f.ResponseMode == Responses.ResponseMode.Telefoon)
        {
            return ByResponse(f.Answered!.Value, applicable);
        }

        // Last decisive attempt (a decisive outcome closes the case, so it is the last one), else an unkept
        // appointment, else the last attempt; a case never called (or not yet on the list) is unknown (UH).
        var outcomes = f.LastOutcome is { } last
            ? (f.HadAppointment && !CallDispositions.IsDecisive(last) ? [CallOutcome.Afspraak, last] : new[] { last })
            : [];
        return CallDispositions.OfCase(outcomes)?.Group switch
        {
            null => Letter.UH,
            CallDispositionGroup.Complete => Letter.R, // an interview outcome without a telephone response: broken off
            CallDispositionGroup.Refusal => Letter.R,
            CallDispositionGroup.NonContact => Letter.NC,
            CallDispositionGroup.Other => Letter.O,
            _ => Letter.NotEligible,
        };
    }

    private static Letter ByResponse(int answered, int applicable) => Dispositions.OfResponse(answered, applicable) switch
    {
        Disposition.Complete => Letter.I,
        Disposition.Partial => Letter.P,
        _ => Letter.R,
    };
}
