using System.Linq.Expressions;
using Hangfire;

namespace Klantmeting.Infrastructure.Jobs;

/// <summary>
/// A recurring job that a feature declares in its <c>AddX</c>; <see cref="JobsExtensions.RegisterRecurringJobs"/>
/// adds or updates every declared job after the host is built, so Infrastructure needs to know no feature.
/// </summary>
public sealed class RecurringJobRegistration(string id, Action<IRecurringJobManager, IServiceProvider> register)
{
    /// <summary>One of <see cref="RecurringJobIds"/>.</summary>
    public string Id => id;

    internal void Register(IRecurringJobManager manager, IServiceProvider services) => register(manager, services);
}

/// <summary>A job that runs on a cron: thin, safe to run twice and on several machines.</summary>
public interface IRecurringJob
{
    /// <summary>One run of the job.</summary>
    Task RunAsync(CancellationToken ct);
}

/// <summary>Declaring recurring jobs (UTC cron) from a feature's registration.</summary>
public static class RecurringJobsExtensions
{
    /// <summary>
    /// Declares the recurring job <paramref name="id"/> running <paramref name="run"/> on the cron (UTC) that
    /// <paramref name="cron"/> reads from the settings; a null cron removes a job registered by an earlier configuration.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(
        this IServiceCollection services, string id, Expression<Func<TJob, Task>> run, Func<IServiceProvider, string?> cron) =>
        services.AddSingleton(new RecurringJobRegistration(id, (manager, provider) =>
        {
            if (cron(provider) is { } expression)
            {
                manager.AddOrUpdate(id, run, expression, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            }
            else
            {
                manager.RemoveIfExists(id);
            }
        }));

    /// <summary>
    /// Registers <typeparamref name="TJob"/> (scoped) and declares it as recurring job <paramref name="id"/> on the cron
    /// (UTC) that <paramref name="cron"/> reads from the feature's settings <typeparamref name="TOptions"/>; a null cron
    /// removes a job registered by an earlier configuration.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob, TOptions>(this IServiceCollection services, string id, Func<TOptions, string?> cron)
        where TJob : class, IRecurringJob
        where TOptions : class =>
        services.AddScoped<TJob>().AddRecurringJob<TJob>(id, j => j.RunAsync(CancellationToken.None),
            provider => cron(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TOptions>>().Value));
}
