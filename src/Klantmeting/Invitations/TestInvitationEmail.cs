using Klantmeting.Audit;
using Klantmeting.Infrastructure.Email;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using MimeKit;

namespace Klantmeting.Invitations;

/// <summary>
/// Sends a round's invitation, rendered with the same components as the participants' invitations, to one address
/// (the signed-in administrator), with a test link that saves nothing (<see cref="TestLinkPath"/>). Creates no
/// invitation, token or participant.
/// </summary>
public sealed class TestInvitationEmail(KlantmetingDbContext db, ISurveyCatalog surveys, EmailRenderer renderer, IMailDelivery delivery,
    IOptions<MailOptions> mailOptions, IOptions<AppOptions> appOptions, AuditLog audit)
{
    /// <summary>Prefix of the test link of a questionnaire: <c>v/test-{questionnaire id}</c>.</summary>
    public const string TestLinkPrefix = "v/test-";

    /// <summary>Subject prefix, so the test is never mistaken for a real invitation in a mailbox.</summary>
    public const string SubjectPrefix = "[Test] ";

    /// <summary>The path of the test link of <paramref name="questionnaireId"/>, relative to the public base URL.</summary>
    public static string TestLinkPath(string questionnaireId) => TestLinkPrefix + Uri.EscapeDataString(questionnaireId);

    /// <summary>Renders and sends the test invitation of <paramref name="roundName"/> to <paramref name="to"/>.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire, or an address that is not valid.</exception>
    /// <exception cref="MailDeliveryUnavailableException">The mail server cannot be reached now.</exception>
    /// <exception cref="MailRecipientRejectedException">The server refused the message.</exception>
    public async Task SendAsync(string roundName, string to, CancellationToken ct = default)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new RoundException($"Er is geen ronde met de naam '{roundName}'.");
        var survey = surveys.Find(round.QuestionnaireId)
            ?? throw new RoundException($"Ronde '{round.Name}' gebruikt vragenlijst '{round.QuestionnaireId}', die niet (meer) bestaat.");
        if (!MailboxAddress.TryParse(to, out var recipient))
        {
            throw new RoundException("Uw account heeft geen geldig e-mailadres; de testmail kan niet verstuurd worden.");
        }

        // The Werkplein of the first participant, as a participant of the sample would see it.
        var werkplein = await db.Participants.AsNoTracking().Where(p => p.RoundId == round.Id).OrderBy(p => p.Id)
            .Join(db.Werkpleinen, p => p.WerkpleinId, w => w.Id, (_, w) => w.Name).FirstOrDefaultAsync(ct) ?? "uw Werkplein";
        var app = appOptions.Value;
        var link = app.Link(TestLinkPath(round.QuestionnaireId));
        var model = new InvitationEmailModel(survey.Title, survey.Audience, werkplein, link, round.FieldworkEnd, app.Link("privacy"), link);
        var body = await renderer.RenderAsync<InvitationEmailHtml, InvitationEmailText>(new Dictionary<string, object?> { ["Model"] = model });

        var message = new MimeMessage();
        var from = MailboxAddress.Parse(mailOptions.Value.From);
        message.From.Add(from);
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from.Domain);
        message.To.Add(recipient);
        message.Subject = SubjectPrefix + survey.Title;
        message.Headers.Add("X-Klantmeting-Test", round.Name);
        message.Body = new BodyBuilder { HtmlBody = body.Html, TextBody = body.Text }.ToMessageBody();
        await using (var session = await delivery.OpenAsync(ct))
        {
            await session.SendAsync(message, ct);
        }

        await audit.RecordAsync(AuditAction.TestEmailSent, AuditObject.Round, round.Name, round.Name, "testuitnodiging naar het eigen adres", ct);
    }
}
