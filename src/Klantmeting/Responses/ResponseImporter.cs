using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Surveys;

namespace Klantmeting.Responses;

/// <summary>
/// Imports responses collected elsewhere (telephone interviews, paper questionnaires) from a CSV file: one complete
/// response per row, for the participant with that <c>ref</c> in the round. Columns: <c>ref</c> plus item ids of the
/// round's questionnaire (<c>totaaloordeel</c>, <c>&lt;principle&gt;.&lt;n&gt;</c>, <c>toelichting</c>); an empty
/// cell means not answered. Same file rules, two streaming passes and error reporting as the participant import.
/// Works in a round in any state, so a historic round can be entered after the fact.
/// </summary>
/// <remarks>
/// A ref whose participant already started a web response that is not complete is an error as well: replacing it
/// would silently throw away what the respondent typed, and keeping both is impossible (one response per
/// invitation). Whoever manages the round decides which one counts and removes the other row from the file.
/// </remarks>
public sealed class ResponseImporter(KlantmetingDbContext db, ISurveyCatalog surveys, TimeProvider clock, Audit.AuditLog audit)
{
    /// <summary>Column with the participant's ref, which finds the invitation.</summary>
    public const string RefColumn = "ref";

    /// <summary>Spellings of "weet niet / niet van toepassing" besides <c>0</c> (compared case-insensitively).</summary>
    public static readonly IReadOnlyList<string> DontKnowSpellings = ["0", "weet niet", "nvt", "n.v.t."];

    /// <summary>Responses buffered before the two tables are written.</summary>
    private const int RowsPerFlush = 1000;

    /// <summary>Checks and imports <paramref name="path"/> into the round named <paramref name="roundName"/>.</summary>
    /// <param name="mode">How the answers were collected; stored with every response (telefoon or papier).</param>
    /// <param name="skipInvalid">Store the valid rows and skip the invalid ones; otherwise any error stores nothing.</param>
    /// <param name="roundName">The round the answers belong to.</param>
    /// <param name="path">The CSV file (column <c>ref</c>, statements, grade and open answer).</param>
    /// <param name="progress">Receives the rows checked and written.</param>
    /// <param name="ct">Cancels the import; nothing is stored then.</param>
    /// <returns>The counts and every error; with errors and without <paramref name="skipInvalid"/> nothing was stored.</returns>
    /// <exception cref="ArgumentException"><paramref name="mode"/> is <see cref="ResponseMode.Web"/>.</exception>
    /// <exception cref="ImportException">
    /// The round does not exist, its questionnaire is unknown, the file cannot be read, the file changed between the
    /// passes, or the database refused the rows (e.g. a respondent answered on the web meanwhile, or another import
    /// into the same round ran at the same time). Nothing was stored; the message says what to fix.
    /// </exception>
    public Task<ImportResult> ImportAsync(string roundName, string path, ResponseMode mode, bool skipInvalid = false,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        ImportAsync(roundName, path, mode, new ImportOptions { SkipInvalid = skipInvalid, Progress = progress }, ct);

    /// <summary>Checks and imports <paramref name="path"/> into the round named <paramref name="roundName"/>.</summary>
    /// <param name="mode">How the answers were collected; stored with every response (telefoon or papier).</param>
    /// <param name="options">Skip invalid rows, progress, the file name to show, a step before the commit.</param>
    /// <param name="roundName">The round the answers belong to.</param>
    /// <param name="path">The CSV or <c>.xlsx</c> file (column <c>ref</c>, statements, grade and open answer).</param>
    /// <param name="ct">Cancels the import; nothing is stored then.</param>
    /// <returns>The counts and every error; with errors and without skip-invalid nothing was stored.</returns>
    /// <exception cref="ArgumentException"><paramref name="mode"/> is <see cref="ResponseMode.Web"/>.</exception>
    /// <exception cref="ImportException">As the overload with <c>skipInvalid</c>.</exception>
    public async Task<ImportResult> ImportAsync(string roundName, string path, ResponseMode mode, ImportOptions options, CancellationToken ct)
    {
        if (mode == ResponseMode.Web)
        {
            throw new ArgumentException("Web responses are collected through the personal link, not imported.", nameof(mode));
        }

        var stopwatch = Stopwatch.StartNew();
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new ImportException($"Er is geen ronde met de naam '{roundName}'.");
        var survey = surveys.Find(round.QuestionnaireId)
            ?? throw new ImportException($"Ronde '{round.Name}' gebruikt vragenlijst '{round.QuestionnaireId}', die niet (meer) bestaat.");
        var file = await ImportFile.OpenAsync(path, options.FileName, ct);

        var errors = new ImportErrorList();
        var context = new RowContext(round.Name, survey, errors);
        return await audit.RecordImportAsync(Audit.AuditAction.AnswersImported, round.Name, options.FileName ?? path, TwoPassImport.RunAsync(file, errors,
            options.SkipInvalid, options.Progress, stopwatch,
            context.MapHeader,
            () => LoadRefsAsync(context, round.Id, ct),
            pass => context.Check(pass, firstPass: true),
            invalid => WriteAsync(file, context, round.Id, mode, invalid, options, stopwatch, ct),
            ct), ct);
    }

    /// <summary>Every ref of the round with its invitation and whether it already has a (complete) response.</summary>
    private async Task LoadRefsAsync(RowContext context, int roundId, CancellationToken ct)
    {
        var rows =
            from p in db.Participants.AsNoTracking()
            join i in db.Invitations.AsNoTracking() on p.Id equals i.ParticipantId
            join r in db.Responses.AsNoTracking() on i.Id equals r.InvitationId into responses
            from r in responses.DefaultIfEmpty()
            where p.RoundId == roundId
            select new { p.Ref, InvitationId = i.Id, HasResponse = r != null, Complete = r != null && r.CompletedAt != null };
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var existing = row.Complete ? Existing.Complete : row.HasResponse ? Existing.Started : Existing.None;
            context.Refs[row.Ref] = new RefState(row.InvitationId, existing, 0);
        }
    }

    private Task<long> WriteAsync(ImportFile file, RowContext context, int roundId, ResponseMode mode,
        IReadOnlyList<int> invalid, ImportOptions options, Stopwatch stopwatch, CancellationToken ct) =>
        TwoPassImport.WriteInOneTransactionAsync(db,
            bulk => WriteRowsAsync(bulk, file, context, roundId, mode, invalid, options, stopwatch, ct),
            "De database weigerde de antwoorden; er is niets opgeslagen. Heeft iemand intussen via het web geantwoord, " +
            "of draait er tegelijk een andere import in dezelfde ronde? Probeer het opnieuw.",
            [typeof(Response), typeof(Answer), typeof(ResponseScore)], ct);

    private async Task<long> WriteRowsAsync(BulkWrite bulk, ImportFile file, RowContext context, int roundId, ResponseMode mode,
        IReadOnlyList<int> invalid, ImportOptions options, Stopwatch stopwatch, CancellationToken ct)
    {
        // Ids are taken inside the transaction, which on SQLite holds the write lock from the first insert;
        // a concurrent writer that took the same ids makes the insert fail, and nothing is stored.
        var nextId = await bulk.ReserveIdsAsync<Response>(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var responses = bulk.Inserter<Response>(200,
            nameof(Response.Id), nameof(Response.InvitationId), nameof(Response.RoundId), nameof(Response.StartedAt),
            nameof(Response.UpdatedAt), nameof(Response.CompletedAt), nameof(Response.Grade), nameof(Response.Comment),
            nameof(Response.Mode), nameof(Response.CurrentStep));
        // The answers and their per-principle summary the results read, in the same transaction.
        var answers = AnswerWriter.For(bulk);

        var answered = new List<(string ItemId, int Value)>();
        return await TwoPassImport.WritePassAsync(file, bulk, invalid, context.Errors, context.MapHeader,
            pass => context.Check(pass, firstPass: false),
            row =>
            {
                var id = nextId++;
                responses.Add(id, row.InvitationId, roundId, now, now, now, row.Grade, row.Comment, mode, 0);
                answered.Clear();
                answered.AddRange(row.Answered(context.StatementIds));
                answers.Add(id, answered);
            },
            RowsPerFlush, options, stopwatch, ct);
    }

    /// <summary>Whether the participant behind a ref already has a response.</summary>
    private enum Existing : byte
    {
        None,
        Started,
        Complete,
    }

    /// <summary>A ref of the round: its invitation, its response so far, and the file line that first named it (0: none).</summary>
    private record struct RefState(long InvitationId, Existing Existing, int FirstLine);

    /// <summary>The values of one checked row; reused for every row.</summary>
    private sealed class RowValues(int statements)
    {
        public long InvitationId { get; set; }

        public int? Grade { get; set; }

        public string? Comment { get; set; }

        /// <summary>Per statement column: 1-5, 0 (weet niet) or null (not answered).</summary>
        public int?[] Values { get; } = new int?[statements];

        /// <summary>The answered statements with their values (statement ids in column order).</summary>
        public IEnumerable<(string ItemId, int Value)> Answered(string[] statementIds)
        {
            for (var i = 0; i < Values.Length; i++)
            {
                if (Values[i] is { } value)
                {
                    yield return (statementIds[i], value);
                }
            }
        }
    }

    /// <summary>Column layout and the checks of one import.</summary>
    private sealed class RowContext(string roundName, SurveyDefinition survey, ImportErrorList errors)
    {
        private string[] _header = [];
        private Func<int, bool>? _allowsLineBreaks;
        private int _refIndex;
        private int _gradeIndex;
        private int _commentIndex;
        private int[] _statementIndexes = [];
        private RowValues _row = new(0);

        public ImportErrorList Errors => errors;

        /// <summary>Every ref of the round (ordinal: refs are ids, as in the participant import's unique index).</summary>
        public Dictionary<string, RefState> Refs { get; } = new(StringComparer.Ordinal);

        /// <summary>Statement id per statement column, in column order.</summary>
        public string[] StatementIds { get; private set; } = [];

        /// <summary>Maps the header; reports missing, duplicate and unknown columns on line 1.</summary>
        public bool MapHeader(string[] header)
        {
            var before = errors.Count;
            _header = header;
            _refIndex = _gradeIndex = _commentIndex = -1;
            var statementIds = survey.Statements.Select(s => s.Id).ToList();
            var known = new HashSet<string>([RefColumn, SurveyDefinition.GradeItemId, SurveyDefinition.OpenItemId, .. statementIds],
                StringComparer.OrdinalIgnoreCase);
            var statementColumns = new List<(string Id, int Index)>();
            foreach (var (name, i) in ImportChecks.MapColumns(header, errors).OrderBy(p => p.Value))
            {
                var field = name.ToLowerInvariant();
                if (!known.Contains(name))
                {
                    var suggestion = Suggest(field, known);
                    errors.Add(1, field,
                        $"onbekende kolom '{name}': geen vraag van vragenlijst '{survey.Id}'" +
                        (suggestion is null ? $"; bekend zijn: {ImportChecks.List(known.Order(StringComparer.Ordinal))}" : $"; bedoelt u '{suggestion}'?"));
                    continue;
                }

                if (string.Equals(name, RefColumn, StringComparison.OrdinalIgnoreCase))
                {
                    _refIndex = i;
                }
                else if (string.Equals(name, SurveyDefinition.GradeItemId, StringComparison.OrdinalIgnoreCase))
                {
                    _gradeIndex = i;
                }
                else if (string.Equals(name, SurveyDefinition.OpenItemId, StringComparison.OrdinalIgnoreCase))
                {
                    _commentIndex = i;
                }
                else
                {
                    statementColumns.Add((statementIds.First(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase)), i));
                }
            }

            if (_refIndex < 0)
            {
                errors.Add(1, RefColumn, $"verplichte kolom '{RefColumn}' ontbreekt in de kopregel");
            }

            if (_gradeIndex < 0 && statementColumns.Count == 0 && errors.Count == before)
            {
                errors.Add(1, null, $"geen enkele vraag als kolom; gebruik '{SurveyDefinition.GradeItemId}' en stellingen zoals '{statementIds.FirstOrDefault()}'");
            }

            _statementIndexes = [.. statementColumns.Select(c => c.Index)];
            StatementIds = [.. statementColumns.Select(c => c.Id)];
            _row = new RowValues(statementColumns.Count);
            return errors.Count == before;
        }

        /// <summary>Checks the current row, reports its errors and returns its values (reused object).</summary>
        /// <param name="firstPass">Remember refs for duplicate detection (first pass only).</param>
        /// <param name="pass">The pass positioned on the row.</param>
        public RowValues Check(ImportPass pass, bool firstPass)
        {
            var line = pass.Line;
            var row = _row;
            // Only the comment is free text, where a quoted line break belongs to the value.
            if (!ImportChecks.CheckRow(pass, _header, errors, _allowsLineBreaks ??= i => i == _commentIndex))
            {
                return row;
            }

            CheckRef(line, pass[_refIndex], row, firstPass);

            var answered = 0;
            for (var i = 0; i < _statementIndexes.Length; i++)
            {
                row.Values[i] = CheckStatement(line, StatementIds[i], pass[_statementIndexes[i]]);
                if (row.Values[i] is not null)
                {
                    answered++;
                }
            }

            row.Grade = _gradeIndex < 0 ? null : CheckGrade(line, pass[_gradeIndex]);
            if (row.Grade is not null)
            {
                answered++;
            }

            row.Comment = null;
            if (_commentIndex >= 0)
            {
                var comment = pass[_commentIndex];
                if (comment.Length > Response.MaxCommentLength)
                {
                    errors.Add(line, SurveyDefinition.OpenItemId, $"toelichting is langer dan {Response.MaxCommentLength} tekens ({comment.Length})");
                }
                else if (comment.Length > 0)
                {
                    row.Comment = comment;
                }
            }

            if (answered == 0 && !RowHasInvalidAnswer(pass))
            {
                errors.Add(line, null, row.Comment is null
                    ? "geen enkel antwoord; laat de regel weg als deze persoon niet heeft geantwoord"
                    : "geen antwoord op een stelling of het totaaloordeel, alleen een toelichting; zo'n regel telt niet als antwoord");
            }

            return row;
        }

        /// <summary>True when some statement or grade cell is filled but invalid (already reported; no "no answers" error then).</summary>
        private bool RowHasInvalidAnswer(ImportPass pass) =>
            _statementIndexes.Any(i => pass[i].Length > 0) || (_gradeIndex >= 0 && pass[_gradeIndex].Length > 0);

        private void CheckRef(int line, string value, RowValues row, bool firstPass)
        {
            if (value.Length == 0)
            {
                errors.Add(line, RefColumn, "ref is leeg; elke regel hoort bij een deelnemer van de ronde");
                return;
            }

            ref var state = ref CollectionsMarshal.GetValueRefOrNullRef(Refs, value);
            if (Unsafe.IsNullRef(ref state))
            {
                errors.Add(line, RefColumn, ImportChecks.LooksLikeBsn(value)
                    // The value is not repeated: it may be a real BSN, which must not end up in logs.
                    ? $"ref lijkt een BSN en is onbekend in ronde '{roundName}'; gebruik het kenmerk uit het deelnemersbestand"
                    : $"ref '{value}' is onbekend in ronde '{roundName}'; alleen deelnemers van de ronde kunnen antwoorden");
                return;
            }

            row.InvitationId = state.InvitationId;
            if (firstPass)
            {
                if (state.FirstLine != 0)
                {
                    errors.Add(line, RefColumn, $"ref '{value}' komt al voor op regel {state.FirstLine}");
                    return;
                }

                state.FirstLine = line;
            }

            if (state.Existing == Existing.Complete)
            {
                errors.Add(line, RefColumn, $"ref '{value}' heeft al een volledig antwoord in ronde '{roundName}'");
            }
            else if (state.Existing == Existing.Started)
            {
                errors.Add(line, RefColumn, $"ref '{value}' heeft al een begonnen antwoord via het web in ronde '{roundName}'; haal de regel weg of laat het webantwoord eerst verwijderen");
            }
        }

        private int? CheckStatement(int line, string item, string value)
        {
            if (value.Length == 0)
            {
                return null;
            }

            if (value.Length == 1 && value[0] is >= '1' and <= '5')
            {
                return value[0] - '0';
            }

            foreach (var spelling in DontKnowSpellings)
            {
                if (string.Equals(value, spelling, StringComparison.OrdinalIgnoreCase))
                {
                    return Answer.DontKnow;
                }
            }

            errors.Add(line, item, int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? $"{number} ligt niet tussen 1 en 5; gebruik 1 tot en met 5, of 0 / weet niet / nvt"
                : $"'{value}' is geen geldig antwoord; gebruik 1 tot en met 5, of 0 / weet niet / nvt");
            return null;
        }

        private int? CheckGrade(int line, string value)
        {
            if (value.Length == 0)
            {
                return null;
            }

            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var grade))
            {
                errors.Add(line, SurveyDefinition.GradeItemId, $"'{value}' is geen geheel getal; het totaaloordeel is een rapportcijfer van 1 tot en met 10");
                return null;
            }

            if (grade is < 1 or > 10)
            {
                errors.Add(line, SurveyDefinition.GradeItemId, $"{grade} ligt niet tussen 1 en 10");
                return null;
            }

            return grade;
        }

        /// <summary>The known column closest to <paramref name="name"/>, when it is a near miss (a typo or another separator).</summary>
        private static string? Suggest(string name, IEnumerable<string> known)
        {
            string? best = null;
            var bestDistance = int.MaxValue;
            foreach (var candidate in known)
            {
                var distance = Levenshtein.Distance(name, candidate);
                if (distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return bestDistance <= Math.Max(1, Math.Min(3, name.Length / 4)) ? best : null;
        }
    }
}
