using Klantmeting.Infrastructure.Jobs;

namespace Klantmeting.Rounds;

/// <summary>Settings of section <c>Rounds</c>.</summary>
public sealed class RoundOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Rounds";

    /// <summary>Cron (UTC) of the job that opens and closes scheduled rounds; a sixth leading field gives seconds.</summary>
    [Required]
    public string ScheduleCron { get; set; } = "* * * * *";
}

/// <summary>Registration of rounds and their schedule.</summary>
public static class RoundsExtensions
{
    /// <summary>Registers rounds, the scheduler and its recurring job.</summary>
    public static IHostApplicationBuilder AddRounds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RoundOptions>(RoundOptions.Section);
        builder.Services.AddScoped<RoundService>();
        builder.Services.AddScoped<RoundScheduler>();
        builder.Services.AddRecurringJob<RoundScheduleJob, RoundOptions>(RecurringJobIds.RoundSchedule, o => o.ScheduleCron);
        return builder;
    }
}
