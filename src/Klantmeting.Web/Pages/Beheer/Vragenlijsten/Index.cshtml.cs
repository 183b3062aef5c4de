using Klantmeting.Infrastructure.Data;
using Klantmeting.Surveys;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Vragenlijsten;

/// <summary>Every questionnaire version the catalog loaded, with the rounds that use it.</summary>
public class IndexModel(ISurveyCatalog surveys, KlantmetingDbContext db) : PageModel
{
    public IReadOnlyList<SurveyDefinition> Surveys { get; private set; } = [];

    public ILookup<string, QuestionnaireRounds.UsedBy> Rounds { get; private set; } = Enumerable.Empty<QuestionnaireRounds.UsedBy>().ToLookup(_ => "");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Surveys = surveys.All.OrderBy(s => s.Audience, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        Rounds = await QuestionnaireRounds.LoadAsync(db, null, ct);
    }
}
