namespace Klantmeting.Surveys;

/// <summary>The questionnaires loaded once at start-up from the configured folder.</summary>
public sealed class SurveyCatalog(IEnumerable<SurveyDefinition> surveys) : ISurveyCatalog
{
    private readonly Dictionary<string, SurveyDefinition> _byId = surveys.ToDictionary(s => s.Id, StringComparer.Ordinal);

    /// <inheritdoc/>
    public IReadOnlyCollection<SurveyDefinition> All => _byId.Values;

    /// <inheritdoc/>
    public SurveyDefinition? Find(string id) => _byId.GetValueOrDefault(id);

    /// <inheritdoc/>
    public SurveyDefinition Get(string id) => Find(id) ?? throw new KeyNotFoundException(
        $"Onbekende vragenlijst '{id}'. Bekend zijn: {string.Join(", ", _byId.Keys.Order(StringComparer.Ordinal))}.");
}

/// <summary>Registration of the questionnaire catalog.</summary>
public static class SurveyExtensions
{
    /// <summary>Setting with the folder of the survey files; default: the <c>surveys</c> folder beside the app.</summary>
    public const string PathSetting = "Surveys:Path";

    /// <summary>The <c>surveys</c> folder beside the application.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "surveys");

    /// <summary>Loads and validates every questionnaire at start-up; an invalid file stops the host.</summary>
    public static IHostApplicationBuilder AddSurveys(this IHostApplicationBuilder builder)
    {
        var path = builder.Configuration[PathSetting] is { Length: > 0 } p ? p : DefaultPath;
        builder.Services.AddSingleton<ISurveyCatalog>(_ => new SurveyCatalog(SurveyLoader.LoadDirectory(path)));
        return builder;
    }
}
