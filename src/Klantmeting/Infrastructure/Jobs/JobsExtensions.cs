using Hangfire;
using Klantmeting.Invitations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Klantmeting.Infrastructure.Jobs;

/// <summary>Hangfire storage, server and the recurring jobs.</summary>
public static class JobsExtensions
{
    /// <summary>Registers Hangfire with in-memory storage (embedded default) and a processing server.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
            // Short polling so a newly opened round starts sending quickly.
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        return builder;
    }

    /// <summary>Adds or updates every recurring job (UTC). Call after the host is built.</summary>
    public static void RegisterRecurringJobs(IServiceProvider services)
    {
        var manager = services.GetRequiredService<IRecurringJobManager>();
        var invitations = services.GetRequiredService<IOptions<InvitationOptions>>().Value;
        manager.AddOrUpdate<DispatchInvitationsJob>(
            RecurringJobIds.DispatchInvitations,
            j => j.RunAsync(CancellationToken.None),
            invitations.DispatchCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }
}
