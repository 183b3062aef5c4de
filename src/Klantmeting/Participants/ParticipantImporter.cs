using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Participants;

/// <summary>
/// Imports the sample of a round from a CSV file: one participant, its contact, its attributes and one pending
/// invitation per row. Columns: <c>ref,email,werkplein</c>, the questionnaire's attributes, and any other column
/// as a free attribute. The file is read twice, streaming: first every row is checked (only hashes of refs and
/// e-mail addresses are kept, for duplicates), then the rows are written in batches in one transaction, so a
/// failure leaves nothing half-written.
/// </summary>
public sealed class ParticipantImporter(KlantmetingDbContext db, ISurveyCatalog surveys, TimeProvider clock, Audit.AuditLog audit)
{
    public const string RefColumn = "ref";
    public const string EmailColumn = "email";
    public const string WerkpleinColumn = "werkplein";

    private const int MaxRefLength = 100;
    private const int MaxAttributeNameLength = 64;
    private const int MaxAttributeValueLength = 200;

    /// <summary>Participants buffered before the four tables are written (a multiple of the rows per command).</summary>
    private const int RowsPerFlush = 1000;

    /// <summary>Checks and imports <paramref name="path"/> into the round named <paramref name="roundName"/>.</summary>
    /// <param name="skipInvalid">Store the valid rows and skip the invalid ones; otherwise any error stores nothing.</param>
    /// <returns>The counts and every error; with errors and without <paramref name="skipInvalid"/> nothing was stored.</returns>
    /// <exception cref="ImportException">
    /// The round does not exist or is closed, its questionnaire is unknown, the file cannot be read, the file changed
    /// between the passes, or the database refused the rows (e.g. another import into the same round at the same
    /// time). Nothing was stored; the message says what to fix.
    /// </exception>
    public async Task<ImportResult> ImportAsync(string roundName, string path, bool skipInvalid = false,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new ImportException($"Er is geen ronde met de naam '{roundName}'.");
        EnsureNotClosed(round.State, round.Name);
        var survey = surveys.Find(round.QuestionnaireId)
            ?? throw new ImportException($"Ronde '{round.Name}' gebruikt vragenlijst '{round.QuestionnaireId}', die niet (meer) bestaat.");
        var file = await CsvImportFile.OpenAsync(path, ct);
        var werkpleinen = await db.Werkpleinen.AsNoTracking()
            .ToDictionaryAsync(w => w.Code, w => w.Id, StringComparer.OrdinalIgnoreCase, ct);

        var errors = new ImportErrorList();
        var context = new RowContext(round, survey, werkpleinen, errors);
        return await audit.RecordImportAsync(Audit.AuditAction.SampleUploaded, round.Name, path, TwoPassImport.RunAsync(file, errors, skipInvalid, progress, stopwatch,
            context.MapHeader,
            () => LoadExistingAsync(context, round.Id, ct),
            pass => context.Check(pass, checkDuplicates: true),
            invalid => WriteAsync(file, context, round.Id, invalid, progress, ct),
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

        await foreach (var e in db.ParticipantContacts.AsNoTracking().Where(c => c.RoundId == roundId).Select(c => c.Email).AsAsyncEnumerable().WithCancellation(ct))
        {
            context.Emails.TryAdd(StableHash.Of(e), 0);
        }
    }

    private async Task<long> WriteAsync(CsvImportFile file, RowContext context, int roundId, IReadOnlyList<int> invalid,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await db.Database.OpenConnectionAsync(ct);
            var sqlite = db.Database.IsSqlite();
            try
            {
                if (sqlite)
                {
                    // The unique (RoundId, Email) index receives keys in random order: with SQLite's default 2 MB
                    // page cache a large import thrashes it. 64 MB for this connection while importing.
                    await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536", ct);
                }

                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // Checked again inside the transaction: the round may have been closed since the first pass.
                var state = await db.Rounds.Where(r => r.Id == roundId).Select(r => r.State).SingleAsync(ct);
                EnsureNotClosed(state, context.Round.Name);

                var nextId = await ExplicitIds.ReserveAsync(db, typeof(Participant), ct);
                var now = clock.GetUtcNow().UtcDateTime;
                await using var participants = new BatchInserter(db, typeof(Participant),
                    [nameof(Participant.Id), nameof(Participant.RoundId), nameof(Participant.Ref), nameof(Participant.WerkpleinId)], 200);
                await using var contacts = new BatchInserter(db, typeof(ParticipantContact),
                    [nameof(ParticipantContact.ParticipantId), nameof(ParticipantContact.RoundId), nameof(ParticipantContact.Email)], 250);
                await using var attributes = new BatchInserter(db, typeof(ParticipantAttribute),
                    [nameof(ParticipantAttribute.ParticipantId), nameof(ParticipantAttribute.Name), nameof(ParticipantAttribute.Value)], 250);
                await using var invitations = new BatchInserter(db, typeof(Invitation),
                    [nameof(Invitation.ParticipantId), nameof(Invitation.RoundId), nameof(Invitation.State), nameof(Invitation.Attempts), nameof(Invitation.NextAttemptAt)], 200);

                // Parents first, so that foreign keys hold after every statement.
                async Task FlushAsync(CancellationToken token)
                {
                    await participants.FlushAsync(token);
                    await contacts.FlushAsync(token);
                    await attributes.FlushAsync(token);
                    await invitations.FlushAsync(token);
                }

                var next = 0;
                var buffered = 0;
                using var pass = file.Read(ImportPhase.Write, progress);
                if (!context.MapHeader(pass.Header))
                {
                    throw new ImportException($"Het bestand '{file.Path}' is tijdens de import veranderd; er is niets opgeslagen. Probeer het opnieuw.");
                }

                while (pass.Read())
                {
                    ct.ThrowIfCancellationRequested();
                    var line = pass.Line;
                    while (next < invalid.Count && invalid[next] < line)
                    {
                        next++;
                    }

                    if (next < invalid.Count && invalid[next] == line)
                    {
                        continue;
                    }

                    var before = context.Errors.Count;
                    var row = context.Check(pass, checkDuplicates: false);
                    if (context.Errors.Count != before)
                    {
                        throw new ImportException($"Het bestand '{file.Path}' is tijdens de import veranderd; er is niets opgeslagen. Probeer het opnieuw.");
                    }

                    var id = nextId++;
                    participants.Add(id, roundId, row.Ref, row.WerkpleinId);
                    contacts.Add(id, roundId, row.Email);
                    for (var i = 0; i < row.AttributeValues.Length; i++)
                    {
                        if (row.AttributeValues[i] is { } value)
                        {
                            attributes.Add(id, context.AttributeNames[i], value);
                        }
                    }

                    invitations.Add(id, roundId, (int)InvitationState.Pending, 0, now);
                    if (++buffered == RowsPerFlush)
                    {
                        await FlushAsync(ct);
                        buffered = 0;
                    }
                }

                await FlushAsync(ct);
                await ExplicitIds.SyncAsync(db, typeof(Participant), ct);
                await transaction.CommitAsync(ct);
                return participants.RowsWritten;
            }
            catch (DbException e)
            {
                throw new ImportException(
                    "De database weigerde de deelnemers; er is niets opgeslagen. Draait er tegelijk een andere import in dezelfde ronde? " +
                    $"Probeer het opnieuw. ({e.Message})", e);
            }
            finally
            {
                if (sqlite)
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000", CancellationToken.None);
                }

                await db.Database.CloseConnectionAsync();
            }
        });
    }

    /// <summary>The values of one checked row; reused for every row.</summary>
    private sealed class RowValues(int attributes)
    {
        public string Ref { get; set; } = "";
        public string Email { get; set; } = "";
        public int WerkpleinId { get; set; }
        public string?[] AttributeValues { get; } = new string?[attributes];
    }

    /// <summary>Column layout and the checks of one import.</summary>
    private sealed class RowContext(Round round, SurveyDefinition survey, Dictionary<string, int> werkpleinen, ImportErrorList errors)
    {
        private int _headerCount;
        private int _refIndex;
        private int _emailIndex;
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
            _headerCount = header.Length;
            var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i].Length == 0)
                {
                    errors.Add(1, null, $"kolom {i + 1} heeft geen naam; geef elke kolom een naam in de kopregel");
                }
                else if (!byName.TryAdd(header[i], i))
                {
                    errors.Add(1, header[i].ToLowerInvariant(), $"kolom '{header[i]}' komt twee keer voor in de kopregel");
                }
            }

            int Required(string name)
            {
                if (byName.TryGetValue(name, out var index))
                {
                    return index;
                }

                errors.Add(1, name, $"verplichte kolom '{name}' ontbreekt in de kopregel");
                return -1;
            }

            _refIndex = Required(RefColumn);
            _emailIndex = Required(EmailColumn);
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

            var known = new HashSet<string>([RefColumn, EmailColumn, WerkpleinColumn, .. survey.Attributes.Select(a => a.Id)], StringComparer.OrdinalIgnoreCase);
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
            AttributeNames = [.. names];
            _row = new RowValues(names.Count);
            return errors.Count == before;
        }

        /// <summary>Checks the current row, reports its errors and returns its normalised values (reused object).</summary>
        public RowValues Check(CsvImportFile.CsvPass pass, bool checkDuplicates)
        {
            var line = pass.Line;
            var row = _row;
            if (pass.IsMalformed)
            {
                errors.Add(line, null,
                    "aanhalingstekens kloppen niet; zet een veld met ; , of een regeleinde tussen dubbele aanhalingstekens en verdubbel een \" daarbinnen");
            }

            if (pass.FieldCount != _headerCount)
            {
                errors.Add(line, null, $"{pass.FieldCount} velden in plaats van {_headerCount} (zoals in de kopregel); controleer scheidingstekens en aanhalingstekens");
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
                // The value is not repeated: it may be a real BSN, which must not end up in logs.
                errors.Add(line, RefColumn,
                    "ref lijkt een BSN (9 cijfers die de elfproef halen); gebruik een eigen pseudoniem kenmerk, nooit het BSN");
            }
            else if (checkDuplicates && !Refs.TryAdd(StableHash.Of(row.Ref), line))
            {
                var first = Refs[StableHash.Of(row.Ref)];
                errors.Add(line, RefColumn, first == 0
                    ? $"ref '{row.Ref}' zit al in ronde '{round.Name}'"
                    : $"ref '{row.Ref}' komt al voor op regel {first}");
            }

            var email = pass[_emailIndex];
            row.Email = email.ToLowerInvariant();
            if (email.Length == 0)
            {
                errors.Add(line, EmailColumn, "e-mailadres ontbreekt");
            }
            else if (!ImportChecks.IsValidEmail(email))
            {
                errors.Add(line, EmailColumn, $"'{email}' is geen geldig e-mailadres");
            }
            else if (checkDuplicates && !Emails.TryAdd(StableHash.Of(row.Email), line))
            {
                var first = Emails[StableHash.Of(row.Email)];
                errors.Add(line, EmailColumn, first == 0
                    ? $"e-mailadres '{email}' zit al in ronde '{round.Name}'"
                    : $"e-mailadres '{email}' komt al voor op regel {first}");
            }

            var code = pass[_werkpleinIndex];
            if (code.Length == 0)
            {
                errors.Add(line, WerkpleinColumn, "Werkplein-code ontbreekt");
            }
            else if (werkpleinen.TryGetValue(code, out var werkpleinId))
            {
                row.WerkpleinId = werkpleinId;
            }
            else
            {
                errors.Add(line, WerkpleinColumn, werkpleinen.Count == 0
                    ? $"onbekende Werkplein-code '{code}'; importeer eerst de Werkpleinen"
                    : $"onbekende Werkplein-code '{code}'; bekend zijn: {ImportChecks.List(werkpleinen.Keys.Order(StringComparer.Ordinal))}");
            }

            for (var i = 0; i < _attributeIndexes.Length; i++)
            {
                row.AttributeValues[i] = CheckAttribute(line, AttributeNames[i], _attributeDefinitions[i], pass[_attributeIndexes[i]]);
            }

            return row;
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

                    return value;
            }
        }
    }
}
