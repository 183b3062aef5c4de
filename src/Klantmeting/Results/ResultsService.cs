using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Klantmeting.Results;

/// <summary>
/// Dispositions, response rates, scores per cell and the fieldwork curve of a round, computed on demand (so live
/// during fieldwork), and their CSV exports. A closed round's figures are frozen: they come from its
/// <see cref="RoundResultSnapshot"/>, written when the round closed, so late events (an opt-out, a bounce) never
/// change them; only an explicit <see cref="RefreshFrozenAsync"/> (after importing responses) does.
/// </summary>
/// <remarks>
/// Everything is aggregated in the database (answers counted per response with GROUP BY) or in one streaming pass
/// over plain rows into arrays indexed by cell; no entity is loaded, nothing is queried per row.
/// Every method throws <see cref="RoundException"/> (Dutch message for the user) when the round does not exist or
/// its questionnaire is not installed; the caller shows the message and stops.
/// </remarks>
public sealed class ResultsService(KlantmetingDbContext db, ISurveyCatalog surveys, IOptions<ResultsOptions> options, TimeProvider clock,
    Audit.AuditLog audit)
{
    /// <summary>Exact round trip of every double (shortest form that reads back the same); NaN allowed.</summary>
    private static readonly JsonSerializerOptions _json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Werkplein column value of the national total.</summary>
    public const string National = "NL";

    /// <summary>Measure id of the overall grade.</summary>
    public const string GradeMeasure = SurveyDefinition.GradeItemId;

    private static readonly TimeZoneInfo _amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>Every cell of the round: NL and each Werkplein × totaal and every breakdown group × every measure.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task<IReadOnlyList<ResultCell>> ComputeCellsAsync(string roundName, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        return await FrozenAsync(context, ct) is { } frozen ? frozen.Cells : await ComputeCellsAsync(context, ct);
    }

    private async Task<IReadOnlyList<ResultCell>> ComputeCellsAsync(RoundContext context, CancellationToken ct)
    {
        var survey = context.Survey;
        var layout = context.Layout;
        var principles = survey.Principles;
        int principleCount = principles.Count;
        int measureCount = principleCount + 1;
        int slotCount = layout.Slots.Count;
        var attributeCount = layout.Attributes.Count;
        var werkpleinIndex = context.Werkpleinen.Select((w, i) => (w.Id, i)).ToDictionary(x => x.Id, x => x.i + 1);

        // Three independent streaming reads, combined by id at the end: the responses (one row each), their
        // per-principle summaries and the participants' attributes. Summaries and attributes are read by ranges of
        // their primary key (sequential index ranges, no lookup per row) into arrays indexed by id (IdIndex: the offset
        // in the round's id range, or a dictionary when the ids lie far apart); a row of another round in the range is
        // skipped. Every value a row needs is packed into few integer columns in SQL, because reading a column costs
        // more than the arithmetic (Microsoft.Data.Sqlite: ~100-250 ns per column read). With a second connection
        // (two cores) the reads, cut into parts, are shared between two connections.
        await using var session = await OpenAsync(ct);
        var round = context.Round.Id;
        var main = db.Database.GetDbConnection();
        await using var second = await OpenSecondAsync(ct);
        var participantIdsRead = second is null ? null : Task.Run(() => IdIndexAsync(second.Connection, "Participants", round, ct), ct);
        IdIndex responseIds, participantIds;
        try
        {
            responseIds = await IdIndexAsync(main, "Responses", round, ct);
        }
        finally
        {
            if (participantIdsRead is not null)
            {
                // Never leave the second connection in use behind an exception on the first.
                await Task.WhenAny(participantIdsRead);
            }
        }

        participantIds = await (participantIdsRead ?? IdIndexAsync(main, "Participants", round, ct));

        // 1. Responses of the round -> respondent r: its response index, participant id, grade and Werkplein.
        var responseOf = new List<int>(responseIds.Count);
        var participantOf = new List<long>(responseIds.Count);
        var grade = new List<int>(responseIds.Count);
        var werkplein = new List<int>(responseIds.Count);
        Task ReadResponsesAsync(DbConnection connection) => ReadAsync(
            connection,
            """
            SELECT r."Id", p."Id", p."WerkpleinId", COALESCE(r."Grade", 0)
            FROM "Responses" r
            JOIN "Invitations" i ON i."Id" = r."InvitationId"
            JOIN "Participants" p ON p."Id" = i."ParticipantId"
            WHERE r."RoundId" = @round
            """,
            [("@round", round)],
            reader =>
            {
                // A response created after the ids were read is left out, as if it came after the computation.
                var response = responseIds.IndexOf(reader.GetInt64(0));
                if (response < 0)
                {
                    return;
                }

                responseOf.Add(response);
                participantOf.Add(reader.GetInt64(1));
                werkplein.Add(werkpleinIndex.GetValueOrDefault(reader.GetInt32(2)));
                grade.Add(reader.GetInt32(3));
            },
            ct);

        // 2. The per-principle summaries (ResponseScores, written with the answers) by response index: answered
        // statements, and per principle sum and count of 1-5 answers. Column 0 packs response id and principle
        // index, column 1 packs Sum, Scored and Answered (20 bits each for Answered and Scored: they count the
        // statements of one principle; Sum is at most 5 × Scored).
        var answered = new int[responseIds.Size];
        var answerSum = new int[responseIds.Size * principleCount];
        var answerCount = new int[responseIds.Size * principleCount];
        var principleParameters = principles.Select((p, i) => ($"@p{i}", (object)p.Id)).ToList();
        var scoresSql = $"""
            SELECT s."ResponseId" * {principleCount + 1} + CASE s."PrincipleId"{string.Concat(principleParameters.Select((p, i) => $" WHEN {p.Item1} THEN {i}"))} ELSE {principleCount} END,
                CAST(s."Sum" AS BIGINT) * CAST(1099511627776 AS BIGINT) + CAST(s."Scored" AS BIGINT) * 1048576 + s."Answered"
            FROM "ResponseScores" s
            WHERE s."ResponseId" BETWEEN @first AND @last
            """;
        Task ReadScoresAsync(DbConnection connection, long first, long last) => ReadAsync(
            connection,
            scoresSql,
            [("@first", first), ("@last", last), .. principleParameters],
            reader =>
            {
                var key = reader.GetInt64(0);
                var principle = (int)(key % (principleCount + 1));
                var response = responseIds.IndexOf(key / (principleCount + 1));
                if (principle == principleCount || response < 0)
                {
                    return;
                }

                var packed = reader.GetInt64(1);
                answered[response] += (int)(packed & 0xFFFFF);
                answerCount[response * principleCount + principle] = (int)((packed >> 20) & 0xFFFFF);
                answerSum[response * principleCount + principle] = (int)(packed >> 40);
            },
            ct);

        // 3. The questionnaire's attributes by participant index -> breakdown slot per attribute (onbekend when missing).
        var groupSlot = new int[participantIds.Size * attributeCount];
        for (var k = 0; k < attributeCount; k++)
        {
            var unknown = layout.Attributes[k].UnknownSlot;
            for (var pi = 0; pi < participantIds.Size; pi++)
            {
                groupSlot[pi * attributeCount + k] = unknown;
            }
        }

        var attributeParameters = layout.Attributes.Select((a, k) => ($"@a{k}", (object)a.Definition.Id)).ToList();
        var attributesSql = $"""
            SELECT pa."ParticipantId" * {attributeCount + 1} + CASE pa."Name"{string.Concat(attributeParameters.Select((a, k) => $" WHEN {a.Item1} THEN {k}"))} ELSE {attributeCount} END, pa."Value"
            FROM "ParticipantAttributes" pa
            WHERE pa."ParticipantId" BETWEEN @first AND @last AND pa."Name" IN ({string.Join(", ", attributeParameters.Select(a => a.Item1))})
            """;
        Task ReadAttributesAsync(DbConnection connection, long first, long last) => ReadAsync(
            connection,
            attributesSql,
            [("@first", first), ("@last", last), .. attributeParameters],
            reader =>
            {
                var key = reader.GetInt64(0);
                var k = (int)(key % (attributeCount + 1));
                var participant = participantIds.IndexOf(key / (attributeCount + 1));
                if (k < attributeCount && participant >= 0)
                {
                    groupSlot[participant * attributeCount + k] = layout.Attributes[k].SlotOf(reader.GetString(1));
                }
            },
            ct);

        if (responseIds.Count > 0)
        {
            // The reads in parts (each writes only its own elements), shared by the connections as they come free.
            var parts = new ConcurrentQueue<Func<DbConnection, Task>>();
            if (attributeCount > 0)
            {
                foreach (var (first, last) in Halves(participantIds))
                {
                    parts.Enqueue(c => ReadAttributesAsync(c, first, last));
                }
            }

            parts.Enqueue(ReadResponsesAsync);
            foreach (var (first, last) in Halves(responseIds))
            {
                parts.Enqueue(c => ReadScoresAsync(c, first, last));
            }

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

            var other = second is null ? null : Task.Run(() => WorkAsync(second.Connection), ct);
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

        int respondents = grade.Count;

        // 4. Accumulate every respondent (complete or partial) into its cells: index ((werkplein * slots) + slot) * measures + measure.
        int werkpleinCount = context.Werkpleinen.Count + 1;
        var cells = new MeanAccumulator[werkpleinCount * slotCount * measureCount];
        var top2 = new int[cells.Length];
        var slotUsed = new bool[slotCount];
        var applicable = Dispositions.ApplicableItems(survey);
        Span<int> slots = stackalloc int[attributeCount + 1];
        Span<double> values = stackalloc double[measureCount];
        Span<bool> hasValue = stackalloc bool[measureCount];
        Span<bool> isTop = stackalloc bool[measureCount];
        for (var r = 0; r < respondents; r++)
        {
            var response = responseOf[r];
            var participant = participantIds.IndexOf(participantOf[r]);
            var itemsAnswered = answered[response] + (grade[r] > 0 ? 1 : 0);
            if (Dispositions.OfResponse(itemsAnswered, applicable) == Disposition.BreakOff)
            {
                continue;
            }

            hasValue[0] = grade[r] > 0;
            values[0] = grade[r];
            isTop[0] = grade[r] >= Statistics.TopBoxGrade;
            for (var p = 0; p < principleCount; p++)
            {
                int count = answerCount[response * principleCount + p], sum = answerSum[response * principleCount + p];
                hasValue[p + 1] = count > 0;
                // Mean of converted grades = converted grade of the mean answer; top-2 when the mean answer is at
                // least 4 (score >= 7.75), compared in integers.
                values[p + 1] = count > 0 ? 1 + ((double)sum / count - 1) * 9.0 / 4 : 0;
                isTop[p + 1] = count > 0 && sum >= 4 * count;
            }

            slots[0] = 0;
            for (var k = 0; k < attributeCount; k++)
            {
                // A participant created after its ids were read (so with a response even later) counts as onbekend.
                slots[k + 1] = participant < 0 ? layout.Attributes[k].UnknownSlot : groupSlot[participant * attributeCount + k];
                slotUsed[slots[k + 1]] = true;
            }

            for (var w = 0; w < 2; w++)
            {
                var wp = w == 0 ? 0 : werkplein[r];
                if (w == 1 && wp == 0)
                {
                    break; // a Werkplein outside the round's list cannot happen; count it nationally only
                }

                foreach (var slot in slots)
                {
                    var baseIndex = (wp * slotCount + slot) * measureCount;
                    for (var m = 0; m < measureCount; m++)
                    {
                        if (hasValue[m])
                        {
                            cells[baseIndex + m].Add(values[m]);
                            if (isTop[m])
                            {
                                top2[baseIndex + m]++;
                            }
                        }
                    }
                }
            }
        }

        // 5. The figures, in export order; cells below the minimum carry none.
        var minimum = options.Value.MinimumCellSize;
        var tCache = new Dictionary<int, double>();
        double T975(int df)
        {
            if (!tCache.TryGetValue(df, out var t))
            {
                tCache[df] = t = Statistics.T975(df);
            }

            return t;
        }

        var measures = principles.Select(p => p.Id).Prepend(GradeMeasure).ToList();
        var result = new List<ResultCell>(cells.Length);
        for (var wp = 0; wp < werkpleinCount; wp++)
        {
            var code = wp == 0 ? National : context.Werkpleinen[wp - 1].Code;
            for (var slot = 0; slot < slotCount; slot++)
            {
                var s = layout.Slots[slot];
                if (s.ShowOnlyWhenUsed && !slotUsed[slot])
                {
                    continue;
                }

                for (var m = 0; m < measureCount; m++)
                {
                    var index = (wp * slotCount + slot) * measureCount + m;
                    var n = cells[index].N;
                    if (n < minimum)
                    {
                        result.Add(new ResultCell(context.Round.Name, code, s.Breakdown, s.Group, measures[m],
                            null, null, null, null, null, null, null, null, Suppressed: true));
                        continue;
                    }

                    var summary = cells[index].ToSummary(T975);
                    var wilson = Statistics.Wilson(top2[index], n)!.Value;
                    result.Add(new ResultCell(context.Round.Name, code, s.Breakdown, s.Group, measures[m],
                        (int)n, summary.Mean, summary.Sd, summary.CiLow, summary.CiHigh,
                        (double)top2[index] / n, wilson.Low, wilson.High, Suppressed: false));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Counts of current dispositions: NL and each Werkplein, each with <c>totaal</c> first and then every breakdown
    /// group (same groups and order as the cells).
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task<IReadOnlyList<ResponseRateRow>> ComputeResponseRatesAsync(string roundName, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        return await FrozenAsync(context, ct) is { } frozen
            ? frozen.ResponseRates
            : await ComputeResponseRatesAsync(context, includeBreakdowns: true, ct);
    }

    /// <summary>Completes per fieldwork day (Europe/Amsterdam) with the running total, from the first fieldwork day to the last day with a complete.</summary>
    /// <remarks>
    /// A complete is a response with disposition complete (the same count as in the response rates). It is dated by
    /// its submission time; a response that reached 80% but was never submitted is dated by its last save.
    /// </remarks>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task<IReadOnlyList<FieldworkPoint>> ComputeFieldworkCurveAsync(string roundName, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        return await FrozenAsync(context, ct) is { } frozen ? frozen.Curve : await ComputeFieldworkCurveAsync(context, ct);
    }

    private async Task<IReadOnlyList<FieldworkPoint>> ComputeFieldworkCurveAsync(RoundContext context, CancellationToken ct)
    {
        var applicable = Dispositions.ApplicableItems(context.Survey);
        var (countsSql, countParameters) = AnswerCountsSql(context);
        var perDay = new SortedDictionary<DateOnly, int>();
        await QueryAsync(
            $"""
            SELECT r."CompletedAt", r."UpdatedAt", CASE WHEN r."Grade" IS NULL THEN 0 ELSE 1 END, COALESCE(c."Answered", 0)
            FROM "Responses" r
            LEFT JOIN ({countsSql}) c ON c."ResponseId" = r."Id"
            WHERE r."RoundId" = @round
            """,
            countParameters,
            reader =>
            {
                if (Dispositions.OfResponse(reader.GetInt32(2) + reader.GetInt32(3), applicable) != Disposition.Complete)
                {
                    return;
                }

                var utc = DateTime.SpecifyKind(reader.IsDBNull(0) ? reader.GetDateTime(1) : reader.GetDateTime(0), DateTimeKind.Utc);
                var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, _amsterdam));
                perDay[day] = perDay.GetValueOrDefault(day) + 1;
            },
            ct);

        if (perDay.Count == 0)
        {
            return [];
        }

        var first = perDay.Keys.First() < context.Round.FieldworkStart ? perDay.Keys.First() : context.Round.FieldworkStart;
        var last = perDay.Keys.Last();
        var points = new List<FieldworkPoint>();
        var cumulative = 0;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var complete = perDay.GetValueOrDefault(day);
            cumulative += complete;
            points.Add(new FieldworkPoint(day, complete, cumulative));
        }

        return points;
    }

    /// <summary>Writes every cell as CSV (format of issue 3 §4) to <paramref name="output"/>, which is left open.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    public async Task WriteCellsCsvAsync(string roundName, Stream output, CancellationToken ct = default)
    {
        var cells = await ComputeCellsAsync(roundName, ct);
        await using (var writer = ResultsCsv.CreateWriter(output))
        {
            await ResultsCsv.WriteCellsAsync(writer, cells, ct);
        }

        await audit.RecordExportAsync("resultaten", roundName, "alle cellen (landelijk en per Werkplein)", ct);
    }

    /// <summary>
    /// Writes the cells of one Werkplein and, beside them, the national cells as CSV (same format as
    /// <see cref="WriteCellsCsvAsync"/>) to <paramref name="output"/>, which is left open. The caller decides whether
    /// the user may see <paramref name="werkpleinCode"/>.
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    public async Task WriteWerkpleinCellsCsvAsync(string roundName, string werkpleinCode, Stream output, CancellationToken ct = default)
    {
        var cells = await ComputeCellsAsync(roundName, ct);
        await using (var writer = ResultsCsv.CreateWriter(output))
        {
            await ResultsCsv.WriteCellsAsync(writer, cells.Where(c => c.Werkplein == werkpleinCode || c.Werkplein == National), ct);
        }

        await audit.RecordExportAsync("resultaten-werkplein", roundName, $"Werkplein {werkpleinCode}", ct);
    }

    /// <summary>Writes the response rates of NL and each Werkplein (totals only) as CSV to <paramref name="output"/>, which is left open.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    public async Task WriteResponseRatesCsvAsync(string roundName, Stream output, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        // The totals rows of the frozen figures are the same counts as a computation without breakdowns.
        var rows = await FrozenAsync(context, ct) is { } frozen
            ? frozen.ResponseRates.Where(r => r.Breakdown == BreakdownLayout.Total).ToList()
            : await ComputeResponseRatesAsync(context, includeBreakdowns: false, ct);
        await using (var writer = ResultsCsv.CreateWriter(output))
        {
            await ResultsCsv.WriteResponseRatesAsync(writer, rows, ct);
        }

        await audit.RecordExportAsync("respons", roundName, null, ct);
    }

    private async Task<IReadOnlyList<ResponseRateRow>> ComputeResponseRatesAsync(RoundContext context, bool includeBreakdowns, CancellationToken ct)
    {
        var layout = context.Layout;
        var attributes = includeBreakdowns ? layout.Attributes : [];
        int attributeCount = attributes.Count;
        int slotCount = includeBreakdowns ? layout.Slots.Count : 1;
        int werkpleinCount = context.Werkpleinen.Count + 1;
        var werkpleinIndex = context.Werkpleinen.Select((w, i) => (w.Id, i)).ToDictionary(x => x.Id, x => x.i + 1);
        var applicable = Dispositions.ApplicableItems(context.Survey);
        const int dispositionCount = (int)Disposition.Bounced + 1;
        var counts = new int[werkpleinCount * slotCount * dispositionCount];
        var slotUsed = new bool[slotCount];

        // One row per invitation: its state, whether a response was started and how many items it answered
        // (counted per response with GROUP BY), and the participant's attribute values.
        var (countsSql, parameters) = AnswerCountsSql(context);
        var select = new StringBuilder();
        var joins = new StringBuilder();
        for (var k = 0; k < attributeCount; k++)
        {
            select.Append($", pa{k}.\"Value\"");
            joins.Append($"\nLEFT JOIN \"ParticipantAttributes\" pa{k} ON pa{k}.\"ParticipantId\" = p.\"Id\" AND pa{k}.\"Name\" = @a{k}");
            parameters.Add(($"@a{k}", attributes[k].Definition.Id));
        }

        int[] slots = new int[attributeCount + 1];
        await QueryAsync(
            $"""
            SELECT p."WerkpleinId", i."State", CASE WHEN r."Id" IS NULL THEN 0 ELSE 1 END,
                   COALESCE(c."Answered", 0) + CASE WHEN r."Grade" IS NULL THEN 0 ELSE 1 END{select}
            FROM "Invitations" i
            JOIN "Participants" p ON p."Id" = i."ParticipantId"
            LEFT JOIN "Responses" r ON r."InvitationId" = i."Id"
            LEFT JOIN ({countsSql}) c ON c."ResponseId" = r."Id"{joins}
            WHERE i."RoundId" = @round
            """,
            parameters,
            reader =>
            {
                var wp = werkpleinIndex.GetValueOrDefault(reader.GetInt32(0));
                var state = (InvitationState)reader.GetInt32(1);
                int? answered = reader.GetInt32(2) == 1 ? reader.GetInt32(3) : null;
                var disposition = (int)Dispositions.Of(state, answered, applicable);
                slots[0] = 0;
                for (var k = 0; k < attributeCount; k++)
                {
                    slots[k + 1] = attributes[k].SlotOf(reader.IsDBNull(4 + k) ? null : reader.GetString(4 + k));
                    slotUsed[slots[k + 1]] = true;
                }

                foreach (var slot in slots)
                {
                    counts[slot * dispositionCount + disposition]++;
                    if (wp > 0)
                    {
                        counts[(wp * slotCount + slot) * dispositionCount + disposition]++;
                    }
                }
            },
            ct);

        var rows = new List<ResponseRateRow>(werkpleinCount * slotCount);
        for (var wp = 0; wp < werkpleinCount; wp++)
        {
            var code = wp == 0 ? National : context.Werkpleinen[wp - 1].Code;
            for (var slot = 0; slot < slotCount; slot++)
            {
                var s = layout.Slots[slot];
                if (s.ShowOnlyWhenUsed && !slotUsed[slot])
                {
                    continue;
                }

                var c = counts.AsSpan((wp * slotCount + slot) * dispositionCount, dispositionCount);
                rows.Add(new ResponseRateRow(context.Round.Name, code, s.Breakdown, s.Group,
                    NotSent: c[(int)Disposition.NotSent],
                    SentNoResponse: c[(int)Disposition.SentNoResponse],
                    Bounced: c[(int)Disposition.Bounced],
                    OptedOut: c[(int)Disposition.Refusal],
                    BreakOff: c[(int)Disposition.BreakOff],
                    Partial: c[(int)Disposition.Partial],
                    Complete: c[(int)Disposition.Complete]));
            }
        }

        return rows;
    }

    /// <summary>SQL of (ResponseId, Answered): answered statements per response of the round, from its per-principle summaries.</summary>
    private static (string Sql, List<(string Name, object Value)> Parameters) AnswerCountsSql(RoundContext context)
    {
        var parameters = new List<(string Name, object Value)> { ("@round", context.Round.Id) };
        var ids = context.Survey.Principles.Select((p, n) => ($"@s{n}", (object)p.Id)).ToList();
        parameters.AddRange(ids);
        var sql = $"""
            SELECT s."ResponseId" AS "ResponseId", SUM(s."Answered") AS "Answered"
                FROM "ResponseScores" s
                JOIN "Responses" ra ON ra."Id" = s."ResponseId"
                WHERE ra."RoundId" = @round AND s."PrincipleId" IN ({string.Join(", ", ids.Select(i => i.Item1))})
                GROUP BY s."ResponseId"
            """;
        return (sql, parameters);
    }

    /// <summary>
    /// Computes the round's figures now and stores them as its frozen results (replacing earlier ones). Called when a
    /// round closes (<see cref="FreezeResultsClosingStep"/>) and after responses are imported into a closed round.
    /// Safe on two workers at once: the figures are the same, and the later write wins.
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task FreezeAsync(int roundId, string reason, CancellationToken ct = default)
    {
        var name = await db.Rounds.Where(r => r.Id == roundId).Select(r => r.Name).SingleOrDefaultAsync(ct)
            ?? throw new RoundException($"Er is geen ronde met nummer {roundId}.");
        var context = await LoadAsync(name, ct);
        var figures = new FrozenFigures(
            await ComputeCellsAsync(context, ct),
            await ComputeResponseRatesAsync(context, includeBreakdowns: true, ct),
            await ComputeFieldworkCurveAsync(context, ct));
        var snapshot = new RoundResultSnapshot
        {
            RoundId = roundId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Reason = reason,
            Figures = JsonSerializer.Serialize(figures, _json),
        };
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.RoundResultSnapshots.Where(s => s.RoundId == roundId).ExecuteDeleteAsync(ct);
            db.RoundResultSnapshots.Add(snapshot);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another worker froze the same round at the same moment: try once more, replacing its row.
                await tx.RollbackAsync(ct);
            }
            finally
            {
                // The row is written or rolled back: never keep it tracked in the caller's context.
                db.Entry(snapshot).State = EntityState.Detached;
            }
        }
    }

    /// <summary>
    /// Recomputes the frozen results of a closed round (after importing responses into it). Returns false and
    /// changes nothing when the round is not closed: its figures are live anyway.
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task<bool> RefreshFrozenAsync(string roundName, CancellationToken ct = default)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new RoundException($"Er is geen ronde met de naam '{roundName}'.");
        if (round.State != RoundState.Closed)
        {
            return false;
        }

        await FreezeAsync(round.Id, RoundResultSnapshot.ReasonImport, ct);
        return true;
    }

    /// <summary>The frozen figures of a closed round, or null (not closed, or not frozen yet: computed live).</summary>
    private async Task<FrozenFigures?> FrozenAsync(RoundContext context, CancellationToken ct)
    {
        if (context.Round.State != RoundState.Closed)
        {
            return null;
        }

        var json = await db.RoundResultSnapshots.AsNoTracking().Where(s => s.RoundId == context.Round.Id)
            .Select(s => s.Figures).SingleOrDefaultAsync(ct);
        return json is null ? null : JsonSerializer.Deserialize<FrozenFigures>(json, _json);
    }

    private async Task<RoundContext> LoadAsync(string roundName, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new RoundException($"Er is geen ronde met de naam '{roundName}'.");
        var survey = surveys.Find(round.QuestionnaireId)
            ?? throw new RoundException($"De vragenlijst '{round.QuestionnaireId}' van ronde '{round.Name}' is niet geïnstalleerd.");
        var werkpleinen = await db.Werkpleinen.AsNoTracking()
            .Where(w => db.Participants.Any(p => p.RoundId == round.Id && p.WerkpleinId == w.Id))
            .Select(w => new WerkpleinRef(w.Id, w.Code))
            .ToListAsync(ct);
        werkpleinen.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return new RoundContext(round, survey, BreakdownLayout.For(survey), werkpleinen);
    }

    /// <summary>
    /// Keeps the connection open for several queries. On SQLite the page cache of this connection is raised to 64 MB
    /// while it is ours (the default 2 MB re-reads a national round's pages from the OS for every query) and put back
    /// after, because the connection returns to the pool.
    /// </summary>
    private async Task<IAsyncDisposable> OpenAsync(CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var sqlite = db.Database.IsSqlite();
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824", ct);
        }

        return new ConnectionSession(db, sqlite);
    }

    /// <summary>Runs one query and hands every row to <paramref name="row"/> as it streams in.</summary>
    private async Task QueryAsync(string sql, IEnumerable<(string Name, object Value)> parameters, Action<DbDataReader> row, CancellationToken ct)
    {
        // EF counts opens: this closes the connection only when no OpenAsync session of the caller holds it.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await ReadAsync(db.Database.GetDbConnection(), sql, parameters, row, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Runs one query on an open connection and hands every row to <paramref name="row"/> as it streams in.</summary>
    private static async Task ReadAsync(DbConnection connection, string sql, IEnumerable<(string Name, object Value)> parameters, Action<DbDataReader> row, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }

    /// <summary>
    /// The ids of a table's rows of a round (Responses or Participants) as array indexes: the offset from the first id
    /// when they lie close together (as they do for a round's rows), else a dictionary filled from the ids.
    /// </summary>
    private static async Task<IdIndex> IdIndexAsync(DbConnection connection, string table, int round, CancellationToken ct)
    {
        long first = 0, last = -1, count = 0;
        await ReadAsync(
            connection,
            $"""SELECT MIN("Id"), MAX("Id"), COUNT(*) FROM "{table}" WHERE "RoundId" = @round""",
            [("@round", round)],
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
        await ReadAsync(
            connection,
            $"""SELECT "Id" FROM "{table}" WHERE "RoundId" = @round""",
            [("@round", round)],
            reader => map.TryAdd(reader.GetInt64(0), map.Count),
            ct);
        return map.Count == 0 ? new IdIndex(0, -1, 0, 0, null) : new IdIndex(map.Keys.Min(), map.Keys.Max(), map.Count, map.Count, map);
    }

    /// <summary>
    /// A second connection to the same database for a read in parallel, or null when there is none to be had: one
    /// core, inside a transaction (the second connection would not see its writes), an in-memory SQLite database, or
    /// a connection the provider cannot copy. On SQLite its page cache is raised like <see cref="OpenAsync"/>'s.
    /// </summary>
    private async Task<SecondConnection?> OpenSecondAsync(CancellationToken ct)
    {
        if (Environment.ProcessorCount < 2 || db.Database.CurrentTransaction is not null)
        {
            return null;
        }

        var connectionString = db.Database.GetConnectionString();
        var factory = DbProviderFactories.GetFactory(db.Database.GetDbConnection());
        var sqlite = db.Database.IsSqlite();
        if (string.IsNullOrEmpty(connectionString) || factory is null
            || (sqlite && new SqliteConnectionStringBuilder(connectionString) is var csb
                && (csb.Mode == SqliteOpenMode.Memory || csb.DataSource is "" or ":memory:")))
        {
            return null;
        }

        var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        var second = new SecondConnection(connection, sqlite);
        try
        {
            await connection.OpenAsync(ct);
            if (sqlite)
            {
                await ReadAsync(connection, "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824", [], _ => { }, ct);
            }

            return second;
        }
        catch
        {
            await second.DisposeAsync();
            throw;
        }
    }

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

    /// <summary>Array indexes of ids: <c>id - First</c> below <see cref="Size"/>, or looked up; -1 for an id that is not there.</summary>
    private sealed class IdIndex(long first, long last, int size, int count, Dictionary<long, int>? map)
    {
        public long First => first;

        public long Last => last;

        /// <summary>Length of an array with one element per index.</summary>
        public int Size => size;

        /// <summary>Number of ids of the round when they were counted.</summary>
        public int Count => count;

        public int IndexOf(long id) => map is null
            ? (ulong)(id - first) < (ulong)size ? (int)(id - first) : -1
            : map.GetValueOrDefault(id, -1);
    }

    private sealed class SecondConnection(DbConnection connection, bool sqlite) : IAsyncDisposable
    {
        public DbConnection Connection => connection;

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (sqlite && connection.State == System.Data.ConnectionState.Open)
                {
                    // Back to the default before the connection returns to the pool.
                    await ReadAsync(connection, "PRAGMA cache_size = -2000; PRAGMA mmap_size = 0", [], _ => { }, CancellationToken.None);
                }
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class ConnectionSession(KlantmetingDbContext db, bool sqlite) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000; PRAGMA mmap_size = 0", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record WerkpleinRef(int Id, string Code);

    /// <summary>Everything a closed round shows, as stored in <see cref="RoundResultSnapshot.Figures"/>.</summary>
    private sealed record FrozenFigures(IReadOnlyList<ResultCell> Cells, IReadOnlyList<ResponseRateRow> ResponseRates, IReadOnlyList<FieldworkPoint> Curve);

    private sealed record RoundContext(Round Round, SurveyDefinition Survey, BreakdownLayout Layout, List<WerkpleinRef> Werkpleinen);
}
