using Klantmeting.Comparison;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Surveys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Beheer.Vragenlijsten;

/// <summary>One questionnaire version: its principles, statements, attributes and links to comparable versions.</summary>
public class VragenlijstModel(ISurveyCatalog surveys, KlantmetingDbContext db) : PageModel
{
    /// <summary>A principle of another version of the same audience this principle is compared with.</summary>
    public sealed record Link(SurveyDefinition Survey, Principle Principle);

    public SurveyDefinition Survey { get; private set; } = null!;

    public IReadOnlyList<QuestionnaireRounds.UsedBy> Rounds { get; private set; } = [];

    /// <summary>Principle id to its counterparts in the other versions of the same audience (as the comparison page matches them).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Link>> Links { get; private set; } = new Dictionary<string, IReadOnlyList<Link>>();

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (surveys.Find(id) is not { } survey)
        {
            return NotFound();
        }

        Survey = survey;
        Rounds = (await QuestionnaireRounds.LoadAsync(db, id, ct))[id].ToList();
        var others = surveys.All.Where(s => s.Id != id && s.Audience == survey.Audience).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        Links = survey.Principles.ToDictionary(p => p.Id, p => (IReadOnlyList<Link>)others
            .SelectMany(o => PrincipleMatching.Candidates(survey, p, o).Select(c => new Link(o, o.Principles.Single(x => x.Id == c))))
            .ToList());
        return Page();
    }

    /// <summary>The ids in <c>comparable_to</c> that name no principle in any other version of this audience.</summary>
    public IEnumerable<string> Unresolved(Principle principle) =>
        principle.ComparableTo.Where(c => !Links[principle.Id].Any(l => l.Principle.Id == c));

    public static string TypeOf(AttributeDefinition attribute) => attribute.Type switch
    {
        AttributeType.Choice => "keuze",
        AttributeType.Integer => "geheel getal",
        _ => "tekst",
    };
}
