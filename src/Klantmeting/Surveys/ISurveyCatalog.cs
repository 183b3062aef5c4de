namespace Klantmeting.Surveys;

/// <summary>The questionnaire definitions available to this installation.</summary>
public interface ISurveyCatalog
{
    /// <summary>Every loaded questionnaire.</summary>
    IReadOnlyCollection<SurveyDefinition> All { get; }

    /// <summary>Returns the definition with this id, or null.</summary>
    SurveyDefinition? Find(string id);

    /// <summary>Returns the definition with this id.</summary>
    /// <exception cref="KeyNotFoundException">No questionnaire has this id; the message lists the known ids.</exception>
    SurveyDefinition Get(string id);
}
