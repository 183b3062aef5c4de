namespace Klantmeting.Surveys;

/// <summary>One problem in a questionnaire file, with the position of the offending YAML node.</summary>
/// <param name="File">The path of the file (or folder) as it was given to the loader.</param>
/// <param name="Line">1-based line, or 0 when the problem concerns the file or folder as a whole.</param>
/// <param name="Column">1-based column, or 0 when the problem concerns the file or folder as a whole.</param>
/// <param name="Message">What is wrong, in Dutch, for the person who edits the file.</param>
public sealed record SurveyValidationError(string File, int Line, int Column, string Message)
{
    /// <summary>Formats as <c>file:line:column: message</c> (or <c>file: message</c> without a position).</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}

/// <summary>
/// One or more questionnaire files are invalid. <see cref="Errors"/> holds every problem found (not only the
/// first); the message lists them, one per line. The caller should show the message to whoever maintains the
/// survey files and not start: a running installation with a half-valid questionnaire would collect unusable data.
/// </summary>
public sealed class SurveyValidationException : Exception
{
    /// <summary>Fails with every problem in <paramref name="errors"/>.</summary>
    public SurveyValidationException(IReadOnlyList<SurveyValidationError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>All problems, in file order and within a file in document order.</summary>
    public IReadOnlyList<SurveyValidationError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<SurveyValidationError> errors) =>
        (errors.Count == 1 ? "Fout in vragenlijst:" : $"{errors.Count} fouten in vragenlijsten:")
        + Environment.NewLine + string.Join(Environment.NewLine, errors);
}
