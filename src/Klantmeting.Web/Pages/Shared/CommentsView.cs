using Klantmeting.Comments;

namespace Klantmeting.Web.Pages.Shared;

/// <summary>What the comments partial shows: the list, the filter it came from, the Werkpleinen to choose from.</summary>
/// <param name="List">The comments.</param>
/// <param name="Filter">The filter, to fill the form again.</param>
/// <param name="Werkpleinen">Code and name of each Werkplein the reader may choose (one: no choice shown).</param>
/// <param name="Hidden">Query values the form must keep (e.g. the round of a Werkplein page).</param>
/// <param name="Path">The page's path, for the download links and the hide forms.</param>
/// <param name="Moderation">For administrators: hiding and showing comments; null on the Werkplein pages.</param>
public sealed record CommentsView(CommentList List, CommentFilter Filter, IReadOnlyList<(string Code, string Name)> Werkpleinen,
    IReadOnlyList<(string Name, string Value)> Hidden, string Path, CommentModeration? Moderation = null)
{
    /// <summary>The download of the same selection (machine CSV; <see cref="TableDownload"/> adds the other formats).</summary>
    public string CsvUrl => Url("Csv");

    /// <summary>The page with the same selection and <paramref name="handler"/> (a download, or a form's POST handler).</summary>
    public string Url(string? handler)
    {
        var parts = new List<string>();
        if (handler is not null)
        {
            parts.Add("handler=" + handler);
        }

        parts.AddRange(Hidden.Select(h => $"{h.Name}={Uri.EscapeDataString(h.Value)}"));
        var query = string.Join("&", parts) + Query(Filter);
        return query.Length == 0 ? Path : Path + "?" + query.TrimStart('&');
    }

    /// <summary>The filter from the query string values of the form.</summary>
    public static CommentFilter Parse(string? werkplein, string? groep, int? van, int? tot, string? zoek, bool verborgen = false)
    {
        var (breakdown, group) = groep?.Split(':', 2) is [var b, var g] ? (b, g) : ((string?)null, (string?)null);
        return new CommentFilter(string.IsNullOrWhiteSpace(werkplein) ? null : werkplein, breakdown, group,
            van is >= 1 and <= 10 ? van : null, tot is >= 1 and <= 10 ? tot : null, string.IsNullOrWhiteSpace(zoek) ? null : zoek, verborgen);
    }

    /// <summary>The query string of a filter, starting with '&amp;' when not empty.</summary>
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
        Add("verborgen", f.IncludeHidden ? "true" : null);
        return parts.Count == 0 ? "" : "&" + string.Join("&", parts);
    }
}

/// <summary>The administrators' part of the comments partial.</summary>
/// <param name="Done">What the last hide or show did (<c>verborgen</c>, <c>getoond</c>), for the message; or null.</param>
/// <param name="ErrorId">The comment whose hide form has an error (its reason is kept in the form), or null.</param>
/// <param name="Reason">The reason typed in that form.</param>
public sealed record CommentModeration(string? Done, long? ErrorId = null, string? Reason = null)
{
    /// <summary>Id of a comment's reason field, also the model-state key of its error.</summary>
    public static string ReasonField(long id) => $"reden-{id}";
}
