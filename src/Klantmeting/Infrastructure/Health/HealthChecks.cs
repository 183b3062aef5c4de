using Klantmeting.Bounces;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Email;
using Klantmeting.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Klantmeting.Infrastructure.Health;

/// <summary>Readiness checks: database reachable, migrations applied, and (for workers) the SMTP server reachable.</summary>
public static class HealthExtensions
{
    /// <summary>Tag of the checks behind <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddDbContextCheck<KlantmetingDbContext>("database", tags: [ReadyTag])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag]);
        if (builder.Configuration.Role() != NodeRole.Web
            && builder.Configuration.GetValue(MailOptions.Section + ":Delivery", MailDeliveryKind.Outbox) == MailDeliveryKind.Smtp)
        {
            checks.AddCheck<SmtpHealthCheck>("smtp", tags: [ReadyTag]);
        }

        if (builder.Configuration.Role() != NodeRole.Web)
        {
            // Degraded (still 200): sending works without bounce handling, but an operator should know.
            checks.AddCheck<BouncesHealthCheck>("bounces", failureStatus: HealthStatus.Degraded, tags: [ReadyTag]);
        }

        return builder;
    }
}

/// <summary>Unhealthy while the database lacks migrations this build expects.</summary>
public sealed class MigrationsHealthCheck(KlantmetingDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}");
    }
}

/// <summary>Connects to the configured SMTP server (and says goodbye) to see that it answers.</summary>
public sealed class SmtpHealthCheck(IMailDelivery delivery) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = await delivery.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (MailDeliveryUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}

/// <summary>
/// Degraded when bounces cannot be handled: no return-path domain (<c>Mail:BounceDomain</c>), no bounce mailbox
/// (<c>Bounces:Imap:Host</c>), or a bounce mailbox that does not answer.
/// </summary>
public sealed class BouncesHealthCheck(ReturnPaths returnPaths, IOptions<BounceOptions> options) : IHealthCheck
{
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
