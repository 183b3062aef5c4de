using System.Diagnostics;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Klantmeting.Surveys;

namespace Klantmeting.Participants;

/// <summary>
/// Imports the sample of a round from a CSV file: one participant, its contact, its attributes and one pending
/// invitation per row. Columns: <c>ref,email,werkplein</c>, <c>telefoon</c> (required in telephone and mixed rounds,
/// optional elsewhere; e-mail is optional in telephone and paper rounds), the questionnaire's attributes, and any
/// other column as a free attribute. Phone numbers are normalised to E.164 and kept in the contact table only. The file is read twice, streaming: first every row is checked (only hashes of refs and
/// e-mail addresses are kept, for duplicates), then the rows are written in batches in one transaction, so a
/// failure leaves nothing half-written.
/// </summary>
public sealed class ParticipantImporter(KlantmetingDbContext db, ISurveyCatalog surveys, TimeProvider clock, Audit.AuditLog audit)
{
    /// <summary>Column with the participant's pseudonymous ref (required).</summary>
    public const string RefColumn = "ref";

    /// <summary>Column with the e-mail address (required in web and mixed rounds).</summary>
    public const string EmailColumn = "email";

    /// <summary>Column with the phone number (required in telephone and mixed rounds); contact data, never an attribute.</summary>
    public const string PhoneColumn = "telefoon";

    /// <summary>Column with the Werkplein code (required).</summary>
    public const string WerkpleinColumn = "werkplein";

    private const int MaxRefLength = 100;
    private const int MaxAttributeNameLength = 64;
    private const int MaxAttributeValueLength = 200;

    /// <summary>Stands for a code that several Werkpleinen share when case is ignored.</summary>
    private const int AmbiguousWerkplein = -1;

    /// <summary>Participants buffered before the four tables are written (a multiple of the rows per command).</summary>
    private const int RowsPerFlush = 1000;

    /// <summary>Checks and imports <paramref name="path"/> into the round named <paramref name="roundName"/>.</summary>
    /// <param name="skipInvalid">Store the valid rows and skip the invalid ones; otherwise any error stores nothing.</param>
    /// <param name="roundName">The draft or open round the participants are sampled for.</param>
    /// <param name="path">The CSV or <c>.xlsx</c> file (columns <c>ref,email,werkplein</c> and attributes).</param>
    /// <param name="progress">Receives the rows checked and written.</param>
    /// <param name="ct">Cancels the import; nothing is stored then.</param>
    /// <returns>The counts and every error; with errors and without <paramref name="skipInvalid"/> nothing was stored.</returns>
    /// <exception cref="ImportException">
    /// The round does not exist or is closed, its questionnaire is unknown, the file cannot be read, the file changed
    /// between the passes, or the database refused the rows (e.g. another import into the same round at the same
    /// time). Nothing was stored; the message says what to fix.
    /// </exception>
    public Task<ImportResult> ImportAsync(string roundName, string path, bool skipInvalid = false,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        ImportAsync(roundName, path, new ImportOptions { SkipInvalid = skipInvalid, Progress = progress }, replace: false, ct);

    /// <summary>Checks and imports <paramref name="path"/> into the round named <paramref name="roundName"/>.</summary>
    /// <param name="roundName">The draft or open round the participants are sampled for.</param>
    /// <param name="path">The CSV or <c>.xlsx</c> file (columns <c>ref,email,werkplein</c> and attributes).</param>
    /// <param name="options">Skip invalid rows, progress, the file name to show, a step before the commit.</param>
    /// <param name="replace">
    /// Replace the round's participants: they are removed in the same transaction, so the round has either the old or
    /// the new sample. Only for a draft round without answers.
    /// </param>
    /// <param name="ct">Cancels the import; nothing is stored then.</param>
    /// <returns>The counts and every error; with errors and without skip-invalid nothing was stored.</returns>
    /// <exception cref="ImportException">
    /// As <see cref="ImportAsync(string, string, bool, IProgress{ImportProgress}, CancellationToken)"/>, and: a
    /// replacement in a round that is not a draft or has answers.
    /// </exception>
    public async Task<ImportResult> ImportAsync(string roundName, string path, ImportOptions options, bool replace, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new ImportException($"Er is geen ronde met de naam '{roundName}'.");
        EnsureNotClosed(round.State, round.Name);
        if (replace)
        {
            await SampleRules.EnsureReplaceableAsync(db, round, ct);
        }

        var survey = surveys.Find(round.QuestionnaireId)
            ?? throw new ImportException($"Ronde '{round.Name}' gebruikt vragenlijst '{round.QuestionnaireId}', die niet (meer) bestaat.");
        var file = await ImportFile.OpenAsync(path, options.FileName, ct);
        // Codes are unique without regard to case; rows from before that rule may clash (db check lists them).
        var werkpleinen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        await foreach (var w in db.Werkpleinen.AsNoTracking().Select(w => new { w.Code, w.Id }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!werkpleinen.TryAdd(w.Code, w.Id))
            {
                werkpleinen[w.Code] = AmbiguousWerkplein;
            }
        }

        var errors = new ImportErrorList();
        var context = new RowContext(round, survey, werkpleinen, errors);
        return await audit.RecordImportAsync(Audit.AuditAction.SampleUploaded, round.Name, options.FileName ?? path, TwoPassImport.RunAsync(file, errors,
            options.SkipInvalid, options.Progress, stopwatch,
            context.MapHeader,
            // A replacement is checked against the new file only: the old sample goes.
            () => replace ? Task.CompletedTask : LoadExistingAsync(context, round.Id, ct),
            pass => context.Check(pass, checkDuplicates: true),
            invalid => WriteAsync(file, context, round.Id, invalid, options, replace, stopwatch, ct),
            ct), ct);
    }

    private static void EnsureNotClosed(RoundState state, string name)
    {
        if (state == RoundState.Closed)
        {
            throw new ImportException($"Ronde '{name}' is gesloten; in een gesloten ronde kunnen geen deelnemers meer worden geïmporteerd.");
        }
    }

    private async Task LoadExistingAsync(RowContext context, int roundId, CancellationToken ct)
    {
        await foreach (var r in db.Participants.AsNoTracking().Where(p => p.RoundId == roundId).Select(p => p.Ref).AsAsyncEnumerable().WithCancellation(ct))
        {
            context.Refs.TryAdd(StableHash.Of(r), 0);
        }

        await foreach (var e in db.ParticipantContacts.AsNoTracking().Where(c => c.RoundId == roundId && c.Email != null).Select(c => c.Email!).AsAsyncEnumerable().WithCancellation(ct))
        {
            context.Emails.TryAdd(StableHash.Of(e), 0);
        }
    }

    private Task<long> WriteAsync(ImportFile file, RowContext context, int roundId, IReadOnlyList<int> invalid,
        ImportOptions options, bool replace, Stopwatch stopwatch, CancellationToken ct) =>
        TwoPassImport.WriteInOneTransactionAsync(db,
            bulk => WriteRowsAsync(bulk, file, context, roundId, invalid, options, replace, stopwatch, ct),
            "De database weigerde de deelnemers; er is niets opgeslagen. Draait er tegelijk een andere import in dezelfde ronde? Probeer het opnieuw.",
            [typeof(Participant), typeof(ParticipantContact), typeof(ParticipantAttribute), typeof(Invitation)], ct);

    private async Task<long> WriteRowsAsync(BulkWrite bulk, ImportFile file, RowContext context, int roundId, IReadOnlyList<int> invalid,
        ImportOptions options, bool replace, Stopwatch stopwatch, CancellationToken ct)
    {
        // Checked again inside the transaction: the round may have been closed since the first pass.
        var state = await db.Rounds.Where(r => r.Id == roundId).Select(r => r.State).SingleAsync(ct);
        EnsureNotClosed(state, context.Round.Name);
        if (replace)
        {
            // In the same transaction as the new rows: the round never has half of either sample.
            await SampleRules.RemoveInTransactionAsync(db, context.Round, ct);
        }

        var nextId = await bulk.ReserveIdsAsync<Participant>(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // Parents first, so that foreign keys hold after every statement.
        var (participants, contacts, attributes) = SampleInserters.Create(bulk);
        var invitations = bulk.Inserter<Invitation>(200,
            nameof(Invitation.ParticipantId), nameof(Invitation.RoundId), nameof(Invitation.State), nameof(Invitation.Attempts), nameof(Invitation.NextAttemptAt));

        return await TwoPassImport.WritePassAsync(file, bulk, invalid, context.Errors, context.MapHeader,
            pass => context.Check(pass, checkDuplicates: false),
            row =>
            {
                var id = nextId++;
                participants.Add(id, roundId, row.Ref, row.WerkpleinId);
                contacts.Add(id, roundId, row.Email, row.Phone);
                for (var i = 0; i < row.AttributeValues.Length; i++)
                {
                    if (row.AttributeValues[i] is { } value)
                    {
                        attributes.Add(id, context.AttributeNames[i], value);
                    }
                }

                invitations.Add(id, roundId, InvitationState.Pending, 0, now);
            },
            RowsPerFlush, options, stopwatch, ct);
    }

    /// <summary>The values of one checked row; reused for every row.</summary>
    private sealed class RowValues(int attributes)
    {
        public string Ref { get; set; } = "";
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public int WerkpleinId { get; set; }
        public string?[] AttributeValues { get; } = new string?[attributes];
    }

    /// <summary>Column layout and the checks of one import.</summary>
    private sealed class RowContext(Round round, SurveyDefinition survey, Dictionary<string, int> werkpleinen, ImportErrorList errors)
    {
        private string[] _header = [];
        private bool[] _freeText = [];
        private Func<int, bool>? _allowsLineBreaks;
        private int _refIndex;
        private int _emailIndex;
        private int _phoneIndex;
        private int _werkpleinIndex;
        private int[] _attributeIndexes = [];
        private AttributeDefinition?[] _attributeDefinitions = [];
        private RowValues _row = new(0);

        public Round Round => round;

        public ImportErrorList Errors => errors;

        /// <summary>Hash of every ref seen -> line of first occurrence (0: already in the round).</summary>
        public Dictionary<ulong, int> Refs { get; } = [];

        /// <summary>Hash of every normalised e-mail address seen -> line of first occurrence (0: already in the round).</summary>
        public Dictionary<ulong, int> Emails { get; } = [];

        /// <summary>Stored attribute name per attribute slot: the questionnaire's id, or the lower-cased header.</summary>
        public string[] AttributeNames { get; private set; } = [];

        /// <summary>Maps the header; reports missing, duplicate and unusable columns on line 1.</summary>
        public bool MapHeader(string[] header)
        {
            var before = errors.Count;
            _header = header;
            var byName = ImportChecks.MapColumns(header, errors);

            int Required(string name)
            {
                if (byName.TryGetValue(name, out var index))
                {
                    return index;
                }

                errors.Add(1, name, $"verplichte kolom '{name}' ontbreekt in de kopregel");
                return -1;
            }

            int Optional(string name, bool required) =>
                required ? Required(name) : byName.TryGetValue(name, out var index) ? index : -1;

            _refIndex = Required(RefColumn);
            _emailIndex = Optional(EmailColumn, EmailRequired(round.Mode));
            _phoneIndex = Optional(PhoneColumn, round.Mode is RoundMode.Telefoon or RoundMode.Gemengd);
            _werkpleinIndex = Required(WerkpleinColumn);

            var indexes = new List<int>();
            var definitions = new List<AttributeDefinition?>();
            var names = new List<string>();
            foreach (var attribute in survey.Attributes)
            {
                if (byName.TryGetValue(attribute.Id, out var index))
                {
                    indexes.Add(index);
                    definitions.Add(attribute);
                    names.Add(attribute.Id);
                }
                else if (attribute.Required)
                {
                    errors.Add(1, attribute.Id,
                        $"verplichte kolom '{attribute.Id}' ({attribute.Label}) ontbreekt in de kopregel; vragenlijst '{survey.Id}' vraagt erom");
                }
            }

            var known = new HashSet<string>([RefColumn, EmailColumn, PhoneColumn, WerkpleinColumn, .. survey.Attributes.Select(a => a.Id)], StringComparer.OrdinalIgnoreCase);
            foreach (var (name, index) in byName.OrderBy(p => p.Value))
            {
                if (known.Contains(name))
                {
                    continue;
                }

                if (name.Length > MaxAttributeNameLength)
                {
                    errors.Add(1, name.ToLowerInvariant(), $"kolomnaam is langer dan {MaxAttributeNameLength} tekens");
                    continue;
                }

                indexes.Add(index);
                definitions.Add(null);
                names.Add(name.ToLowerInvariant());
            }

            _attributeIndexes = [.. indexes];
            _attributeDefinitions = [.. definitions];
            // Free text (free columns and text attributes) may hold a quoted line break; identifiers may not.
            _freeText = new bool[header.Length];
            for (var i = 0; i < indexes.Count; i++)
            {
                _freeText[indexes[i]] = definitions[i] is null or { Type: AttributeType.Text };
            }

            AttributeNames = [.. names];
            _row = new RowValues(names.Count);
            return errors.Count == before;
        }

        /// <summary>Checks the current row, reports its errors and returns its normalised values (reused object).</summary>
        public RowValues Check(ImportPass pass, bool checkDuplicates)
        {
            var line = pass.Line;
            var row = _row;
            if (!ImportChecks.CheckRow(pass, _header, errors, _allowsLineBreaks ??= i => _freeText[i]))
            {
                return row;
            }

            row.Ref = pass[_refIndex];
            if (row.Ref.Length == 0)
            {
                errors.Add(line, RefColumn, "ref is leeg; elke deelnemer heeft een eigen (pseudoniem) kenmerk nodig");
            }
            else if (row.Ref.Length > MaxRefLength)
            {
                errors.Add(line, RefColumn, $"ref is langer dan {MaxRefLength} tekens");
            }
            else if (ImportChecks.LooksLikeBsn(row.Ref))
            {
                errors.Add(line, RefColumn, ImportChecks.BsnMessage("ref"));
            }
            else if (checkDuplicates)
            {
                CheckUnique(Refs, row.Ref, line, RefColumn, $"ref '{row.Ref}'");
            }

            CheckEmail(pass, line, checkDuplicates);
            CheckPhone(pass, line);

            var code = pass[_werkpleinIndex];
            if (code.Length == 0)
            {
                errors.Add(line, WerkpleinColumn, "Werkplein-code ontbreekt");
            }
            else if (!werkpleinen.TryGetValue(code, out var werkpleinId))
            {
                errors.Add(line, WerkpleinColumn, werkpleinen.Count == 0
                    ? $"onbekende Werkplein-code '{code}'; importeer eerst de Werkpleinen"
                    : $"onbekende Werkplein-code '{code}'; bekend zijn: {ImportChecks.List(werkpleinen.Keys.Order(StringComparer.Ordinal))}");
            }
            else if (werkpleinId == AmbiguousWerkplein)
            {
                errors.Add(line, WerkpleinColumn, $"Werkplein-code '{code}' hoort bij meer dan één Werkplein (alleen hoofdletters verschillen); zie 'klantmeting db check'");
            }
            else
            {
                row.WerkpleinId = werkpleinId;
            }

            for (var i = 0; i < _attributeIndexes.Length; i++)
            {
                row.AttributeValues[i] = CheckAttribute(line, AttributeNames[i], _attributeDefinitions[i], pass[_attributeIndexes[i]]);
            }

            return row;
        }

        /// <summary>The e-mail address: required in web and mixed rounds, checked and unique in the round when given.</summary>
        private void CheckEmail(ImportPass pass, int line, bool checkDuplicates)
        {
            var email = _emailIndex < 0 ? "" : pass[_emailIndex];
            _row.Email = email.Length == 0 ? null : email.ToLowerInvariant();
            if (email.Length == 0)
            {
                if (EmailRequired(round.Mode))
                {
                    errors.Add(line, EmailColumn, "e-mailadres ontbreekt");
                }
            }
            else if (!ImportChecks.IsValidEmail(email))
            {
                errors.Add(line, EmailColumn, $"'{email}' is geen geldig e-mailadres");
            }
            else if (checkDuplicates)
            {
                CheckUnique(Emails, _row.Email!, line, EmailColumn, $"e-mailadres '{email}'");
            }
        }

        /// <summary>
        /// The phone number, normalised to E.164: required in telephone rounds, optional elsewhere. The messages never
        /// quote the number: import errors are shown and kept, and a phone number is contact data.
        /// </summary>
        private void CheckPhone(ImportPass pass, int line)
        {
            var phone = _phoneIndex < 0 ? "" : pass[_phoneIndex];
            _row.Phone = null;
            if (phone.Length == 0)
            {
                if (round.Mode == RoundMode.Telefoon)
                {
                    errors.Add(line, PhoneColumn, "telefoonnummer ontbreekt; in een telefonische ronde heeft elke deelnemer er een nodig");
                }

                return;
            }

            _row.Phone = PhoneNumbers.Normalise(phone, out var error);
            if (error is not null)
            {
                errors.Add(line, PhoneColumn, error);
            }
        }

        private static bool EmailRequired(RoundMode mode) => mode is RoundMode.Web or RoundMode.Gemengd;

        /// <summary>Records the first line of <paramref name="value"/>; a repeat is an error naming that line, or the round when it is already stored (line 0).</summary>
        private void CheckUnique(Dictionary<ulong, int> seen, string value, int line, string column, string label)
        {
            var key = StableHash.Of(value);
            if (!seen.TryAdd(key, line))
            {
                var first = seen[key];
                errors.Add(line, column, first == 0 ? $"{label} zit al in ronde '{round.Name}'" : $"{label} komt al voor op regel {first}");
            }
        }

        private string? CheckAttribute(int line, string name, AttributeDefinition? definition, string value)
        {
            if (value.Length == 0)
            {
                if (definition is { Required: true })
                {
                    errors.Add(line, name, definition.Type == AttributeType.Choice
                        ? $"{definition.Label} is verplicht; kies uit: {string.Join(", ", definition.Values)}"
                        : $"{definition.Label} is verplicht");
                }

                return null;
            }

            switch (definition?.Type)
            {
                case AttributeType.Choice:
                    foreach (var allowed in definition.Values)
                    {
                        if (string.Equals(allowed, value, StringComparison.OrdinalIgnoreCase))
                        {
                            return allowed;
                        }
                    }

                    errors.Add(line, name, $"'{value}' is geen toegestane waarde; kies uit: {string.Join(", ", definition.Values)}");
                    return null;
                case AttributeType.Integer:
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    {
                        errors.Add(line, name, $"'{value}' is geen geheel getal");
                        return null;
                    }

                    if (number < (definition.Min ?? int.MinValue) || number > (definition.Max ?? int.MaxValue))
                    {
                        errors.Add(line, name, $"{number} ligt niet tussen {definition.Min?.ToString(CultureInfo.InvariantCulture) ?? "-∞"} en {definition.Max?.ToString(CultureInfo.InvariantCulture) ?? "∞"}");
                        return null;
                    }

                    return number.ToString(CultureInfo.InvariantCulture);
                default:
                    if (value.Length > MaxAttributeValueLength)
                    {
                        errors.Add(line, name, $"waarde is langer dan {MaxAttributeValueLength} tekens");
                        return null;
                    }

                    // A column of BSNs under another name must not slip in as a free attribute.
                    if (ImportChecks.LooksLikeBsn(value))
                    {
                        errors.Add(line, name, ImportChecks.BsnMessage("de waarde"));
                        return null;
                    }

                    return value;
            }
        }
    }
}
