using Klantmeting.Infrastructure.Email;
using MimeKit;

namespace Klantmeting.Users;

/// <summary>
/// Tells the owner of an account by e-mail that it was locked after failed sign-ins. The sign-in page itself gives
/// everyone the same answer, so a stranger cannot learn which addresses have an account.
/// </summary>
public sealed class LockoutNotice(KlantmetingDbContext db, IMailDelivery delivery, IOptions<MailOptions> mail)
{
    /// <summary>Subject of the notice (Dutch).</summary>
    public const string Subject = "Uw account bij Klantmeting is tijdelijk geblokkeerd";

    /// <summary>Sends the notice (a background job, so the sign-in answer takes no longer when an account gets locked).</summary>
    /// <exception cref="MailDeliveryUnavailableException">The mail server cannot be reached; the job is retried later.</exception>
    /// <exception cref="MailRecipientRejectedException">The server refused the address; retrying may not help.</exception>
    public async Task SendAsync(string userId, CancellationToken ct)
    {
        var email = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        if (string.IsNullOrEmpty(email))
        {
            return; // the account was removed meanwhile
        }

        var from = MailboxAddress.Parse(mail.Value.From);
        var message = new MimeMessage { Subject = Subject };
        message.From.Add(from);
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from.Domain);
        message.To.Add(MailboxAddress.Parse(email));
        message.Body = new TextPart("plain")
        {
            Text = $"""
                Beste gebruiker,

                Iemand heeft {UsersExtensions.MaxFailedSignIns} keer een verkeerd wachtwoord ingevuld voor uw account {email} bij Klantmeting.
                Daarom is uw account {UsersExtensions.LockoutDuration.TotalMinutes:0} minuten geblokkeerd. Daarna kunt u weer inloggen.

                Was u dit zelf? Dan hoeft u niets te doen.
                Was u dit niet? Dan probeert misschien iemand anders in te loggen. Meld dit aan uw beheerder.
                Kies een nieuw wachtwoord als u denkt dat iemand anders het kent.

                Dit bericht is automatisch verstuurd.
                """.ReplaceLineEndings("\r\n"),
        };
        await using var session = await delivery.OpenAsync(ct);
        await session.SendAsync(message, ct);
    }
}
