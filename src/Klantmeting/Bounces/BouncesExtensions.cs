using Klantmeting.Infrastructure.Health;
using Klantmeting.Infrastructure.Jobs;
using Klantmeting.Rounds;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Klantmeting.Bounces;

/// <summary>Registration of bounce handling.</summary>
public static class BouncesExtensions
{
    /// <summary>Registers bounce handling: options, the mailbox reader and its recurring job, the closing step and the health check.</summary>
    public static IHostApplicationBuilder AddBounces(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<BounceOptions>(BounceOptions.Section);
        builder.Services.AddScoped<BounceService>();
        builder.Services.AddScoped<BounceMailbox>();
        // Bounces:Imap:Host emptied: no cron, so a job registered by an earlier configuration is removed.
        builder.Services.AddRecurringJob<ProcessBouncesJob, BounceOptions>(RecurringJobIds.ProcessBounces, o => o.Enabled ? o.Cron : null);
        builder.Services.AddScoped<IRoundClosingStep, FinalizeSoftBouncesClosingStep>();
        if (builder.Configuration.Role() != NodeRole.Web)
        {
            // Degraded (still 200): sending works without bounce handling, but an operator should know.
            builder.Services.AddHealthChecks()
                .AddCheck<BouncesHealthCheck>("bounces", failureStatus: HealthStatus.Degraded, tags: [HealthExtensions.ReadyTag]);
        }

        return builder;
    }
}
