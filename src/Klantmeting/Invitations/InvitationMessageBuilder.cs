using Klantmeting.Infrastructure.Email;
using Klantmeting.Surveys;
using MimeKit;

namespace Klantmeting.Invitations;

/// <summary>
/// Builds the e-mail of an invitation or a reminder: the rendered body with its answer and opt-out links, the
/// headers the bounce handling reads (the delivery turns <c>X-Klantmeting-Invitation</c> into the VERP return path)
/// and the one-click opt-out headers. One builder serves one batch: a batch's messages differ only in their two
/// links, so each kind of body is rendered once with placeholder links, which are then replaced (tokens are
/// base64url, so nothing in them needs encoding).
/// </summary>
internal sealed class InvitationMessageBuilder(ISurveyCatalog surveys, EmailRenderer renderer, MailOptions mail, AppOptions app)
{
    /// <summary>Stands in for the answer token while a body is rendered once for a batch.</summary>
    private const string LinkPlaceholder = "KLANTMETINGANSWERTOKENPLACEHOLDER";

    /// <summary>Stands in for the opt-out token while a body is rendered once for a batch.</summary>
    private const string OptOutPlaceholder = "KLANTMETINGOPTOUTTOKENPLACEHOLDER";

    private readonly Dictionary<BodyKey, RenderedEmail> _bodies = [];

    /// <summary>The message for <paramref name="item"/> with these (plain) tokens in its links.</summary>
    /// <exception cref="ParseException">The sender or the recipient is not a valid address.</exception>
    public async Task<MimeMessage> BuildAsync(DispatchItem item, string token, string optOutToken)
    {
        var survey = surveys.Get(item.QuestionnaireId);
        var template = await BodyAsync(item, survey);
        var body = new RenderedEmail(Fill(template.Html, token, optOutToken), Fill(template.Text, token, optOutToken));
        var message = new MimeMessage();
        var from = MailboxAddress.Parse(mail.From);
        message.From.Add(from);
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from.Domain);
        message.To.Add(MailboxAddress.Parse(item.Email));
        message.Subject = item.Reminder is null ? survey.Title : "Herinnering: " + survey.Title;
        message.Headers.Add(ReturnPaths.InvitationHeader, item.InvitationId.ToString(CultureInfo.InvariantCulture));
        if (item.Reminder is { } number)
        {
            message.Headers.Add("X-Klantmeting-Reminder", number.ToString(CultureInfo.InvariantCulture));
        }

        // RFC 2369 / RFC 8058 one-click opt-out; the token differs from the answer token and is stored only as a hash.
        message.Headers.Add("List-Unsubscribe", "<" + app.Link("afmelden/" + optOutToken) + ">");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Body = new BodyBuilder { HtmlBody = body.Html, TextBody = body.Text }.ToMessageBody();
        return message;
    }

    private async Task<RenderedEmail> BodyAsync(DispatchItem item, SurveyDefinition survey)
    {
        var key = new BodyKey(item.Reminder is not null, item.QuestionnaireId, item.WerkpleinName, item.ClosesOn, item.Partial);
        if (_bodies.TryGetValue(key, out var template))
        {
            return template;
        }

        var model = new InvitationEmailModel(survey.Title, survey.Audience, item.WerkpleinName,
            app.Link("v/" + LinkPlaceholder), item.ClosesOn, app.Link("privacy"), app.Link("afmelden/" + OptOutPlaceholder));
        template = item.Reminder is null
            ? await renderer.RenderAsync<InvitationEmailHtml, InvitationEmailText>(
                new Dictionary<string, object?> { ["Model"] = model })
            : await renderer.RenderAsync<ReminderEmailHtml, ReminderEmailText>(
                new Dictionary<string, object?> { ["Model"] = model, ["Partial"] = item.Partial });
        _bodies[key] = template;
        return template;
    }

    private static string Fill(string template, string token, string optOutToken) =>
        template.Replace(LinkPlaceholder, token, StringComparison.Ordinal).Replace(OptOutPlaceholder, optOutToken, StringComparison.Ordinal);

    private sealed record BodyKey(bool Reminder, string QuestionnaireId, string WerkpleinName, DateOnly ClosesOn, bool Partial);
}
