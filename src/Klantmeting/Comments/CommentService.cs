using Klantmeting.Audit;
using Klantmeting.Infrastructure.Exports;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;

namespace Klantmeting.Comments;

/// <summary>What a reader narrows the comments of a round to.</summary>
/// <param name="Werkplein">One Werkplein's code, or null for all Werkpleinen the reader may see.</param>
/// <param name="Breakdown">An attribute id of the questionnaire (with <paramref name="Group"/>), or null.</param>
/// <param name="Group">A group of <paramref name="Breakdown"/>: a value, a band label or <c>onbekend</c>.</param>
/// <param name="MinGrade">Lowest overall grade (1-10), or null.</param>
/// <param name="MaxGrade">Highest overall grade (1-10), or null.</param>
/// <param name="Search">Text that the (masked) comment contains, case ignored, or null.</param>
/// <param name="IncludeHidden">Also the comments an administrator hid (only for the administrators' page; never exported).</param>
public sealed record CommentFilter(string? Werkplein = null, string? Breakdown = null, string? Group = null,
    int? MinGrade = null, int? MaxGrade = null, string? Search = null, bool IncludeHidden = false);

/// <summary>Why and when an administrator hid a comment.</summary>
/// <param name="Reason">The reason, as written.</param>
/// <param name="HiddenBy">The audit actor who hid it (a user id).</param>
/// <param name="HiddenAt">When (UTC).</param>
public sealed record CommentHiding(string Reason, string HiddenBy, DateTime HiddenAt);

/// <summary>One comment as a reader sees it: masked text, the grade and the groups of the respondent, never who.</summary>
/// <param name="Werkplein">Code of the respondent's Werkplein.</param>
/// <param name="Grade">The overall grade (1-10), or null when not given.</param>
/// <param name="Groups">Per broken-down attribute (questionnaire order) the respondent's group.</param>
/// <param name="Text">The comment, masked by <see cref="CommentMasker"/>.</param>
/// <param name="Id">The key for an administrator's hide or show form (the response); never shown or exported.</param>
/// <param name="Hidden">Set when an administrator hid the comment (only listed with <see cref="CommentFilter.IncludeHidden"/>).</param>
public sealed record CommentItem(string Werkplein, int? Grade, IReadOnlyList<(string Breakdown, string Group)> Groups, string Text,
    long Id = 0, CommentHiding? Hidden = null);

/// <summary>The comments of a round that a reader may read.</summary>
/// <param name="Round">The round's name.</param>
/// <param name="Attributes">The broken-down attributes and their groups, for filters and columns.</param>
/// <param name="Items">The comments that pass the filter.</param>
/// <param name="Withheld">Codes of Werkpleinen whose comments are withheld: fewer respondents than the minimum cell size.</param>
/// <param name="MinimumCellSize">The minimum number of respondents before a Werkplein's comments are shown.</param>
/// <param name="HiddenCount">How many comments that pass the filter an administrator hid (listed or not).</param>
public sealed record CommentList(string Round, IReadOnlyList<(string Id, string Label, IReadOnlyList<string> Groups)> Attributes,
    IReadOnlyList<CommentItem> Items, IReadOnlyList<string> Withheld, int MinimumCellSize, int HiddenCount = 0)
{
    /// <summary>Labels of the attributes' values as the questionnaire gives them, per attribute id (absent when none).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> GroupLabels { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>What a page shows for a group of an attribute: its label, else the group itself.</summary>
    public string GroupText(string attributeId, string group) =>
        GroupLabels.TryGetValue(attributeId, out var labels) && labels.TryGetValue(group, out var label) ? label : group;

    /// <summary>The comments a download holds: never a hidden one, whatever the list shows.</summary>
    public IEnumerable<CommentItem> Exported => Items.Where(i => i.Hidden is null);
}

/// <summary>What a hide or show request did.</summary>
public enum CommentChange
{
    /// <summary>The comment is now hidden (or shown again).</summary>
    Done,

    /// <summary>It already was: hiding twice (also at the same moment) or showing a shown comment is no error.</summary>
    Unchanged,
}

/// <summary>A hide request that cannot be done; the message is Dutch and fit for the page.</summary>
/// <param name="message">What is wrong and what to do.</param>
public sealed class CommentException(string message) : Exception(message);

/// <summary>
/// The open answers of a round for the people who learn from them. A Werkplein's comments are shown only when the
/// Werkplein has at least <see cref="ResultsOptions.MinimumCellSize"/> respondents (complete and partial, as the
/// figures count them) in the round, so a comment cannot be tied to one of a handful of people; every comment is
/// masked on the way out; refs, e-mail addresses and ids are never part of the result.
/// </summary>
/// <remarks>An administrator can hide a comment (<see cref="HideAsync"/>, with a reason, in the audit log): it then
/// leaves the Werkplein pages and every download until it is shown again (<see cref="ShowAsync"/>).</remarks>
public sealed class CommentService(KlantmetingDbContext db, ISurveyCatalog surveys, ResultsService results, IOptions<ResultsOptions> options,
    AuditLog audit, TimeProvider clock, IAuditActor actor)
{
    /// <summary>
    /// The comments of round <paramref name="roundName"/> from the Werkpleinen in <paramref name="visible"/> (codes),
    /// narrowed by <paramref name="filter"/>; null when the round does not exist.
    /// </summary>
    public async Task<CommentList?> ListAsync(string roundName, IReadOnlyCollection<string> visible, CommentFilter filter, CancellationToken ct = default)
    {
        if (await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Name == roundName, ct) is not { } round)
        {
            return null;
        }

        var survey = surveys.Get(round.QuestionnaireId);
        var layout = BreakdownLayout.For(survey);
        var minimum = options.Value.MinimumCellSize;
        var respondents = (await results.ComputeResponseRatesAsync(round.Name, ct))
            .Where(r => r.Breakdown == ResultKeys.Total && r.Group == ResultKeys.Total)
            .ToDictionary(r => r.Werkplein, r => r.Complete + r.Partial, StringComparer.Ordinal);
        var scope = visible.Where(code => filter.Werkplein is null || string.Equals(code, filter.Werkplein, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var withheld = scope.Where(code => respondents.GetValueOrDefault(code) < minimum).Order(StringComparer.Ordinal).ToList();
        var shown = scope.Except(withheld).ToList();

        var rows = await (
                from r in db.Responses.AsNoTracking()
                join i in db.Invitations on r.InvitationId equals i.Id
                join p in db.Participants on i.ParticipantId equals p.Id
                join w in db.Werkpleinen on p.WerkpleinId equals w.Id
                join h in db.CommentHides on r.Id equals h.ResponseId into hides
                from h in hides.DefaultIfEmpty()
                where r.RoundId == round.Id && r.Comment != null && r.Comment != "" && shown.Contains(w.Code)
                orderby w.Code, r.Id
                select new
                {
                    ResponseId = r.Id, ParticipantId = p.Id, Werkplein = w.Code, r.Grade, Comment = r.Comment!,
                    HiddenReason = h == null ? null : h.Reason, HiddenBy = h == null ? null : h.HiddenBy, HiddenAt = h == null ? (DateTime?)null : h.HiddenAt,
                })
            .ToListAsync(ct);
        var names = layout.Attributes.Select(a => a.Definition.Id).ToList();
        var ids = rows.Select(r => r.ParticipantId).ToList();
        var attributes = (await db.ParticipantAttributes.AsNoTracking()
                .Where(a => ids.Contains(a.ParticipantId) && names.Contains(a.Name))
                .Select(a => new { a.ParticipantId, a.Name, a.Value })
                .ToListAsync(ct))
            .ToLookup(a => a.ParticipantId);

        var items = new List<CommentItem>();
        var hidden = 0;
        foreach (var row in rows)
        {
            var values = attributes[row.ParticipantId].ToDictionary(a => a.Name, a => (string?)a.Value, StringComparer.Ordinal);
            var groups = layout.Attributes
                .Select(a => (a.Definition.Id, layout.Slots[a.SlotOf(values.GetValueOrDefault(a.Definition.Id))].Group))
                .ToList();
            var hiding = row.HiddenReason is null ? null : new CommentHiding(row.HiddenReason, row.HiddenBy!, row.HiddenAt!.Value);
            var item = new CommentItem(row.Werkplein, row.Grade, groups, CommentMasker.Mask(row.Comment), row.ResponseId, hiding);
            if (!Passes(item, filter))
            {
                continue;
            }

            hidden += hiding is null ? 0 : 1;
            if (hiding is null || filter.IncludeHidden)
            {
                items.Add(item);
            }
        }

        var attributeList = layout.Attributes
            .Select(a => (a.Definition.Id, a.Definition.Label,
                (IReadOnlyList<string>)layout.Slots.Where(s => s.Breakdown == a.Definition.Id).Select(s => s.Group).ToList()))
            .ToList();
        return new CommentList(round.Name, attributeList, items, withheld, minimum, hidden)
        {
            GroupLabels = layout.Attributes.ToDictionary(a => a.Definition.Id, a => a.Definition.ValueLabels, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Hides the comment of response <paramref name="responseId"/> in round <paramref name="roundName"/> from the
    /// Werkpleinen and every download, and records it in the audit log (the reason, never the comment). Safe when two
    /// administrators hide it at once: the response is the table's key, and the second finds it hidden.
    /// </summary>
    /// <returns><see cref="CommentChange.Unchanged"/> when it was already hidden (the first reason stays).</returns>
    /// <exception cref="CommentException">The reason is empty or longer than <see cref="CommentHide.ReasonMaxLength"/>.</exception>
    /// <exception cref="KeyNotFoundException">The round has no comment with this key: the page answers 404.</exception>
    public async Task<CommentChange> HideAsync(string roundName, long responseId, string? reason, CancellationToken ct = default)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new CommentException("Schrijf op waarom u deze opmerking verbergt.");
        }

        if (text.Length > CommentHide.ReasonMaxLength)
        {
            throw new CommentException($"De reden is te lang: {text.Length.ToString("N0", Dutch)} tekens. Er passen er maximaal {CommentHide.ReasonMaxLength.ToString("N0", Dutch)} in.");
        }

        var werkplein = await WerkpleinOfAsync(roundName, responseId, ct);
        if (await db.CommentHides.AsNoTracking().AnyAsync(h => h.ResponseId == responseId, ct))
        {
            return CommentChange.Unchanged;
        }

        var row = new CommentHide { ResponseId = responseId, Reason = text, HiddenBy = Clip(actor.Id), HiddenAt = clock.GetUtcNow().UtcDateTime };
        try
        {
            using (await WriteGate.EnterAsync(db, ct))
            {
                db.CommentHides.Add(row);
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateException)
        {
            // Another request stored the same key between the check and the insert: hidden once, which is the point.
            db.Entry(row).State = EntityState.Detached;
            if (await db.CommentHides.AsNoTracking().AnyAsync(h => h.ResponseId == responseId, ct))
            {
                return CommentChange.Unchanged;
            }

            throw;
        }

        db.Entry(row).State = EntityState.Detached;
        // The reason is masked like a comment: an administrator may quote what made the comment unfit.
        await audit.RecordAsync(AuditAction.CommentHidden, AuditObject.Comment, responseId.ToString(CultureInfo.InvariantCulture), roundName,
            $"Werkplein {werkplein}; reden: {CommentMasker.Mask(text)}", ct);
        return CommentChange.Done;
    }

    /// <summary>Shows a hidden comment again (on the Werkplein pages and in downloads) and records it in the audit log.</summary>
    /// <returns><see cref="CommentChange.Unchanged"/> when it was not hidden.</returns>
    /// <exception cref="KeyNotFoundException">The round has no comment with this key: the page answers 404.</exception>
    public async Task<CommentChange> ShowAsync(string roundName, long responseId, CancellationToken ct = default)
    {
        var werkplein = await WerkpleinOfAsync(roundName, responseId, ct);
        int deleted;
        using (await WriteGate.EnterAsync(db, ct))
        {
            deleted = await db.CommentHides.Where(h => h.ResponseId == responseId).ExecuteDeleteAsync(ct);
        }

        if (deleted == 0)
        {
            return CommentChange.Unchanged;
        }

        await audit.RecordAsync(AuditAction.CommentShown, AuditObject.Comment, responseId.ToString(CultureInfo.InvariantCulture), roundName,
            $"Werkplein {werkplein}", ct);
        return CommentChange.Done;
    }

    /// <summary>
    /// Writes the download of <paramref name="list"/> (never a hidden comment) and records it in the audit log;
    /// <paramref name="scope"/> says whose comments they are ("Werkplein WP-A", "alle Werkpleinen").
    /// </summary>
    public async Task ExportAsync(CommentList list, TableFormat format, string scope, Stream output, CancellationToken ct = default)
    {
        await WriteAsync(list, output, format, ct);
        await audit.RecordExportAsync("opmerkingen", list.Round, $"{scope}, {format.Name().ToUpperInvariant()}, {list.Exported.Count()} opmerkingen", ct);
    }

    /// <summary>Writes <paramref name="list"/> as CSV: Werkplein, grade, one column per attribute, the masked comment; no hidden comments.</summary>
    public static Task WriteCsvAsync(CommentList list, Stream output, CancellationToken ct = default) => WriteAsync(list, output, TableFormat.Csv, ct);

    /// <summary>The same table as <see cref="WriteCsvAsync"/> as an Excel workbook (one sheet, <c>Opmerkingen</c>).</summary>
    public static Task WriteXlsxAsync(CommentList list, Stream output, CancellationToken ct = default) => WriteAsync(list, output, TableFormat.Xlsx, ct);

    /// <summary>The same table as <see cref="WriteCsvAsync"/> in <paramref name="format"/>.</summary>
    public static async Task WriteAsync(CommentList list, Stream output, TableFormat format, CancellationToken ct = default)
    {
        await using var writer = TableFormats.CreateWriter(output, format, "Opmerkingen");
        await WriteTableAsync(writer, list, ct);
    }

    private static async Task WriteTableAsync(TableWriter writer, CommentList list, CancellationToken ct)
    {
        var header = string.Join(",", new[] { "werkplein", "totaaloordeel" }.Concat(list.Attributes.Select(a => a.Id)).Append("opmerking"));
        await writer.WriteTableAsync(header, list.Exported, static (w, c) =>
        {
            w.Text(c.Werkplein);
            w.Integer(c.Grade);
            foreach (var (_, group) in c.Groups)
            {
                w.Text(group);
            }

            w.Text(c.Text);
        }, ct);
    }

    private async Task<string> WerkpleinOfAsync(string roundName, long responseId, CancellationToken ct) =>
        await (from r in db.Responses
               join rd in db.Rounds on r.RoundId equals rd.Id
               join i in db.Invitations on r.InvitationId equals i.Id
               join p in db.Participants on i.ParticipantId equals p.Id
               join w in db.Werkpleinen on p.WerkpleinId equals w.Id
               where r.Id == responseId && rd.Name == roundName && r.Comment != null && r.Comment != ""
               select w.Code).FirstOrDefaultAsync(ct)
        ?? throw new KeyNotFoundException($"Ronde '{roundName}' heeft geen opmerking {responseId}.");

    private static string Clip(string text) => text.Length <= AuditEntry.ActorMaxLength ? text : text[..AuditEntry.ActorMaxLength];

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    private static bool Passes(CommentItem item, CommentFilter filter) =>
        (filter.MinGrade is not { } min || item.Grade >= min)
        && (filter.MaxGrade is not { } max || item.Grade <= max)
        && (filter.Breakdown is null || filter.Group is null
            || item.Groups.Any(g => g.Breakdown == filter.Breakdown && string.Equals(g.Group, filter.Group, StringComparison.OrdinalIgnoreCase)))
        && (string.IsNullOrWhiteSpace(filter.Search) || item.Text.Contains(filter.Search.Trim(), StringComparison.CurrentCultureIgnoreCase));
}
