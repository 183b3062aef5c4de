using Klantmeting.Audit;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;

namespace Klantmeting.DataExport;

/// <summary>What a variable of the respondent data holds, which decides its type in each format.</summary>
public enum VariableKind
{
    /// <summary>Free text (ref, Werkplein code, a text attribute).</summary>
    Text,

    /// <summary>One of a fixed list of labels, written as the label in CSV/XLSX and as a code 1..k for SPSS and R.</summary>
    Category,

    /// <summary>A whole number (the overall grade, an integer attribute).</summary>
    Integer,

    /// <summary>A statement: 1-5 on the agreement scale, 0 = "weet niet" (missing in SPSS and R), empty = not answered.</summary>
    Statement,

    /// <summary>A figure with decimals (a principle score 1-10).</summary>
    Number,
}

/// <summary>One column of the respondent data.</summary>
/// <param name="Name">Column name in CSV/XLSX (the ids of the questionnaire, as <c>responses import</c> reads them).</param>
/// <param name="SyntaxName">Variable name in SPSS and R: <paramref name="Name"/> with every character other than a letter, digit or underscore as <c>_</c>.</param>
/// <param name="Label">The label (statement text, attribute label).</param>
/// <param name="Kind">The type.</param>
/// <param name="Categories">For <see cref="VariableKind.Category"/>: the labels, code 1 first.</param>
public sealed record DataVariable(string Name, string SyntaxName, string Label, VariableKind Kind, IReadOnlyList<string> Categories)
{
    /// <summary>
    /// For <see cref="VariableKind.Category"/>: the value labels SPSS and R show, code 1 first (an attribute value's label
    /// in the questionnaire, e.g. "Bouw" for sector F); null when they are the <see cref="Categories"/> themselves.
    /// </summary>
    public IReadOnlyList<string>? CategoryLabels { get; init; }

    /// <summary>The value labels of the syntax files: <see cref="CategoryLabels"/>, else the categories.</summary>
    public IReadOnlyList<string> ShownCategories => CategoryLabels ?? Categories;

    /// <summary>A variable without categories.</summary>
    public static DataVariable Of(string name, string label, VariableKind kind, IReadOnlyList<string>? categories = null) =>
        new(name, SyntaxNameOf(name), label, kind, categories ?? []);

    /// <summary>An SPSS- and R-safe variable name: letters, digits and underscores, starting with a letter.</summary>
    public static string SyntaxNameOf(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        var safe = new string(chars);
        return safe.Length > 0 && char.IsAsciiLetter(safe[0]) ? safe : "v_" + safe;
    }
}

/// <summary>One response: a value per variable (string, int or double; null = empty), in the order of <see cref="RespondentData.Variables"/>.</summary>
public sealed record DataRow(IReadOnlyList<object?> Values);

/// <summary>
/// The respondent-level data of one round: one row per started response with the participant's pseudonymous ref,
/// Werkplein, attributes, mode, AAPOR disposition, every answer and each principle score (the converted 1-10 score
/// the results use). Never an e-mail address, a token or the open answer (that is read, masked, on the comment pages).
/// </summary>
public sealed record RespondentData(Round Round, SurveyDefinition Survey, IReadOnlyList<DataVariable> Variables, IReadOnlyList<DataRow> Rows)
{
    /// <summary>Labels of the agreement scale, value 1 first; 0 is <see cref="DontKnowLabel"/>.</summary>
    public static readonly IReadOnlyList<string> ScaleLabels = ["helemaal oneens", "oneens", "neutraal", "eens", "helemaal eens"];

    /// <summary>Label of the stored value 0.</summary>
    public const string DontKnowLabel = "weet niet / niet van toepassing";

    /// <summary>Labels of the mode variable, code 1 first (the order of <see cref="ResponseMode"/>).</summary>
    public static readonly IReadOnlyList<string> ModeLabels = ["web", "telefoon", "papier"];

    /// <summary>The dispositions a started response can have, code 1 first.</summary>
    public static readonly IReadOnlyList<Disposition> ResponseDispositions = [Disposition.Complete, Disposition.Partial, Disposition.BreakOff, Disposition.Refusal];

    /// <summary>Dutch label of a response's disposition, with its AAPOR code.</summary>
    public static string DispositionLabel(Disposition disposition) => disposition switch
    {
        Disposition.Complete => "volledig (1.1)",
        Disposition.Partial => "gedeeltelijk (1.2)",
        Disposition.BreakOff => "afgebroken (2.12)",
        Disposition.Refusal => "afgebroken en afgemeld (2.111)",
        _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition, "Not a disposition of a started response."),
    };

    /// <summary>Name of the weight column (the last column).</summary>
    public const string WeightVariable = "weight";

    /// <summary>Label of the weight column.</summary>
    public const string WeightLabel = "Gewicht (poststratificatie naar de uitgenodigden per Werkplein en uitkering; leeg bij afgebroken)";

    /// <summary>The variables of a round with <paramref name="survey"/>, in column order.</summary>
    public static IReadOnlyList<DataVariable> VariablesOf(SurveyDefinition survey)
    {
        var variables = new List<DataVariable>
        {
            DataVariable.Of("ref", "Kenmerk van de deelnemer (pseudoniem)", VariableKind.Text),
            DataVariable.Of("werkplein", "Werkplein (code)", VariableKind.Text),
        };
        foreach (var attribute in survey.Attributes)
        {
            variables.Add(attribute.Type switch
            {
                AttributeType.Choice => DataVariable.Of(attribute.Id, attribute.Label, VariableKind.Category, attribute.Values) with
                {
                    CategoryLabels = attribute.ValueLabels.Count == 0 ? null : attribute.Values.Select(attribute.GroupText).ToList(),
                },
                AttributeType.Integer => DataVariable.Of(attribute.Id, attribute.Label, VariableKind.Integer),
                _ => DataVariable.Of(attribute.Id, attribute.Label, VariableKind.Text),
            });
        }

        variables.Add(DataVariable.Of("modus", "Manier van invullen", VariableKind.Category, ModeLabels));
        variables.Add(DataVariable.Of("dispositie", "Dispositie (AAPOR)", VariableKind.Category, ResponseDispositions.Select(DispositionLabel).ToList()));
        variables.Add(DataVariable.Of(SurveyDefinition.GradeItemId, survey.Grade.Text, VariableKind.Integer));
        variables.AddRange(survey.Statements.Select(s => DataVariable.Of(s.Id, s.Text, VariableKind.Statement)));
        variables.AddRange(survey.Principles.Select(p => DataVariable.Of("score_" + p.Id, $"Score {p.Name} (1-10)", VariableKind.Number)));
        variables.Add(DataVariable.Of(WeightVariable, WeightLabel, VariableKind.Number));
        return variables;
    }
}

/// <summary>
/// Reads <see cref="RespondentData"/> from the database (EF, no hand-written SQL: an export, not a hot path), with
/// each respondent's post-stratification weight (<see cref="ResultsService.PostStratifyAsync"/>).
/// </summary>
public sealed class RespondentDataReader(KlantmetingDbContext db, ISurveyCatalog surveys, AuditLog audit, ResultsService results)
{
    /// <summary>
    /// Reads round <paramref name="roundName"/>, writes it in <paramref name="format"/> (<see cref="DataFormats.WriteAsync"/>)
    /// and records the download in the audit log: respondent-level data is the most detailed export there is.
    /// </summary>
    /// <returns>The data written and the file names.</returns>
    public async Task<(RespondentData Data, IReadOnlyList<string> Files)> ExportAsync(string roundName, DataFormat format,
        Func<string, Stream> create, CancellationToken ct = default)
    {
        var data = await ReadAsync(roundName, ct);
        var files = await DataFormats.WriteAsync(data, format, DataFormats.BaseName(roundName), create, ct);
        await audit.RecordExportAsync("gegevens", roundName, $"gegevens per respondent ({format.ToString().ToLowerInvariant()}, {data.Rows.Count} responsen)", ct);
        return (data, files);
    }

    /// <summary>The data of round <paramref name="roundName"/>.</summary>
    /// <exception cref="RoundException">No such round, or its questionnaire is not installed.</exception>
    public async Task<RespondentData> ReadAsync(string roundName, CancellationToken ct = default)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new RoundException($"Er is geen ronde met de naam '{roundName}'.", RoundFields.Name);
        var survey = surveys.Find(round.QuestionnaireId)
            ?? throw new RoundException($"De vragenlijst '{round.QuestionnaireId}' van ronde '{roundName}' is niet geïnstalleerd.", RoundFields.Questionnaire);
        var variables = RespondentData.VariablesOf(survey);

        var responses = await (
            from r in db.Responses.AsNoTracking()
            where r.RoundId == round.Id
            join i in db.Invitations on r.InvitationId equals i.Id
            join p in db.Participants on i.ParticipantId equals p.Id
            join w in db.Werkpleinen on p.WerkpleinId equals w.Id
            orderby p.Ref
            select new { r.Id, ParticipantId = p.Id, p.Ref, w.Code, r.Mode, r.Grade, i.State }).ToListAsync(ct);
        var answers = (await db.Answers.AsNoTracking()
                .Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.RoundId == round.Id))
                .Select(a => new { a.ResponseId, a.ItemId, a.Value }).ToListAsync(ct))
            .ToLookup(a => a.ResponseId);
        var attributeIds = survey.Attributes.Select(a => a.Id).ToList();
        var attributes = (await db.ParticipantAttributes.AsNoTracking()
                .Where(a => attributeIds.Contains(a.Name) && db.Participants.Any(p => p.Id == a.ParticipantId && p.RoundId == round.Id)
                    && db.Invitations.Any(i => i.ParticipantId == a.ParticipantId && db.Responses.Any(r => r.InvitationId == i.Id)))
                .ToListAsync(ct))
            .ToLookup(a => a.ParticipantId);

        var weights = await results.PostStratifyAsync(roundName, ct);
        var statements = survey.Statements.Select(s => s.Id).ToList();
        var applicable = Dispositions.ApplicableItems(survey);
        var rows = new List<DataRow>(responses.Count);
        foreach (var response in responses)
        {
            var given = answers[response.Id].ToDictionary(a => a.ItemId, a => a.Value, StringComparer.Ordinal);
            var values = new List<object?>(variables.Count) { response.Ref, response.Code };
            var own = attributes[response.ParticipantId].ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
            foreach (var attribute in survey.Attributes)
            {
                values.Add(!own.TryGetValue(attribute.Id, out var value) || value.Length == 0 ? null
                    : attribute.Type == AttributeType.Integer && int.TryParse(value, CultureInfo.InvariantCulture, out var number) ? number
                    : value);
            }

            var answered = given.Count(a => statements.Contains(a.Key)) + (response.Grade is > 0 ? 1 : 0);
            values.Add(RespondentData.ModeLabels[(int)response.Mode]);
            values.Add(RespondentData.DispositionLabel(Dispositions.Of(response.State, answered, applicable)));
            values.Add(response.Grade is > 0 ? response.Grade : null);
            values.AddRange(statements.Select(s => given.TryGetValue(s, out var v) ? (object)v : null));
            var scores = ResponseScore.Summarize(response.Id, given.Where(a => statements.Contains(a.Key)).Select(a => (a.Key, a.Value)));
            values.AddRange(survey.Principles.Select(p => scores.Find(s => s.PrincipleId == p.Id) is { Scored: > 0 } s
                ? (object)Statistics.PrincipleScore(s.Sum, s.Scored)
                : null));
            // Respondents as the scores count them (complete or partial); a break-off has no weight.
            var respondent = Dispositions.OfResponse(answered, applicable) != Disposition.BreakOff;
            values.Add(respondent ? weights.WeightOf(response.Code, own.GetValueOrDefault(ResultsService.BenefitAttribute)) : null);
            rows.Add(new DataRow(values));
        }

        return new RespondentData(round, survey, variables, rows);
    }
}
