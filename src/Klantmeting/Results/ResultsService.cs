using System.Text.Json;
using System.Text.Json.Serialization;
using Klantmeting.Infrastructure.Exports;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Microsoft.Extensions.Caching.Memory;

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
public sealed partial class ResultsService(KlantmetingDbContext db, ISurveyCatalog surveys, IOptions<ResultsOptions> options, TimeProvider clock,
    Audit.AuditLog audit, IOptions<Weighting.WeightingOptions> weighting, IMemoryCache cache)
{
    /// <summary>How long the figures of a closed round stay in memory after their last use.</summary>
    public static readonly TimeSpan FrozenCacheDuration = TimeSpan.FromMinutes(30);

    /// <summary>Exact round trip of every double (shortest form that reads back the same); NaN allowed.</summary>
    private static readonly JsonSerializerOptions _json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Werkplein column value of the national total.</summary>
    public const string National = ResultKeys.National;

    /// <summary>Measure id of the overall grade.</summary>
    public const string GradeMeasure = SurveyDefinition.GradeItemId;

    private static readonly TimeZoneInfo _amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>Every cell of the round: NL and each Werkplein × totaal and every breakdown group × every measure.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task<IReadOnlyList<ResultCell>> ComputeCellsAsync(string roundName, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        return await FrozenAsync(context, ct) is { } frozen ? frozen.Cells : await LiveAsync(context, "cells", () => ComputeCellsAsync(context, ct), ct);
    }

    /// <summary>
    /// Only the overall cells (<c>totaal</c>, every measure) and the overall response rates of NL and each Werkplein:
    /// the same figures as in <see cref="ComputeCellsAsync(string, CancellationToken)"/>, without computing the breakdowns.
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task<RoundTotals> ComputeTotalsAsync(string roundName, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        if (await FrozenAsync(context, ct) is { } frozen)
        {
            return new RoundTotals(
                frozen.Cells.Where(c => c.Breakdown == BreakdownLayout.Total).ToList(),
                frozen.ResponseRates.Where(r => r.Breakdown == BreakdownLayout.Total).ToList());
        }

        // The totaal slot of a cell depends only on its own respondents, so a layout without breakdowns gives it exactly.
        return await LiveAsync(context, "totals", async () => new RoundTotals(
            await ComputeCellsAsync(context with { Layout = BreakdownLayout.TotalOnly }, ct),
            await ComputeResponseRatesAsync(context, includeBreakdowns: false, ct)), ct);
    }

    private async Task<IReadOnlyList<ResultCell>> ComputeCellsAsync(RoundContext context, CancellationToken ct)
    {
        var werkpleinIndex = context.Werkpleinen.Select((w, i) => (w.Id, i)).ToDictionary(x => x.Id, x => x.i + 1);
        var rows = await new RespondentReader(db, context.Round.Id, context.Survey, context.Layout, werkpleinIndex).ReadAsync(ct);
        var cells = new CellAccumulator(context.Survey, context.Layout, context.Werkpleinen.Count);
        foreach (var row in rows)
        {
            cells.Add(row);
        }

        return cells.ToCells(context.Round.Name, context.Werkpleinen.Select(w => w.Code).ToList(), options.Value.MinimumCellSize);
    }

    /// <summary>
    /// Figures pooled per region and per size class (<see cref="PeerGroups"/>) and every Werkplein's region and size
    /// class; with <paramref name="includeBreakdowns"/> false only the <c>totaal</c> cells.
    /// </summary>
    /// <remarks>
    /// A closed round's peer figures come from its snapshot, computed in the same pass as its cells when it was frozen,
    /// with the regions and sizes of that moment: a Werkplein moved to another region later does not change a closed
    /// round's regional totals, just as late events do not change its cells. A snapshot written before peer figures
    /// existed has none; then they are computed from the respondents, which after closing change only through an
    /// import, and an import rewrites the snapshot (with peer figures) anyway.
    /// </remarks>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task<PeerFigures> ComputePeersAsync(string roundName, bool includeBreakdowns = true, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        if (await FrozenAsync(context, ct) is { Peers: { } frozen })
        {
            return includeBreakdowns ? frozen : frozen with
            {
                Regions = frozen.Regions.Where(c => c.Breakdown == BreakdownLayout.Total).ToList(),
                SizeClasses = frozen.SizeClasses.Where(c => c.Breakdown == BreakdownLayout.Total).ToList(),
            };
        }

        return await LiveAsync(context, includeBreakdowns ? "peers" : "peers-totals", async () =>
        {
            var rates = await ComputeResponseRatesAsync(context, includeBreakdowns: false, ct);
            var layout = includeBreakdowns ? context.Layout : BreakdownLayout.TotalOnly;
            return (await ComputeCellsAndPeersAsync(context with { Layout = layout }, rates, ct)).Peers;
        }, ct);
    }

    /// <summary>
    /// The cells and the peer figures from one read of the respondents: each respondent goes into the national and
    /// Werkplein cells, the cells of its Werkplein's region and those of its size class.
    /// </summary>
    private async Task<(IReadOnlyList<ResultCell> Cells, PeerFigures Peers)> ComputeCellsAndPeersAsync(
        RoundContext context, IReadOnlyList<ResponseRateRow> rates, CancellationToken ct)
    {
        var invited = rates.Where(r => r.Breakdown == BreakdownLayout.Total).ToDictionary(r => r.Werkplein, r => r.Invited);
        var members = context.Werkpleinen.Select(w =>
        {
            var n = invited.GetValueOrDefault(w.Code);
            return new PeerMember(w.Code, w.Name, PeerGroups.RegionOf(w.Region), n, PeerGroups.SizeClassOf(n).Id);
        }).ToList();
        var regions = members.Select(m => m.Region).Distinct().Order(StringComparer.Ordinal).ToList();
        var sizes = PeerGroups.SizeClasses.Select(c => c.Id).ToList();
        // Index 0 of the row (outside the round's list) is never looked up; members are in row-index order (1-based).
        var regionOf = members.Select(m => regions.IndexOf(m.Region) + 1).Prepend(0).ToArray();
        var sizeOf = members.Select(m => sizes.IndexOf(m.SizeClass) + 1).Prepend(0).ToArray();

        var werkpleinIndex = context.Werkpleinen.Select((w, i) => (w.Id, i)).ToDictionary(x => x.Id, x => x.i + 1);
        var rows = await new RespondentReader(db, context.Round.Id, context.Survey, context.Layout, werkpleinIndex).ReadAsync(ct);
        var cells = new CellAccumulator(context.Survey, context.Layout, context.Werkpleinen.Count);
        var byRegion = new PeerGroups.Accumulator(context.Survey, context.Layout, regions, regionOf);
        var bySize = new PeerGroups.Accumulator(context.Survey, context.Layout, sizes, sizeOf);
        foreach (var row in rows)
        {
            cells.Add(row);
            byRegion.Add(row);
            bySize.Add(row);
        }

        var minimum = options.Value.MinimumCellSize;
        return (cells.ToCells(context.Round.Name, context.Werkpleinen.Select(w => w.Code).ToList(), minimum),
            new PeerFigures(members, byRegion.ToCells(context.Round.Name, minimum), bySize.ToCells(context.Round.Name, minimum)));
    }

    /// <summary>
    /// Writes the regional totals (every cell of every region, <see cref="ComputePeersAsync"/>) as CSV to
    /// <paramref name="output"/>, which is left open: the columns of the cells export with <c>region</c> in place of
    /// <c>werkplein</c>. A new export beside the others, so their bytes stay as they were.
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    public Task WriteRegionCellsCsvAsync(string roundName, Stream output, CancellationToken ct = default) =>
        WriteRegionCellsAsync(roundName, output, TableFormat.Csv, ct);

    /// <summary>As <see cref="WriteRegionCellsCsvAsync"/>, in <paramref name="format"/>.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    public async Task WriteRegionCellsAsync(string roundName, Stream output, TableFormat format, CancellationToken ct = default)
    {
        var peers = await ComputePeersAsync(roundName, includeBreakdowns: true, ct);
        await using (var writer = ResultsCsv.CreateWriter(output, format, "Regio"))
        {
            await ResultsCsv.WriteCellsAsync(writer, peers.Regions, ct, ResultsCsv.RegionCellsHeader);
        }

        await audit.RecordExportAsync("resultaten-regio", roundName, "alle cellen per regio", ct);
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
            : await LiveAsync(context, "rates", () => ComputeResponseRatesAsync(context, includeBreakdowns: true, ct), ct);
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
        return await FrozenAsync(context, ct) is { } frozen ? frozen.Curve : await LiveAsync(context, "curve", () => ComputeFieldworkCurveAsync(context, ct), ct);
    }

    private async Task<IReadOnlyList<FieldworkPoint>> ComputeFieldworkCurveAsync(RoundContext context, CancellationToken ct)
    {
        var applicable = Dispositions.ApplicableItems(context.Survey);
        var (countsSql, countParameters) = AnswerCountsSql(context);
        var perDay = new SortedDictionary<DateOnly, int>();
        var m = new ModelSql(db);
        string R(string property) => "r." + m.Column<Response>(property);
        await QueryAsync(
            $"""
            SELECT {R("CompletedAt")}, {R("UpdatedAt")}, CASE WHEN {R("Grade")} IS NULL THEN 0 ELSE 1 END, COALESCE(c.answered, 0)
            FROM {m.Table<Response>()} r
            LEFT JOIN ({countsSql}) c ON c.response_id = {R("Id")}
            WHERE {R("RoundId")} = {m.Placeholder("round")}
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
    public Task WriteCellsCsvAsync(string roundName, Stream output, CancellationToken ct = default) =>
        WriteCellsAsync(roundName, output, TableFormat.Csv, ct);

    /// <summary>As <see cref="WriteCellsCsvAsync"/>, in <paramref name="format"/>.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    public async Task WriteCellsAsync(string roundName, Stream output, TableFormat format, CancellationToken ct = default)
    {
        var cells = await ComputeCellsAsync(roundName, ct);
        await using (var writer = ResultsCsv.CreateWriter(output, format, "Resultaten"))
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
    public Task WriteWerkpleinCellsCsvAsync(string roundName, string werkpleinCode, Stream output, CancellationToken ct = default) =>
        WriteWerkpleinCellsAsync(roundName, werkpleinCode, output, TableFormat.Csv, ct);

    /// <summary>As <see cref="WriteWerkpleinCellsCsvAsync"/>, in <paramref name="format"/>.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    public async Task WriteWerkpleinCellsAsync(string roundName, string werkpleinCode, Stream output, TableFormat format, CancellationToken ct = default)
    {
        var cells = await ComputeCellsAsync(roundName, ct);
        await using (var writer = ResultsCsv.CreateWriter(output, format, "Resultaten"))
        {
            await ResultsCsv.WriteCellsAsync(writer, cells.Where(c => c.Werkplein == werkpleinCode || c.Werkplein == National), ct);
        }

        await audit.RecordExportAsync("resultaten-werkplein", roundName, $"Werkplein {werkpleinCode}", ct);
    }

    /// <summary>Writes the response rates of NL and each Werkplein (totals only) as CSV to <paramref name="output"/>, which is left open.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    public Task WriteResponseRatesCsvAsync(string roundName, Stream output, CancellationToken ct = default) =>
        WriteResponseRatesAsync(roundName, output, TableFormat.Csv, ct);

    /// <summary>As <see cref="WriteResponseRatesCsvAsync"/>, in <paramref name="format"/>.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire; nothing has been written.</exception>
    public async Task WriteResponseRatesAsync(string roundName, Stream output, TableFormat format, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        // The totals rows of the frozen figures are the same counts as a computation without breakdowns.
        var rows = await FrozenAsync(context, ct) is { } frozen
            ? frozen.ResponseRates.Where(r => r.Breakdown == BreakdownLayout.Total).ToList()
            : await ComputeResponseRatesAsync(context, includeBreakdowns: false, ct);
        await using (var writer = ResultsCsv.CreateWriter(output, format, "Respons"))
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
        var m = new ModelSql(db);
        string Pa(string property) => m.Column<ParticipantAttribute>(property);
        string P(string property) => "p." + m.Column<Participant>(property);
        string I(string property) => "i." + m.Column<Invitation>(property);
        string R(string property) => "r." + m.Column<Response>(property);
        var select = new StringBuilder();
        var joins = new StringBuilder();
        for (var k = 0; k < attributeCount; k++)
        {
            select.Append($", pa{k}.{Pa("Value")}");
            joins.Append($"\nLEFT JOIN {m.Table<ParticipantAttribute>()} pa{k} ON pa{k}.{Pa("ParticipantId")} = {P("Id")} AND pa{k}.{Pa("Name")} = {m.Placeholder($"a{k}")}");
            parameters.Add(($"@a{k}", attributes[k].Definition.Id));
        }

        int[] slots = new int[attributeCount + 1];
        await QueryAsync(
            $"""
            SELECT {P("WerkpleinId")}, {I("State")}, CASE WHEN {R("Id")} IS NULL THEN 0 ELSE 1 END,
                   COALESCE(c.answered, 0) + CASE WHEN {R("Grade")} IS NULL THEN 0 ELSE 1 END{select}
            FROM {m.Table<Invitation>()} i
            JOIN {m.Table<Participant>()} p ON {P("Id")} = {I("ParticipantId")}
            LEFT JOIN {m.Table<Response>()} r ON {R("InvitationId")} = {I("Id")}
            LEFT JOIN ({countsSql}) c ON c.response_id = {R("Id")}{joins}
            WHERE {I("RoundId")} = {m.Placeholder("round")}
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

        return ResponseRateRows(context, counts, slotUsed, slotCount, dispositionCount);
    }

    /// <summary>The counted dispositions as rows: NL and each Werkplein, each with its slots in layout order.</summary>
    private static List<ResponseRateRow> ResponseRateRows(RoundContext context, int[] counts, bool[] slotUsed, int slotCount, int dispositionCount)
    {
        var layout = context.Layout;
        int werkpleinCount = context.Werkpleinen.Count + 1;
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
    /// <remarks>The derived columns are named <c>response_id</c> and <c>answered</c> (unquoted, the same on every provider).</remarks>
    private (string Sql, List<(string Name, object Value)> Parameters) AnswerCountsSql(RoundContext context)
    {
        var m = new ModelSql(db);
        string S(string property) => "s." + m.Column<ResponseScore>(property);
        var parameters = new List<(string Name, object Value)> { ("@round", context.Round.Id) };
        var ids = context.Survey.Principles.Select((p, n) => ($"@s{n}", (object)p.Id)).ToList();
        parameters.AddRange(ids);
        var sql = $"""
            SELECT {S("ResponseId")} AS response_id, SUM({S("Answered")}) AS answered
                FROM {m.Table<ResponseScore>()} s
                JOIN {m.Table<Response>()} ra ON ra.{m.Column<Response>("Id")} = {S("ResponseId")}
                WHERE ra.{m.Column<Response>("RoundId")} = {m.Placeholder("round")} AND {S("PrincipleId")} IN ({string.Join(", ", ids.Select((_, n) => m.Placeholder($"s{n}")))})
                GROUP BY {S("ResponseId")}
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
        var rates = await ComputeResponseRatesAsync(context, includeBreakdowns: true, ct);
        // The peer figures go into the snapshot with the cells, so a closed round's regional totals and comparison
        // groups stay consistent with its frozen cells (see ComputePeersAsync).
        var (cells, peers) = await ComputeCellsAndPeersAsync(context, rates, ct);
        // The post-stratified cells too (issue 19), so a closed round's weighted figures stay as they were at closing.
        var weighted = await WeightAsync(context, new WeightingRequest(Weighting.WeightingMethod.PostStratification), ct);
        var figures = new FrozenFigures(cells, rates, await ComputeFieldworkCurveAsync(context, ct), peers, weighted);
        var snapshot = new RoundResultSnapshot
        {
            RoundId = roundId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Reason = reason,
            Figures = JsonSerializer.Serialize(figures, _json),
        };
        // A snapshot written again at the same clock time (a test clock) must not be mistaken for the kept one.
        cache.Remove(FrozenCacheKey(roundId));
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

    /// <summary>
    /// The frozen figures of a closed round, or null (not closed, or not frozen yet: computed live). Read once and then
    /// kept in memory (a snapshot is megabytes of JSON and pages read it many times), as long as the stored snapshot
    /// has the same time: a new snapshot, also one written by another process, is read again.
    /// </summary>
    private async Task<FrozenFigures?> FrozenAsync(RoundContext context, CancellationToken ct)
    {
        if (context.Round.State != RoundState.Closed)
        {
            return null;
        }

        var snapshots = db.RoundResultSnapshots.AsNoTracking().Where(s => s.RoundId == context.Round.Id);
        var createdAt = await snapshots.Select(s => (DateTime?)s.CreatedAt).SingleOrDefaultAsync(ct);
        if (createdAt is null)
        {
            return null;
        }

        var key = FrozenCacheKey(context.Round.Id);
        if (cache.TryGetValue(key, out (DateTime CreatedAt, FrozenFigures Figures) kept) && kept.CreatedAt == createdAt)
        {
            return kept.Figures;
        }

        var json = await snapshots.Select(s => s.Figures).SingleOrDefaultAsync(ct);
        var figures = json is null ? null : JsonSerializer.Deserialize<FrozenFigures>(json, _json);
        if (figures is not null)
        {
            cache.Set(key, (createdAt.Value, figures), new MemoryCacheEntryOptions { SlidingExpiration = FrozenCacheDuration });
        }

        return figures;
    }

    private static (string, int) FrozenCacheKey(int roundId) => ("results-frozen", roundId);

    private async Task<RoundContext> LoadAsync(string roundName, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new RoundException($"Er is geen ronde met de naam '{roundName}'.");
        var survey = surveys.Find(round.QuestionnaireId)
            ?? throw new RoundException($"De vragenlijst '{round.QuestionnaireId}' van ronde '{round.Name}' is niet geïnstalleerd.");
        // A closed round takes no participants, so which Werkpleinen it has is kept (a comparison of nine rounds asks
        // each twice); their code, name and region are read every time, since they may change.
        var key = round is { State: RoundState.Closed, CloseCompletedAt: { } closed } ? ("results-werkpleinen", round.Id, closed) : default;
        var werkpleinen = key != default && cache.TryGetValue(key, out int[]? ids)
            ? await db.Werkpleinen.AsNoTracking().Where(w => ids!.Contains(w.Id)).Select(w => new WerkpleinRef(w.Id, w.Code, w.Name, w.Region)).ToListAsync(ct)
            : await db.Werkpleinen.AsNoTracking()
                .Where(w => db.Participants.Any(p => p.RoundId == round.Id && p.WerkpleinId == w.Id))
                .Select(w => new WerkpleinRef(w.Id, w.Code, w.Name, w.Region))
                .ToListAsync(ct);
        if (key != default)
        {
            cache.Set(key, werkpleinen.Select(w => w.Id).ToArray(), new MemoryCacheEntryOptions { SlidingExpiration = FrozenCacheDuration });
        }

        werkpleinen.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return new RoundContext(round, survey, BreakdownLayout.For(survey, round.Mode), werkpleinen);
    }

    /// <summary>Runs one query and hands every row to <paramref name="row"/> as it streams in.</summary>
    private async Task QueryAsync(string sql, IEnumerable<(string Name, object Value)> parameters, Action<DbDataReader> row, CancellationToken ct)
    {
        // EF counts opens: this closes the connection only when no caller (e.g. a BulkRead session) holds it open.
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

    private sealed record WerkpleinRef(int Id, string Code, string Name, string? Region);

    /// <summary>Everything a closed round shows, as stored in <see cref="RoundResultSnapshot.Figures"/>.</summary>
    /// <remarks>
    /// <c>Peers</c> is null in a snapshot written before peer figures existed, <c>Weighted</c> (the post-stratified
    /// cells and their report) in one written before weighted figures were frozen: both are then computed.
    /// </remarks>
    private sealed record FrozenFigures(IReadOnlyList<ResultCell> Cells, IReadOnlyList<ResponseRateRow> ResponseRates, IReadOnlyList<FieldworkPoint> Curve,
        PeerFigures? Peers = null, WeightedResults? Weighted = null);

    private sealed record RoundContext(Round Round, SurveyDefinition Survey, BreakdownLayout Layout, List<WerkpleinRef> Werkpleinen);
}
