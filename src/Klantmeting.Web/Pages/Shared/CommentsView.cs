using Klantmeting.Comments;

namespace Klantmeting.Web.Pages.Shared;

/// <summary>What the comments partial shows: the list, the filter it came from, the Werkpleinen to choose from.</summary>
/// <param name="List">The comments.</param>
/// <param name="Filter">The filter, to fill the form again.</param>
/// <param name="Werkpleinen">Code and name of each Werkplein the reader may choose (one: no choice shown).</param>
/// <param name="Hidden">Query values the form must keep (e.g. the round of a Werkplein page).</param>
/// <param name="CsvUrl">The download of the same selection.</param>
public sealed record CommentsView(CommentList List, CommentFilter Filter, IReadOnlyList<(string Code, string Name)> Werkpleinen,
    IReadOnlyList<(string Name, string Value)> Hidden, string CsvUrl)
{
    /// <summary>The filter from the query string values of the form.</summary>
    public static CommentFilter Parse(string? werkplein, string? groep, int? van, int? tot, string? zoek)
    {
        var (breakdown, group) = groep?.Split(':', 2) is [var b, var g] ? (b, g) : ((string?)null, (string?)null);
        return new CommentFilter(string.IsNullOrWhiteSpace(werkplein) ? null : werkplein, breakdown, group,
            van is >= 1 and <= 10 ? van : null, tot is >= 1 and <= 10 ? tot : null, string.IsNullOrWhiteSpace(zoek) ? null : zoek);
    }

    /// <summary>The query string of a filter (for the CSV link), starting with '&amp;' when not empty.</summary>
    public static string Query(CommentFilter f)
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={Uri.EscapeDataString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!)}");
            }
        }

        Add("werkplein", f.Werkplein);
        Add("groep", f.Breakdown is null ? null : f.Breakdown + ":" + f.Group);
        Add("van", f.MinGrade);
        Add("tot", f.MaxGrade);
        Add("zoek", f.Search);
        return parts.Count == 0 ? "" : "&" + string.Join("&", parts);
    }
}
