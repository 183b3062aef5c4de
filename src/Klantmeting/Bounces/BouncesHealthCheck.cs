using Klantmeting.Infrastructure.Email;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Klantmeting.Bounces;

/// <summary>
/// Degraded when bounces cannot be handled: no return-path domain (<c>Mail:BounceDomain</c>), no bounce mailbox
/// (<c>Bounces:Imap:Host</c>), or a bounce mailbox that does not answer.
/// </summary>
public sealed class BouncesHealthCheck(ReturnPaths returnPaths, IOptions<BounceOptions> options) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!returnPaths.Enabled)
        {
            return HealthCheckResult.Degraded("Mail:BounceDomain is not set: no per-message return path, bounces cannot be matched to invitations.");
        }

        var o = options.Value;
        if (!o.Enabled)
        {
            return HealthCheckResult.Degraded("Bounces:Imap:Host is not set: the bounce mailbox is not read.");
        }

        try
        {
            using var client = new MailKit.Net.Imap.ImapClient { Timeout = o.Imap.TimeoutSeconds * 1000 };
            await client.ConnectAsync(o.Imap.Host, o.Imap.Port, o.Imap.SocketOptions, cancellationToken);
            await client.AuthenticateAsync(o.Imap.UserName, o.Imap.Password ?? "", cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException
            or MailKit.CommandException or MailKit.Security.AuthenticationException or TimeoutException)
        {
            return HealthCheckResult.Degraded($"Bounce mailbox {o.Imap.Host}:{o.Imap.Port} not reachable: {ex.Message}");
        }
    }
}
