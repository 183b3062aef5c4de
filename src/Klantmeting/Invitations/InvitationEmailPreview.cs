using Klantmeting.Infrastructure.Email;
using Klantmeting.Surveys;

namespace Klantmeting.Invitations;

/// <summary>Which e-mail of a questionnaire to preview.</summary>
public enum PreviewEmailKind
{
    /// <summary>The invitation.</summary>
    Invitation,

    /// <summary>A reminder to someone who has not started.</summary>
    Reminder,

    /// <summary>A reminder to someone who started but did not send the questionnaire.</summary>
    ReminderToContinue,
}

/// <summary>A rendered e-mail for the preview: what the dispatcher would send, with sample data.</summary>
/// <param name="Subject">The subject line.</param>
/// <param name="Html">The HTML part.</param>
/// <param name="Text">The plain-text part.</param>
public sealed record PreviewEmail(string Subject, string Html, string Text);

/// <summary>
/// Renders a questionnaire's invitation and reminders with the dispatcher's own message builder, for a sample
/// participant of a sample Werkplein. The links carry <see cref="SampleToken"/>, which is no token (a real one has
/// <see cref="InvitationToken.Length"/> characters), so following one shows "not found". Nothing is stored or sent.
/// </summary>
public sealed class InvitationEmailPreview(ISurveyCatalog surveys, EmailRenderer renderer, IOptions<MailOptions> mail, IOptions<AppOptions> app)
{
    /// <summary>Stands in for the answer and the opt-out token.</summary>
    public const string SampleToken = "VOORBEELD-geen-echte-link";

    /// <summary>The Werkplein named in the preview.</summary>
    public const string SampleWerkplein = "Voorbeeldstad";

    /// <summary>The address the message is built for; never used to send.</summary>
    public const string SampleAddress = "deelnemer@voorbeeld.invalid";

    /// <summary>Renders one e-mail of <paramref name="questionnaireId"/> that closes on <paramref name="closesOn"/>.</summary>
    /// <exception cref="KeyNotFoundException">No questionnaire has this id.</exception>
    public async Task<PreviewEmail> RenderAsync(string questionnaireId, PreviewEmailKind kind, DateOnly closesOn)
    {
        surveys.Get(questionnaireId);
        var builder = new InvitationMessageBuilder(surveys, renderer, mail.Value, app.Value);
        var item = SampleItem(questionnaireId, kind, closesOn);
        var message = await builder.BuildAsync(item, SampleToken, SampleToken);
        return new PreviewEmail(message.Subject ?? "", message.HtmlBody ?? "", message.TextBody ?? "");
    }

    /// <summary>The dispatch item of the sample participant.</summary>
    internal static DispatchItem SampleItem(string questionnaireId, PreviewEmailKind kind, DateOnly closesOn) =>
        new(0, 0, SampleAddress, SampleWerkplein, 0, questionnaireId, closesOn, "", null,
            kind == PreviewEmailKind.Invitation ? null : 1, kind == PreviewEmailKind.ReminderToContinue);
}
