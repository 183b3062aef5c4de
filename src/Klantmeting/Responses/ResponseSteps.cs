using Klantmeting.Surveys;

namespace Klantmeting.Responses;

/// <summary>
/// The steps a respondent walks through: an unnumbered introduction (index 0), one step per principle,
/// the grade with the open question, and a final check. Numbered steps run from 1 to <see cref="Count"/>.
/// </summary>
public sealed class ResponseSteps(SurveyDefinition survey)
{
    /// <summary>Index of the unnumbered introduction.</summary>
    public const int Intro = 0;

    /// <summary>The questionnaire the steps are made of.</summary>
    public SurveyDefinition Survey { get; } = survey;

    /// <summary>Number of numbered steps (principles, grade, check): "Stap n van Count".</summary>
    public int Count => Survey.Principles.Count + 2;

    /// <summary>Index of the step with the grade and the open question.</summary>
    public int Grade => Survey.Principles.Count + 1;

    /// <summary>Index of the check-and-submit step; also the highest index.</summary>
    public int Check => Survey.Principles.Count + 2;

    /// <summary>Whether <paramref name="step"/> is an index from the introduction to the check.</summary>
    public bool IsValid(int step) => step >= Intro && step <= Check;

    /// <summary>The principle shown at <paramref name="step"/>, or null when the step is no principle step.</summary>
    public Principle? PrincipleAt(int step) =>
        step >= 1 && step <= Survey.Principles.Count ? Survey.Principles[step - 1] : null;

    /// <summary>The step that shows a principle.</summary>
    public int StepOf(Principle principle) => IndexOf(principle) + 1;

    private int IndexOf(Principle principle)
    {
        for (var i = 0; i < Survey.Principles.Count; i++)
        {
            if (Survey.Principles[i].Id == principle.Id)
            {
                return i;
            }
        }

        throw new ArgumentException($"Principle '{principle.Id}' is not part of '{Survey.Id}'.", nameof(principle));
    }
}
