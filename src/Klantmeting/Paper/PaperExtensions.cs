namespace Klantmeting.Paper;

/// <summary>Registration of the paper questionnaires.</summary>
public static class PaperExtensions
{
    /// <summary>Registers printing paper questionnaires and entering their answers.</summary>
    public static IHostApplicationBuilder AddPaper(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PaperService>();
        builder.Services.AddSingleton<PaperCodeLimiter>();
        return builder;
    }
}
