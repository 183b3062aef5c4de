using Klantmeting.Infrastructure.Jobs;

namespace Klantmeting.Calls;

/// <summary>Settings of section <c>Calls</c>.</summary>
public sealed class CallsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Calls";

    /// <summary>Cron (UTC) of the job that puts non-respondents of mixed rounds (and telephone samples) on the call list.</summary>
    [Required]
    public string Cron { get; set; } = "*/10 * * * *";
}

/// <summary>Registration of the call list.</summary>
public static class CallsExtensions
{
    /// <summary>Registers the call list, the interviewer assignments, the telephone interview and the job that fills the lists.</summary>
    public static IHostApplicationBuilder AddCalls(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<CallsOptions>(CallsOptions.Section);
        builder.Services.AddScoped<CallListService>();
        builder.Services.AddScoped<CallListFeeder>();
        builder.Services.AddScoped<InterviewerAssignments>();
        builder.Services.AddScoped<InterviewerSummaries>();
        builder.Services.AddScoped<InterviewService>();
        builder.Services.AddRecurringJob<FillCallListsJob, CallsOptions>(RecurringJobIds.FillCallLists, o => o.Cron);
        return builder;
    }
}
