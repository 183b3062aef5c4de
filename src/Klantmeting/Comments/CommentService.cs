using Klantmeting.Participants;
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
public sealed record CommentFilter(string? Werkplein = null, string? Breakdown = null, string? Group = null,
    int? MinGrade = null, int? MaxGrade = null, string? Search = null);

/// <summary>One comment as a reader sees it: masked text, the grade and the groups of the respondent, never who.</summary>
/// <param name="Werkplein">Code of the respondent's Werkplein.</param>
/// <param name="Grade">The overall grade (1-10), or null when not given.</param>
/// <param name="Groups">Per broken-down attribute (questionnaire order) the respondent's group.</param>
/// <param name="Text">The comment, masked by <see cref="CommentMasker"/>.</param>
public sealed record CommentItem(string Werkplein, int? Grade, IReadOnlyList<(string Breakdown, string Group)> Groups, string Text);

/// <summary>The comments of a round that a reader may read.</summary>
/// <param name="Round">The round's name.</param>
/// <param name="Attributes">The broken-down attributes and their groups, for filters and columns.</param>
/// <param name="Items">The comments that pass the filter.</param>
/// <param name="Withheld">Codes of Werkpleinen whose comments are withheld: fewer respondents than the minimum cell size.</param>
/// <param name="MinimumCellSize">The minimum number of respondents before a Werkplein's comments are shown.</param>
public sealed record CommentList(string Round, IReadOnlyList<(string Id, string Label, IReadOnlyList<string> Groups)> Attributes,
    IReadOnlyList<CommentItem> Items, IReadOnlyList<string> Withheld, int MinimumCellSize);

/// <summary>
/// The open answers of a round for the people who learn from them. A Werkplein's comments are shown only when the
/// Werkplein has at least <see cref="ResultsOptions.MinimumCellSize"/> respondents (complete and partial, as the
/// figures count them) in the round, so a comment cannot be tied to one of a handful of people; every comment is
/// masked on the way out; refs, e-mail addresses and ids are never part of the result.
/// </summary>
public sealed class CommentService(KlantmetingDbContext db, ISurveyCatalog surveys, ResultsService results, IOptions<ResultsOptions> options)
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
                where r.RoundId == round.Id && r.Comment != null && r.Comment != "" && shown.Contains(w.Code)
                orderby w.Code, r.Id
                select new { ParticipantId = p.Id, Werkplein = w.Code, r.Grade, Comment = r.Comment! })
            .ToListAsync(ct);
        var names = layout.Attributes.Select(a => a.Definition.Id).ToList();
        var ids = rows.Select(r => r.ParticipantId).ToList();
        var attributes = (await db.ParticipantAttributes.AsNoTracking()
                .Where(a => ids.Contains(a.ParticipantId) && names.Contains(a.Name))
                .Select(a => new { a.ParticipantId, a.Name, a.Value })
                .ToListAsync(ct))
            .ToLookup(a => a.ParticipantId);

        var items = new List<CommentItem>();
        foreach (var row in rows)
        {
            var values = attributes[row.ParticipantId].ToDictionary(a => a.Name, a => (string?)a.Value, StringComparer.Ordinal);
            var groups = layout.Attributes
                .Select(a => (a.Definition.Id, layout.Slots[a.SlotOf(values.GetValueOrDefault(a.Definition.Id))].Group))
                .ToList();
            var item = new CommentItem(row.Werkplein, row.Grade, groups, CommentMasker.Mask(row.Comment));
            if (Passes(item, filter))
            {
                items.Add(item);
            }
        }

        var attributeList = layout.Attributes
            .Select(a => (a.Definition.Id, a.Definition.Label,
                (IReadOnlyList<string>)layout.Slots.Where(s => s.Breakdown == a.Definition.Id).Select(s => s.Group).ToList()))
            .ToList();
        return new CommentList(round.Name, attributeList, items, withheld, minimum);
    }

    /// <summary>Writes <paramref name="list"/> as CSV: Werkplein, grade, one column per attribute, the masked comment.</summary>
    public static async Task WriteCsvAsync(CommentList list, Stream output, CancellationToken ct = default)
    {
        await using var writer = Infrastructure.Exports.CsvTableWriter.Create(output);
        var header = string.Join(",", new[] { "werkplein", "totaaloordeel" }.Concat(list.Attributes.Select(a => a.Id)).Append("opmerking"));
        await writer.WriteTableAsync(header, list.Items, static (w, c) =>
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

    private static bool Passes(CommentItem item, CommentFilter filter) =>
        (filter.MinGrade is not { } min || item.Grade >= min)
        && (filter.MaxGrade is not { } max || item.Grade <= max)
        && (filter.Breakdown is null || filter.Group is null
            || item.Groups.Any(g => g.Breakdown == filter.Breakdown && string.Equals(g.Group, filter.Group, StringComparison.OrdinalIgnoreCase)))
        && (string.IsNullOrWhiteSpace(filter.Search) || item.Text.Contains(filter.Search.Trim(), StringComparison.CurrentCultureIgnoreCase));
}
