using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
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
public sealed class ResultsService(KlantmetingDbContext db, ISurveyCatalog surveys, IOptions<ResultsOptions> options, TimeProvider clock)
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

        // 1. Responses of the round (one row each) -> respondent slot.
        var slotByResponse = new Dictionary<long, int>();
        var slotByParticipant = new Dictionary<long, int>();
        var grade = new List<int>();
        var werkplein = new List<int>();
        long firstResponse = long.MaxValue, lastResponse = long.MinValue, firstParticipant = long.MaxValue, lastParticipant = long.MinValue;
        await using var session = await OpenAsync(ct);
        await QueryAsync(
            """
            SELECT r."Id", r."Grade", p."WerkpleinId", p."Id"
            FROM "Responses" r
            JOIN "Invitations" i ON i."Id" = r."InvitationId"
            JOIN "Participants" p ON p."Id" = i."ParticipantId"
            WHERE r."RoundId" = @round
            """,
            [("@round", context.Round.Id)],
            reader =>
            {
                var response = reader.GetInt64(0);
                var participant = reader.GetInt64(3);
                (firstResponse, lastResponse) = (Math.Min(firstResponse, response), Math.Max(lastResponse, response));
                (firstParticipant, lastParticipant) = (Math.Min(firstParticipant, participant), Math.Max(lastParticipant, participant));
                slotByParticipant[participant] = grade.Count;
                slotByResponse[response] = grade.Count;
                grade.Add(reader.IsDBNull(1) ? 0 : reader.GetInt32(1));
                werkplein.Add(werkpleinIndex.GetValueOrDefault(reader.GetInt32(2)));
            },
            ct);
        int respondents = grade.Count;

        // 2. One streaming pass over the per-principle summaries of the responses (ResponseScores, written with the
        // answers): answered statements, and per principle sum and count of 1-5 answers. A range of the primary key
        // instead of a join with Responses: one sequential index range, no lookup per row (a response id in the range
        // from another round is not in slotByResponse and is skipped).
        var principleIndex = principles.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var answered = new int[respondents];
        var answerSum = new int[respondents * principleCount];
        var answerCount = new int[respondents * principleCount];
        await QueryAsync(
            """
            SELECT s."ResponseId", s."PrincipleId", s."Answered", s."Scored", s."Sum"
            FROM "ResponseScores" s
            WHERE s."ResponseId" BETWEEN @first AND @last
            """,
            [("@first", firstResponse), ("@last", lastResponse)],
            reader =>
            {
                if (!principleIndex.TryGetValue(reader.GetString(1), out var principle)
                    || !slotByResponse.TryGetValue(reader.GetInt64(0), out var respondent))
                {
                    return;
                }

                answered[respondent] += reader.GetInt32(2);
                answerCount[respondent * principleCount + principle] = reader.GetInt32(3);
                answerSum[respondent * principleCount + principle] = reader.GetInt32(4);
            },
            ct);

        // 3. The questionnaire's attributes of the respondents -> breakdown slot per attribute.
        var groupSlot = new int[respondents * attributeCount];
        for (var k = 0; k < attributeCount; k++)
        {
            var unknown = layout.Attributes[k].UnknownSlot;
            for (var r = 0; r < respondents; r++)
            {
                groupSlot[r * attributeCount + k] = unknown;
            }
        }

        if (attributeCount > 0 && respondents > 0)
        {
            var attributeIndex = layout.Attributes.Select((a, k) => (a.Definition.Id, k)).ToDictionary(x => x.Id, x => x.k, StringComparer.Ordinal);
            var names = layout.Attributes.Select((a, k) => ($"@a{k}", (object)a.Definition.Id)).ToList();
            await QueryAsync(
                $"""
                SELECT pa."ParticipantId", pa."Name", pa."Value"
                FROM "ParticipantAttributes" pa
                WHERE pa."ParticipantId" BETWEEN @first AND @last AND pa."Name" IN ({string.Join(", ", names.Select(n => n.Item1))})
                """,
                [("@first", firstParticipant), ("@last", lastParticipant), .. names],
                reader =>
                {
                    if (slotByParticipant.TryGetValue(reader.GetInt64(0), out var respondent)
                        && attributeIndex.TryGetValue(reader.GetString(1), out var k))
                    {
                        groupSlot[respondent * attributeCount + k] = layout.Attributes[k].SlotOf(reader.GetString(2));
                    }
                },
                ct);
        }

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
            var itemsAnswered = answered[r] + (grade[r] > 0 ? 1 : 0);
            if (Dispositions.OfResponse(itemsAnswered, applicable) == Disposition.BreakOff)
            {
                continue;
            }

            hasValue[0] = grade[r] > 0;
            values[0] = grade[r];
            isTop[0] = grade[r] >= Statistics.TopBoxGrade;
            for (var p = 0; p < principleCount; p++)
            {
                int count = answerCount[r * principleCount + p], sum = answerSum[r * principleCount + p];
                hasValue[p + 1] = count > 0;
                // Mean of converted grades = converted grade of the mean answer; top-2 when the mean answer is at
                // least 4 (score >= 7.75), compared in integers.
                values[p + 1] = count > 0 ? 1 + ((double)sum / count - 1) * 9.0 / 4 : 0;
                isTop[p + 1] = count > 0 && sum >= 4 * count;
            }

            slots[0] = 0;
            for (var k = 0; k < attributeCount; k++)
            {
                slots[k + 1] = groupSlot[r * attributeCount + k];
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
        await using var writer = ResultsCsv.CreateWriter(output);
        await ResultsCsv.WriteCellsAsync(writer, cells, ct);
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
        await using var writer = ResultsCsv.CreateWriter(output);
        await ResultsCsv.WriteCellsAsync(writer, cells.Where(c => c.Werkplein == werkpleinCode || c.Werkplein == National), ct);
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
        await using var writer = ResultsCsv.CreateWriter(output);
        await ResultsCsv.WriteResponseRatesAsync(writer, rows, ct);
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
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536", ct);
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
            await using var command = db.Database.GetDbConnection().CreateCommand();
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
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class ConnectionSession(KlantmetingDbContext db, bool sqlite) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record WerkpleinRef(int Id, string Code);

    /// <summary>Everything a closed round shows, as stored in <see cref="RoundResultSnapshot.Figures"/>.</summary>
    private sealed record FrozenFigures(IReadOnlyList<ResultCell> Cells, IReadOnlyList<ResponseRateRow> ResponseRates, IReadOnlyList<FieldworkPoint> Curve);

    private sealed record RoundContext(Round Round, SurveyDefinition Survey, BreakdownLayout Layout, List<WerkpleinRef> Werkpleinen);
}
