using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Surveys;

namespace Klantmeting.Results;

/// <summary>
/// Reads every respondent of a round as a <see cref="RespondentRow"/>, for <see cref="CellAccumulator"/>. Table and
/// column names come from the EF model (<see cref="ModelSql"/>); provider tuning from <see cref="BulkRead"/>.
/// </summary>
/// <remarks>
/// Three independent streaming reads, combined by id at the end: the responses (one row each), their per-principle
/// summaries and the participants' attributes. Summaries and attributes are read by ranges of their primary key
/// (sequential index ranges, no lookup per row) into arrays indexed by id (<see cref="IdIndex"/>: the offset in the
/// round's id range, or a dictionary when the ids lie far apart); a row of another round in the range is skipped.
/// Every value a row needs is packed into few integer columns in SQL, because reading a column costs more than the
/// arithmetic (Microsoft.Data.Sqlite: ~100-250 ns per column read). With a second connection (two cores) the reads,
/// cut into parts, are shared between two connections.
/// </remarks>
internal sealed class RespondentReader
{
    private readonly KlantmetingDbContext _db;
    private readonly ModelSql _sql;
    private readonly int _round;
    private readonly IReadOnlyList<Principle> _principles;
    private readonly BreakdownLayout _layout;
    private readonly IReadOnlyDictionary<int, int> _werkpleinIndex;

    /// <param name="werkpleinIndex">Werkplein id -> the 1-based index a <see cref="RespondentRow"/> carries.</param>
    /// <param name="db">The context whose connection is read.</param>
    /// <param name="round">Id of the round.</param>
    /// <param name="survey">The round's questionnaire: its principles.</param>
    /// <param name="layout">The breakdowns whose attribute values each row carries.</param>
    public RespondentReader(KlantmetingDbContext db, int round, SurveyDefinition survey, BreakdownLayout layout, IReadOnlyDictionary<int, int> werkpleinIndex)
    {
        _db = db;
        _sql = new ModelSql(db);
        _round = round;
        _principles = survey.Principles;
        _layout = layout;
        _werkpleinIndex = werkpleinIndex;
    }

    /// <summary>Every respondent of the round when the read began (a later response is left out, as if it came after).</summary>
    public async Task<RespondentRows> ReadAsync(CancellationToken ct)
    {
        await using var session = await BulkRead.BeginAsync(_db, ct);
        var main = session.Connection;
        var second = await session.OpenSecondReaderAsync(ct);
        var (responseIds, participantIds) = await ReadIdsAsync(main, second, ct);
        var rows = new RespondentRows(responseIds, participantIds, _principles.Count, _layout);
        if (responseIds.Count == 0)
        {
            return rows;
        }

        // The reads in parts (each writes only its own elements), shared by the connections as they come free.
        var parts = new ConcurrentQueue<Func<DbConnection, Task>>();
        if (_layout.Attributes.Count > 0)
        {
            var attributesSql = AttributesSql();
            foreach (var (first, last) in Halves(participantIds))
            {
                parts.Enqueue(c => ReadAttributesAsync(c, attributesSql, first, last, rows, ct));
            }
        }

        parts.Enqueue(c => ReadResponsesAsync(c, rows, ct));
        var scoresSql = ScoresSql();
        foreach (var (first, last) in Halves(responseIds))
        {
            parts.Enqueue(c => ReadScoresAsync(c, scoresSql, first, last, rows, ct));
        }

        await RunAsync(parts, main, second, ct);
        return rows;
    }

    private async Task<(IdIndex Responses, IdIndex Participants)> ReadIdsAsync(DbConnection main, DbConnection? second, CancellationToken ct)
    {
        var participantIdsRead = second is null ? null : Task.Run(() => IdIndexAsync<Participant>(second, ct), ct);
        IdIndex responseIds;
        try
        {
            responseIds = await IdIndexAsync<Response>(main, ct);
        }
        finally
        {
            if (participantIdsRead is not null)
            {
                // Never leave the second connection in use behind an exception on the first.
                await Task.WhenAny(participantIdsRead);
            }
        }

        return (responseIds, await (participantIdsRead ?? IdIndexAsync<Participant>(main, ct)));
    }

    /// <summary>Runs the parts on the main connection and, when there is one, on the second at the same time.</summary>
    private static async Task RunAsync(ConcurrentQueue<Func<DbConnection, Task>> parts, DbConnection main, DbConnection? second, CancellationToken ct)
    {
        async Task WorkAsync(DbConnection connection)
        {
            try
            {
                while (parts.TryDequeue(out var part))
                {
                    await part(connection);
                }
            }
            catch
            {
                parts.Clear();
                throw;
            }
        }

        var other = second is null ? null : Task.Run(() => WorkAsync(second), ct);
        try
        {
            await WorkAsync(main);
        }
        finally
        {
            if (other is not null)
            {
                await Task.WhenAny(other);
            }
        }

        await (other ?? Task.CompletedTask);
    }

    /// <summary>Responses of the round -> respondent r: its response index, participant id, grade and Werkplein.</summary>
    private Task ReadResponsesAsync(DbConnection connection, RespondentRows rows, CancellationToken ct)
    {
        // The mode only when the layout breaks down by it (non-web rounds): a web round reads what it always read.
        var modes = _layout.HasModes;
        var mode = modes ? $", r.{Col<Response>("Mode")}" : "";
        var sql = $"""
            SELECT r.{Col<Response>("Id")}, p.{Col<Participant>("Id")}, p.{Col<Participant>("WerkpleinId")}, COALESCE(r.{Col<Response>("Grade")}, 0){mode}
            FROM {_sql.Table<Response>()} r
            JOIN {_sql.Table<Invitation>()} i ON i.{Col<Invitation>("Id")} = r.{Col<Response>("InvitationId")}
            JOIN {_sql.Table<Participant>()} p ON p.{Col<Participant>("Id")} = i.{Col<Invitation>("ParticipantId")}
            WHERE r.{Col<Response>("RoundId")} = {_sql.Placeholder("round")}
            """;
        return QueryAsync(
            connection,
            sql,
            command => _sql.Add<Response>(command, "round", "RoundId", _round),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (DbDataReader reader) => rows.AddResponse(
                reader.GetInt64(0), reader.GetInt64(1), _werkpleinIndex.GetValueOrDefault(reader.GetInt32(2)), reader.GetInt32(3),
                modes ? _layout.ModeSlotOf((ResponseMode)reader.GetInt32(4)) : -1),
            ct);
    }

    /// <summary>
    /// The per-principle summaries (ResponseScores, written with the answers) of a range of response ids. Column 0
    /// packs response id and principle index, column 1 packs Sum, Scored and Answered (20 bits each for Answered and
    /// Scored: they count the statements of one principle; Sum is at most 5 × Scored).
    /// </summary>
    private string ScoresSql()
    {
        var principleCount = _principles.Count;
        var cases = string.Concat(_principles.Select((_, i) => $" WHEN {_sql.Placeholder($"p{i}")} THEN {i}"));
        return $"""
            SELECT s.{Col<ResponseScore>("ResponseId")} * {principleCount + 1} + CASE s.{Col<ResponseScore>("PrincipleId")}{cases} ELSE {principleCount} END,
                CAST(s.{Col<ResponseScore>("Sum")} AS BIGINT) * CAST(1099511627776 AS BIGINT) + CAST(s.{Col<ResponseScore>("Scored")} AS BIGINT) * 1048576 + s.{Col<ResponseScore>("Answered")}
            FROM {_sql.Table<ResponseScore>()} s
            WHERE s.{Col<ResponseScore>("ResponseId")} BETWEEN {_sql.Placeholder("first")} AND {_sql.Placeholder("last")}
            """;
    }

    private Task ReadScoresAsync(DbConnection connection, string sql, long first, long last, RespondentRows rows, CancellationToken ct)
    {
        var principleCount = _principles.Count;
        return QueryAsync(
            connection,
            sql,
            command => BindRange<ResponseScore>(command, "ResponseId", first, last, "PrincipleId", "p", _principles.Select(p => p.Id)),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (DbDataReader reader) =>
            {
                var key = reader.GetInt64(0);
                var principle = (int)(key % (principleCount + 1));
                if (principle < principleCount)
                {
                    var packed = reader.GetInt64(1);
                    rows.AddScore(key / (principleCount + 1), principle, sum: (int)(packed >> 40),
                        scored: (int)((packed >> 20) & 0xFFFFF), answered: (int)(packed & 0xFFFFF));
                }
            },
            ct);
    }

    /// <summary>Binds <c>first</c>/<c>last</c> (an id range on <paramref name="rangeProperty"/>) and one parameter per value of <paramref name="list"/> (<paramref name="prefix"/>0, 1, ...) on <paramref name="listProperty"/>.</summary>
    private void BindRange<T>(DbCommand command, string rangeProperty, long first, long last, string listProperty, string prefix, IEnumerable<object> list)
    {
        _sql.Add<T>(command, "first", rangeProperty, first);
        _sql.Add<T>(command, "last", rangeProperty, last);
        foreach (var (value, i) in list.Select((v, i) => (v, i)))
        {
            _sql.Add<T>(command, $"{prefix}{i}", listProperty, value);
        }
    }

    /// <summary>The questionnaire's broken-down attributes of a range of participant ids; column 0 packs participant id and attribute index.</summary>
    private string AttributesSql()
    {
        var count = _layout.Attributes.Count;
        var names = _layout.Attributes.Select((_, k) => _sql.Placeholder($"a{k}")).ToList();
        var cases = string.Concat(names.Select((a, k) => $" WHEN {a} THEN {k}"));
        return $"""
            SELECT pa.{Col<ParticipantAttribute>("ParticipantId")} * {count + 1} + CASE pa.{Col<ParticipantAttribute>("Name")}{cases} ELSE {count} END, pa.{Col<ParticipantAttribute>("Value")}
            FROM {_sql.Table<ParticipantAttribute>()} pa
            WHERE pa.{Col<ParticipantAttribute>("ParticipantId")} BETWEEN {_sql.Placeholder("first")} AND {_sql.Placeholder("last")} AND pa.{Col<ParticipantAttribute>("Name")} IN ({string.Join(", ", names)})
            """;
    }

    private Task ReadAttributesAsync(DbConnection connection, string sql, long first, long last, RespondentRows rows, CancellationToken ct)
    {
        var count = _layout.Attributes.Count;
        return QueryAsync(
            connection,
            sql,
            command => BindRange<ParticipantAttribute>(command, "ParticipantId", first, last, "Name", "a", _layout.Attributes.Select(a => a.Definition.Id)),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (DbDataReader reader) =>
            {
                var key = reader.GetInt64(0);
                var k = (int)(key % (count + 1));
                if (k < count)
                {
                    rows.SetAttribute(key / (count + 1), k, reader.GetString(1));
                }
            },
            ct);
    }

    /// <summary>
    /// The ids of a table's rows of the round (Responses or Participants) as array indexes: the offset from the first
    /// id when they lie close together (as they do for a round's rows), else a dictionary filled from the ids.
    /// </summary>
    private async Task<IdIndex> IdIndexAsync<T>(DbConnection connection, CancellationToken ct)
    {
        long first = 0, last = -1, count = 0;
        var where = $"WHERE {Col<T>("RoundId")} = {_sql.Placeholder("round")}";
        void Bind(DbCommand command) => _sql.Add<T>(command, "round", "RoundId", _round);
        await QueryAsync(
            connection,
            $"SELECT MIN({Col<T>("Id")}), MAX({Col<T>("Id")}), COUNT(*) FROM {_sql.Table<T>()} {where}",
            Bind,
            reader =>
            {
                count = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
                (first, last) = count == 0 ? (0, -1) : (reader.GetInt64(0), reader.GetInt64(1));
            },
            ct);
        if (last - first + 1 <= 4 * count + 1024)
        {
            return new IdIndex(first, last, (int)(last - first + 1), (int)count, null);
        }

        var map = new Dictionary<long, int>((int)count);
        await QueryAsync(
            connection,
            $"SELECT {Col<T>("Id")} FROM {_sql.Table<T>()} {where}",
            Bind,
            reader => map.TryAdd(reader.GetInt64(0), map.Count),
            ct);
        return map.Count == 0 ? new IdIndex(0, -1, 0, 0, null) : new IdIndex(map.Keys.Min(), map.Keys.Max(), map.Count, map.Count, map);
    }

    private string Col<T>(string property) => _sql.Column<T>(property);

    /// <summary>The id range of <paramref name="ids"/> cut in two (one part when it is small).</summary>
    private static IEnumerable<(long First, long Last)> Halves(IdIndex ids)
    {
        if (ids.Last - ids.First < 1024)
        {
            return [(ids.First, ids.Last)];
        }

        var middle = ids.First + (ids.Last - ids.First) / 2;
        return [(ids.First, middle), (middle + 1, ids.Last)];
    }

    /// <summary>Runs one query on an open connection and hands every row to <paramref name="row"/> as it streams in.</summary>
    private static async Task QueryAsync(DbConnection connection, string sql, Action<DbCommand> bind, Action<DbDataReader> row, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }
}

/// <summary>Array indexes of ids: <c>id - First</c> below <see cref="Size"/>, or looked up; -1 for an id that is not there.</summary>
internal sealed class IdIndex(long first, long last, int size, int count, Dictionary<long, int>? map)
{
    public long First => first;

    public long Last => last;

    /// <summary>Length of an array with one element per index.</summary>
    public int Size => size;

    /// <summary>Number of ids of the round when they were counted.</summary>
    public int Count => count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int IndexOf(long id) => map is null
        ? (ulong)(id - first) < (ulong)size ? (int)(id - first) : -1
        : map.GetValueOrDefault(id, -1);
}

/// <summary>
/// The respondents read by <see cref="RespondentReader"/>, in arrays indexed by response and participant; enumerated
/// as <see cref="RespondentRow"/>s without copying.
/// </summary>
/// <remarks>
/// The methods called once per row (here, in the reader's row callbacks, <see cref="IdIndex"/>,
/// <see cref="BrokenDownAttribute.SlotOf"/>, <see cref="CellAccumulator"/>, <see cref="RowStrata"/> and
/// <see cref="WeightedSums"/>) are marked <see cref="MethodImplOptions.AggressiveOptimization"/>: with tiered
/// compilation a method called from a loop runs as the JIT's quick, unoptimized code until the runtime promotes it,
/// and it promotes only after start-up activity has settled. A one-off export (the CLI) or the first computations of
/// a web host would score most of a national round with that code: in <c>bench</c> scenario 4 the scoring loop took
/// 60-75 ms instead of 11-14 ms in the first runs of a fresh process. Behaviour is the same either way.
/// </remarks>
internal sealed class RespondentRows
{
    private readonly IdIndex _responseIds;
    private readonly IdIndex _participantIds;
    private readonly BreakdownLayout _layout;
    private readonly int _principleCount;
    private readonly int _attributeCount;

    // Per respondent r (in the order the responses were read).
    private readonly List<int> _responseOf;
    private readonly List<long> _participantOf;
    private readonly List<int> _grade;
    private readonly List<int> _werkplein;
    private readonly List<int> _modeSlot;

    // By response index, by response index × principle, by participant index × attribute.
    private readonly int[] _answered;
    private readonly int[] _answerSum;
    private readonly int[] _answerCount;
    private readonly int[] _groupSlot;

    // The slots of a participant created after its ids were read (so with a response even later): onbekend.
    private readonly int[] _unknownSlots;

    public RespondentRows(IdIndex responseIds, IdIndex participantIds, int principleCount, BreakdownLayout layout)
    {
        _responseIds = responseIds;
        _participantIds = participantIds;
        _layout = layout;
        _principleCount = principleCount;
        _attributeCount = layout.Attributes.Count;
        _responseOf = new List<int>(responseIds.Count);
        _participantOf = new List<long>(responseIds.Count);
        _grade = new List<int>(responseIds.Count);
        _werkplein = new List<int>(responseIds.Count);
        _modeSlot = new List<int>(layout.HasModes ? responseIds.Count : 0);
        _answered = new int[responseIds.Size];
        _answerSum = new int[responseIds.Size * principleCount];
        _answerCount = new int[responseIds.Size * principleCount];
        _unknownSlots = layout.Attributes.Select(a => a.UnknownSlot).ToArray();
        _groupSlot = new int[participantIds.Size * _attributeCount];
        for (var pi = 0; pi < participantIds.Size; pi++)
        {
            _unknownSlots.CopyTo(_groupSlot, pi * _attributeCount);
        }
    }

    public int Count => _grade.Count;

    public Enumerator GetEnumerator() => new(this);

    /// <summary>A response row; one created after the ids were read is left out, as if it came after the computation.</summary>
    /// <param name="responseId">The response.</param>
    /// <param name="participantId">Its participant.</param>
    /// <param name="werkplein">1-based Werkplein index (0: outside the list).</param>
    /// <param name="grade">The grade, 0 when none.</param>
    /// <param name="modeSlot">The slot of the response's mode; -1 without a mode breakdown.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddResponse(long responseId, long participantId, int werkplein, int grade, int modeSlot = -1)
    {
        var response = _responseIds.IndexOf(responseId);
        if (response < 0)
        {
            return;
        }

        _responseOf.Add(response);
        _participantOf.Add(participantId);
        _werkplein.Add(werkplein);
        _grade.Add(grade);
        if (_layout.HasModes)
        {
            _modeSlot.Add(modeSlot);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddScore(long responseId, int principle, int sum, int scored, int answered)
    {
        var response = _responseIds.IndexOf(responseId);
        if (response >= 0)
        {
            _answered[response] += answered;
            _answerCount[response * _principleCount + principle] = scored;
            _answerSum[response * _principleCount + principle] = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SetAttribute(long participantId, int attribute, string value)
    {
        var participant = _participantIds.IndexOf(participantId);
        if (participant >= 0)
        {
            _groupSlot[participant * _attributeCount + attribute] = _layout.Attributes[attribute].SlotOf(value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private RespondentRow Row(int r)
    {
        var response = _responseOf[r];
        var participant = _participantIds.IndexOf(_participantOf[r]);
        return new RespondentRow(
            _werkplein[r],
            _grade[r],
            _answered[response],
            _answerSum.AsSpan(response * _principleCount, _principleCount),
            _answerCount.AsSpan(response * _principleCount, _principleCount),
            participant < 0 ? _unknownSlots : _groupSlot.AsSpan(participant * _attributeCount, _attributeCount),
            _layout.HasModes ? _modeSlot[r] : -1);
    }

    public ref struct Enumerator(RespondentRows rows)
    {
        private int _r = -1;

        public readonly RespondentRow Current => rows.Row(_r);

        public bool MoveNext() => ++_r < rows.Count;
    }
}
