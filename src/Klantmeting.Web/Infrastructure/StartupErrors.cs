using Klantmeting.Infrastructure.Data;
using Klantmeting.Surveys;
using Microsoft.Extensions.Options;

namespace Klantmeting.Web.Infrastructure;

/// <summary>
/// Start-up errors that an operator fixes without a developer: a setting out of range, a questionnaire file that does
/// not load, a database made by another build. Their messages already say what to change (file, line, setting).
/// </summary>
internal static class StartupErrors
{
    /// <summary>The one line to log for <paramref name="e"/>, or null for an error that is a bug (it keeps its stack trace).</summary>
    public static string? Message(Exception e) => e switch
    {
        SurveyValidationException or UnknownMigrationsException => e.Message,
        OptionsValidationException options => $"Onjuiste instelling: {options.Message}",
        AggregateException many when many.InnerExceptions.Count > 0 && many.InnerExceptions.All(i => Message(i) is not null) =>
            string.Join(Environment.NewLine, many.InnerExceptions.Select(i => Message(i))),
        _ => null,
    };
}
