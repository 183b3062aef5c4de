using Klantmeting.Rounds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Klantmeting.Bounces;

/// <summary>Registration of bounce handling.</summary>
public static class BouncesExtensions
{
    public static IHostApplicationBuilder AddBounces(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BounceOptions>()
            .BindConfiguration(BounceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<BounceService>();
        builder.Services.AddScoped<BounceMailbox>();
        builder.Services.AddScoped<ProcessBouncesJob>();
        builder.Services.AddScoped<IRoundClosingStep, FinalizeSoftBouncesClosingStep>();
        return builder;
    }
}
