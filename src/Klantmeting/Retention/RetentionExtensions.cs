using Klantmeting.Infrastructure.Jobs;

namespace Klantmeting.Retention;

/// <summary>Registration of data retention.</summary>
public static class RetentionExtensions
{
    /// <summary>Registers data retention and its recurring job.</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);
        builder.Services.AddScoped<ContactDataRetention>();
        builder.Services.AddRecurringJob<ContactDataRetentionJob, RetentionOptions>(RecurringJobIds.ContactDataRetention, o => o.Cron);
        return builder;
    }
}
