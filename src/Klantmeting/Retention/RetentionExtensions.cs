using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Klantmeting.Retention;

/// <summary>Registration of data retention.</summary>
public static class RetentionExtensions
{
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<ContactDataRetention>();
        builder.Services.AddScoped<ContactDataRetentionJob>();
        return builder;
    }
}
