using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Pages.Beheer.Vragenlijsten;

/// <summary>Which rounds use which questionnaire, newest first.</summary>
public static class QuestionnaireRounds
{
    /// <summary>A round that uses a questionnaire.</summary>
    public sealed record UsedBy(string Name, RoundState State, DateOnly FieldworkStart);

    /// <summary>Questionnaire id to the rounds using it; only <paramref name="questionnaireId"/> when given.</summary>
    public static async Task<ILookup<string, UsedBy>> LoadAsync(KlantmetingDbContext db, string? questionnaireId, CancellationToken ct)
    {
        var query = db.Rounds.AsNoTracking();
        if (questionnaireId is not null)
        {
            query = query.Where(r => r.QuestionnaireId == questionnaireId);
        }

        var rows = await query.Select(r => new { r.QuestionnaireId, r.Name, r.State, r.FieldworkStart }).ToListAsync(ct);
        return rows.OrderByDescending(r => r.FieldworkStart).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToLookup(r => r.QuestionnaireId, r => new UsedBy(r.Name, r.State, r.FieldworkStart), StringComparer.Ordinal);
    }

    /// <summary>The path of a questionnaire's page.</summary>
    public static string PathOf(string questionnaireId) => "/beheer/vragenlijsten/" + Uri.EscapeDataString(questionnaireId);
}
