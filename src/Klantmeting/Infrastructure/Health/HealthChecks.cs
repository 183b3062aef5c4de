using Klantmeting.Infrastructure.Email;
using Klantmeting.Infrastructure.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Klantmeting.Infrastructure.Health;

/// <summary>Readiness checks: database reachable, migrations applied, and (for workers) the SMTP server reachable.</summary>
public static class HealthExtensions
{
    /// <summary>Tag of the checks behind <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks: database, migrations and, on worker nodes that send by SMTP, the SMTP server.</summary>
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

        return builder;
    }
}

/// <summary>Unhealthy while the database lacks migrations this build expects.</summary>
public sealed class MigrationsHealthCheck(KlantmetingDbContext db) : IHealthCheck
{
    /// <inheritdoc/>
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
    /// <inheritdoc/>
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
