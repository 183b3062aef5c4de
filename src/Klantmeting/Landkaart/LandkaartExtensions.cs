using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Klantmeting.Landkaart;

/// <summary>Settings of the Landkaart (section <c>Landkaart</c>).</summary>
public sealed class LandkaartOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Landkaart";

    /// <summary>The Landkaart file; default <c>landkaart/suwi-2008.yaml</c> beside the application.</summary>
    public string? Path { get; set; }

    /// <summary>AKO grouping: a Werkplein with at least this total score (percent) is "bijna klaar".</summary>
    [Range(0, 100, ErrorMessage = "Landkaart:NearlyDonePercent moet tussen 0 en 100 liggen.")]
    public double NearlyDonePercent { get; set; } = 80;

    /// <summary>AKO grouping: below <see cref="NearlyDonePercent"/> and at least this: "volgend jaar nodig"; below it: "achterblijver".</summary>
    [Range(0, 100, ErrorMessage = "Landkaart:NextYearPercent moet tussen 0 en 100 liggen.")]
    public double NextYearPercent { get; set; } = 50;

    /// <summary>Largest evidence PDF accepted, in bytes (10 MB).</summary>
    [Range(1, 50 * 1024 * 1024, ErrorMessage = "Landkaart:MaxEvidenceBytes moet tussen 1 en 52428800 liggen.")]
    public int MaxEvidenceBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>Registration of the Landkaart.</summary>
public static class LandkaartExtensions
{
    /// <summary>The Landkaart file beside the application.</summary>
    public static string DefaultPath => System.IO.Path.Combine(AppContext.BaseDirectory, "landkaart", "suwi-2008.yaml");

    /// <summary>Loads and validates the Landkaart at start-up (an invalid file stops the host) and registers its services.</summary>
    public static IHostApplicationBuilder AddLandkaart(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LandkaartOptions>().BindConfiguration(LandkaartOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.NextYearPercent <= o.NearlyDonePercent, "Landkaart:NextYearPercent mag niet groter zijn dan Landkaart:NearlyDonePercent.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp =>
            LandkaartLoader.LoadFile(sp.GetRequiredService<IOptions<LandkaartOptions>>().Value.Path is { Length: > 0 } p ? p : DefaultPath));
        builder.Services.TryAddSingleton<IEvidenceScanner, NoEvidenceScanner>();
        builder.Services.AddScoped<LandkaartService>();
        builder.Services.AddScoped<LandkaartResults>();
        return builder;
    }
}
