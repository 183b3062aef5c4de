using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Klantmeting.Infrastructure.Email;

/// <summary>
/// Sends through an SMTP server with MailKit, one connection per batch. A message that names its invitation
/// (<see cref="ReturnPaths.InvitationHeader"/>) gets its own envelope sender (VERP); the From header stays as it is.
/// </summary>
public sealed class SmtpMailDelivery(IOptions<SmtpOptions> options, ReturnPaths returnPaths) : IMailDelivery
{
    /// <inheritdoc/>
    public async Task<IMailSession> OpenAsync(CancellationToken ct)
    {
        var o = options.Value;
        var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, o.SocketOptions, ct);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException
            or SmtpCommandException or SslHandshakeException or AuthenticationException or TimeoutException)
        {
            client.Dispose();
            throw new MailDeliveryUnavailableException($"SMTP-server {o.Host}:{o.Port} niet bereikbaar: {ex.Message}", ex);
        }

        return new Session(client, returnPaths);
    }

    private sealed class Session(SmtpClient client, ReturnPaths returnPaths) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            try
            {
                if (returnPaths.For(message) is { } returnPath)
                {
                    // MAIL FROM:<bounce+...>; the recipients are the message's own.
                    var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).ToList();
                    await client.SendAsync(message, returnPath, recipients, ct);
                }
                else
                {
                    await client.SendAsync(message, ct);
                }
            }
            catch (SmtpCommandException ex)
            {
                // A refusal of one message or recipient: the connection stays usable.
                var code = (int)ex.StatusCode;
                throw new MailRecipientRejectedException($"SMTP {code}: {ex.Message}", permanent: code >= 500, ex);
            }
            catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException
                or ServiceNotConnectedException or TimeoutException)
            {
                throw new MailDeliveryUnavailableException($"SMTP-verbinding verbroken: {ex.Message}", ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(true);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or SmtpCommandException)
            {
                // The batch is done; a failing QUIT changes nothing about what was sent.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
