using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;

namespace Klantmeting.Infrastructure.Jobs;

/// <summary>What a process does (<c>App:Role</c>, or <c>--role</c> on the command line).</summary>
public enum NodeRole
{
    /// <summary>Pages and background jobs in one process (embedded default).</summary>
    All,

    /// <summary>Pages only; enqueues jobs for the workers.</summary>
    Web,

    /// <summary>Background jobs only (plus the health endpoints).</summary>
    Worker,
}

/// <summary>Hangfire storage, server and the recurring jobs.</summary>
public static class JobsExtensions
{
    /// <summary>Setting with the role of this process (web, worker or all).</summary>
    public const string RoleSetting = "App:Role";

    /// <summary>The role of this process from configuration.</summary>
    public static NodeRole Role(this IConfiguration configuration) => configuration.GetValue(RoleSetting, NodeRole.All);

    /// <summary>
    /// Registers Hangfire on the database's own server (SQL Server or PostgreSQL storage), or in memory for the
    /// embedded SQLite default, and a processing server when this process is a worker. The job queue only
    /// triggers work: invitation state lives in the application's tables.
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        var connectionString = builder.Configuration.GetConnectionString(DatabaseExtensions.ConnectionStringName);
        // Hangfire's own registrations resolve the storage and the job activator from process-wide statics
        // (JobStorage.Current, JobActivator.Current) that every host overwrites when it configures Hangfire. With two
        // hosts in one process (the test suites start many), a host could get the other's storage or activator: its jobs
        // then ran against the other host's database and an upload stayed queued for good. Each host registers its own
        // instances first, so Hangfire's TryAdd registrations never read the statics.
        builder.Services.AddSingleton(_ => CreateStorage(provider, connectionString));
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, c) => c.UseLogProvider(new HostLogProvider(services.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(services.GetRequiredService<JobStorage>())
            .UseActivator(services.GetRequiredService<JobActivator>()));
        if (builder.Configuration.Role() != NodeRole.Web)
        {
            builder.Services.AddHangfireServer((services, o) =>
            {
                o.Activator = services.GetRequiredService<JobActivator>();
                // Jobs:WorkerCount bounds how many jobs run at once in this process (and so how many messages can be in
                // flight when it is killed).
                o.WorkerCount = builder.Configuration.GetValue("Jobs:WorkerCount", Math.Max(2, Environment.ProcessorCount));
                // Short polling so a newly opened round starts sending quickly.
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        }

        return builder;
    }

    private static JobStorage CreateStorage(DatabaseProvider provider, string? connectionString) => provider switch
    {
        DatabaseProvider.SqlServer => new SqlServerStorage(connectionString,
            new SqlServerStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true }),
        // Long polling (LISTEN/NOTIFY) wakes a worker as soon as a job is enqueued; without it a worker polls the queue
        // every 15 s, so an uploaded file waited up to 15 s before its check started.
        DatabaseProvider.PostgreSql => PostgreSqlStorage(connectionString),
        _ => new InMemoryStorage(),
    };

    private static PostgreSqlStorage PostgreSqlStorage(string? connectionString)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, EnableLongPolling = true };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>Adds or updates every recurring job the features declared (<see cref="RecurringJobsExtensions.AddRecurringJob{TJob, TOptions}"/>). Call after the host is built.</summary>
    public static void RegisterRecurringJobs(IServiceProvider services)
    {
        var manager = services.GetRequiredService<IRecurringJobManager>();
        foreach (var job in services.GetServices<RecurringJobRegistration>())
        {
            job.Register(manager, services);
        }
    }
}
