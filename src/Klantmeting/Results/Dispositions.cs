using Klantmeting.Invitations;
using Klantmeting.Surveys;

namespace Klantmeting.Results;

/// <summary>The one current AAPOR disposition of an invitation, from its state and the completeness of its response.</summary>
public static class Dispositions
{
    /// <summary>
    /// Items a response is measured against: every statement of the questionnaire plus <c>totaaloordeel</c>.
    /// The optional open question <c>toelichting</c> is excluded: it is optional, so leaving it empty is not a
    /// missing answer. An answer "weet niet / niet van toepassing" (<see cref="Responses.Answer.DontKnow"/>) counts as
    /// answered: the respondent saw the item and gave a valid answer; it only has no score.
    /// </summary>
    public static int ApplicableItems(SurveyDefinition survey) => survey.Statements.Count() + 1;

    /// <summary>Disposition of a response by completeness alone: at least 80% complete, 50-80% partial, below 50% break-off.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="applicable"/> is below 1.</exception>
    public static Disposition OfResponse(int answered, int applicable)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(applicable, 1);
        // Integer comparison: 12 of 15 is exactly 80%, with no floating-point doubt at the edges.
        if (answered * 5L >= applicable * 4L)
        {
            return Disposition.Complete;
        }

        return answered * 2L >= applicable ? Disposition.Partial : Disposition.BreakOff;
    }

    /// <summary>
    /// The current disposition of an invitation. <paramref name="answered"/> is null when no response was started.
    /// A response of at least 50% counts whatever the invitation's state (it wins over an opt-out, and imported
    /// telephone or paper responses have invitations that were never e-mailed); a break-off of someone who then
    /// opted out is a refusal.
    /// </summary>
    public static Disposition Of(InvitationState state, int? answered, int applicable)
    {
        if (answered is { } count)
        {
            var byResponse = OfResponse(count, applicable);
            if (byResponse != Disposition.BreakOff)
            {
                return byResponse;
            }

            return state == InvitationState.OptedOut ? Disposition.Refusal : Disposition.BreakOff;
        }

        return state switch
        {
            InvitationState.OptedOut => Disposition.Refusal,
            InvitationState.Bounced => Disposition.Bounced,
            InvitationState.Sent => Disposition.SentNoResponse,
            _ => Disposition.NotSent,
        };
    }

    /// <summary>The AAPOR code, e.g. <c>1.1</c> or <c>2.111</c>.</summary>
    public static string Code(Disposition disposition) => disposition switch
    {
        Disposition.Complete => "1.1",
        Disposition.Partial => "1.2",
        Disposition.BreakOff => "2.12",
        Disposition.Refusal => "2.111",
        Disposition.NotSent => "3.11",
        Disposition.SentNoResponse => "3.19",
        Disposition.Bounced => "3.30",
        _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition, null),
    };
}
