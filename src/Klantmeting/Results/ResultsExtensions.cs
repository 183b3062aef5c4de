using Klantmeting.Rounds;

namespace Klantmeting.Results;

/// <summary>Registration of dispositions, response rates, scores and exports.</summary>
public static class ResultsExtensions
{
    /// <summary>Registers results, Werkplein reports and the closing step that freezes the results.</summary>
    public static IHostApplicationBuilder AddResults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ResultsOptions>(ResultsOptions.Section);
        builder.Services.AddValidatedOptions<Weighting.WeightingOptions>(Weighting.WeightingOptions.Section);
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<ResultsService>();
        builder.Services.AddScoped<WerkpleinReports>();
        builder.Services.AddScoped<WerkpleinBenchmarks>();
        builder.Services.AddScoped<Comments.CommentService>();
        builder.Services.AddScoped<IRoundClosingStep, FreezeResultsClosingStep>();
        return builder;
    }
}
