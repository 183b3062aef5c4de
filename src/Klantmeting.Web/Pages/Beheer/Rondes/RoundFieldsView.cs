using Klantmeting.Surveys;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Klantmeting.Web.Pages.Beheer.Rondes;

/// <summary>What the shared round fields partial needs.</summary>
public sealed record RoundFieldsView(RoundForm Form, ModelStateDictionary State, IReadOnlyList<SurveyDefinition> Surveys,
    bool ShowName, bool QuestionnaireLocked = false, bool StartLocked = false, bool ModeLocked = false);
