using Hangfire;
using Klantmeting.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Klantmeting.Tests.Jobs;

/// <summary>
/// Two hosts in one process keep their own job storage and job activator. Hangfire's default registrations read
/// process-wide statics that the host configured last overwrites; in CI an upload on PostgreSQL then stayed queued,
/// because its job ran with the other host's services against the other host's database.
/// </summary>
public sealed class JobHostIsolationTests
{
    private sealed class Marker;

    private static ServiceProvider Build(Marker marker)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSingleton(marker);
        builder.AddJobs();
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public async Task Each_host_keeps_its_storage_and_activator_after_another_host_configured_hangfire()
    {
        Marker first = new(), second = new();
        await using var a = Build(first);
        await using var b = Build(second);

        // The first host configures Hangfire, then the second does (it overwrites the statics), then the first resolves.
        a.GetRequiredService<IGlobalConfiguration>();
        b.GetRequiredService<IGlobalConfiguration>();
        var storageA = a.GetRequiredService<JobStorage>();
        var storageB = b.GetRequiredService<JobStorage>();

        Assert.NotSame(storageA, storageB);
        using (var scope = a.GetRequiredService<JobActivator>().BeginScope((JobActivatorContext)null!))
        {
            Assert.Same(first, scope.Resolve(typeof(Marker)));
        }

        using (var scope = b.GetRequiredService<JobActivator>().BeginScope((JobActivatorContext)null!))
        {
            Assert.Same(second, scope.Resolve(typeof(Marker)));
        }
    }

    [Fact]
    public async Task A_job_enqueued_in_one_host_is_stored_in_that_host_only()
    {
        await using var a = Build(new Marker());
        await using var b = Build(new Marker());
        a.GetRequiredService<IGlobalConfiguration>();
        b.GetRequiredService<IGlobalConfiguration>();

        var id = a.GetRequiredService<IBackgroundJobClient>().Enqueue(() => Console.WriteLine("a"));

        Assert.NotNull(a.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(id));
        Assert.Null(b.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(id));
    }
}
