using Klantmeting.Audit;
using Klantmeting.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer;

/// <summary>The audit log: who did what, when; filter by user, round and date; CSV download.</summary>
public class LogboekModel(AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "gebruiker")]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "ronde")]
    public string? Round { get; set; }

    [BindProperty(SupportsGet = true, Name = "van")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "tot")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public AuditPage Entries { get; private set; } = null!;

    public IReadOnlyList<string> Actors { get; private set; } = [];

    public IReadOnlyList<string> Rounds { get; private set; } = [];

    private AuditFilter Filter => new(Actor, Round, From, To);

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Actors, Rounds) = await audit.FilterValuesAsync(ct);
        Entries = await audit.QueryAsync(Filter, PageNumber, AuditLog.DefaultPageSize, ct);
    }

    public Task<IActionResult> OnGetCsvAsync(string? formaat, CancellationToken ct) =>
        TableDownload.FileAsync(formaat, "logboek", async (s, f) =>
        {
            await audit.WriteCsvAsync(Filter, s, f, ct);
            await audit.RecordExportAsync("logboek", Round, null, ct);
        });

    /// <summary>Query string of the current filter with another page (or the CSV handler).</summary>
    public string Link(int? page = null, string? handler = null)
    {
        var q = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                q.Add(key + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("handler", handler);
        Add("gebruiker", Actor);
        Add("ronde", Round);
        Add("van", From?.ToString("yyyy-MM-dd"));
        Add("tot", To?.ToString("yyyy-MM-dd"));
        Add("pagina", page?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/beheer/logboek" + (q.Count > 0 ? "?" + string.Join("&", q) : "");
    }
}
