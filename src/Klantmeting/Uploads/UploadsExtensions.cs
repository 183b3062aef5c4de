using Klantmeting.Infrastructure.Jobs;
using Klantmeting.Participants;

namespace Klantmeting.Uploads;

/// <summary>Registration of uploads.</summary>
public static class UploadsExtensions
{
    /// <summary>Cron (UTC) of the sweeper that resumes stopped uploads: every minute.</summary>
    public const string ResumeCron = "* * * * *";

    /// <summary>Registers the upload services, their job and the sweeper.</summary>
    public static IHostApplicationBuilder AddUploads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<SampleService>();
        builder.Services.AddScoped<UploadService>();
        builder.Services.AddScoped<UploadProcessor>();
        builder.Services.AddSingleton<UploadProgressBoard>();
        builder.Services.AddScoped<ProcessUploadJob>();
        builder.Services.AddScoped<ResumeUploadsJob>();
        builder.Services.AddRecurringJob<ResumeUploadsJob>(RecurringJobIds.ResumeUploads, j => j.RunAsync(CancellationToken.None), _ => ResumeCron);
        return builder;
    }
}
