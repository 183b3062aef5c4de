using Klantmeting.Surveys;

namespace Klantmeting.Comparison;

/// <summary>A measure that can be followed across every chosen round: the principle id it has in each round's questionnaire.</summary>
/// <param name="Id">Id in the latest round (<c>totaaloordeel</c> for the overall grade).</param>
/// <param name="Name">Name in the latest round.</param>
/// <param name="IdPerRound">The principle id in each round, in round order.</param>
public sealed record MatchedMeasure(string Id, string Name, IReadOnlyList<string> IdPerRound)
{
    /// <summary>True when the id differs between rounds (matched through <c>comparable_to</c>).</summary>
    public bool Renamed => IdPerRound.Distinct(StringComparer.Ordinal).Count() > 1;

    /// <summary>
    /// Per round (same order as <see cref="IdPerRound"/>): true when the link from the previous round is
    /// <c>changed</c> (redefined), so a trend breaks there and no test is done across it. The first is always false;
    /// empty for a measure built without links (nothing changed).
    /// </summary>
    public IReadOnlyList<bool> ChangedBefore { get; init; } = [];

    /// <summary>Per round: the one-line explanation of a <c>changed</c> link from the previous round, else null.</summary>
    public IReadOnlyList<string?> ChangeNotes { get; init; } = [];

    /// <summary>True when the measure was redefined between round <paramref name="round"/> - 1 and <paramref name="round"/>.</summary>
    public bool IsChangedBefore(int round) => round > 0 && round < ChangedBefore.Count && ChangedBefore[round];

    /// <summary>The explanation of the change before <paramref name="round"/>, or null.</summary>
    public string? ChangeNoteBefore(int round) => IsChangedBefore(round) && round < ChangeNotes.Count ? ChangeNotes[round] : null;
}

/// <summary>A principle of one round that has no single counterpart in every other chosen round: shown apart, never compared.</summary>
public sealed record UnmatchedPrinciple(string Round, string QuestionnaireId, string PrincipleId, string Name, string Reason);

/// <summary>
/// Matches principles across questionnaire versions. Within one questionnaire a principle matches itself. Between
/// two questionnaires, principle a matches principle b only when one of them names the other in <c>comparable_to</c>
/// (a declaration in either file suffices). A principle is comparable over the chosen rounds only when it has exactly
/// one match in every round, and those matches are the same chain; everything else is unmatched. Each link carries its
/// kind (<see cref="ComparabilityKind"/>): across a <c>changed</c> link the measure is still followed, but
/// <see cref="MatchedMeasure.ChangedBefore"/> marks the break, so no test is done and a trend line is not drawn there.
/// </summary>
public static class PrincipleMatching
{
    /// <summary>The matched measures (overall grade first, then the principles in the order of the latest round) and the unmatched principles.</summary>
    /// <param name="rounds">Round name and questionnaire of each round, oldest first; at least one.</param>
    /// <exception cref="ArgumentException">No rounds.</exception>
    public static (IReadOnlyList<MatchedMeasure> Matched, IReadOnlyList<UnmatchedPrinciple> Unmatched) Match(
        IReadOnlyList<(string Round, SurveyDefinition Survey)> rounds)
    {
        if (rounds.Count == 0)
        {
            throw new ArgumentException("At least one round.", nameof(rounds));
        }

        var latest = rounds[^1].Survey;
        var matched = new List<MatchedMeasure>
        {
            // The overall grade is the same question (1-10 for the whole service) in every version.
            new(SurveyDefinition.GradeItemId, "Rapportcijfer totaal", rounds.Select(_ => SurveyDefinition.GradeItemId).ToList())
            {
                ChangedBefore = [.. rounds.Select(_ => false)],
                ChangeNotes = [.. rounds.Select(_ => (string?)null)],
            },
        };
        var used = rounds.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToList();
        foreach (var principle in latest.Principles)
        {
            var ids = new List<string>();
            foreach (var (_, survey) in rounds)
            {
                var candidates = Candidates(latest, principle, survey);
                // The counterpart must point back uniquely too, so that no principle is compared with two others.
                if (candidates.Count == 1 && Candidates(survey, survey.Principles.Single(p => p.Id == candidates[0]), latest) is [var back]
                    && back == principle.Id)
                {
                    ids.Add(candidates[0]);
                }
                else
                {
                    break;
                }
            }

            if (ids.Count == rounds.Count)
            {
                var links = Enumerable.Range(0, rounds.Count).Select(r => r == 0 ? null : Changed(rounds[r - 1].Survey, ids[r - 1], rounds[r].Survey, ids[r])).ToList();
                matched.Add(new MatchedMeasure(principle.Id, principle.Name, ids)
                {
                    ChangedBefore = [.. links.Select(l => l is not null)],
                    ChangeNotes = links,
                });
                for (var r = 0; r < rounds.Count; r++)
                {
                    used[r].Add(ids[r]);
                }
            }
        }

        var unmatched = new List<UnmatchedPrinciple>();
        for (var r = 0; r < rounds.Count; r++)
        {
            var (round, survey) = rounds[r];
            foreach (var principle in survey.Principles.Where(p => !used[r].Contains(p.Id)))
            {
                unmatched.Add(new UnmatchedPrinciple(round, survey.Id, principle.Id, principle.Name, Reason(rounds, r, principle)));
            }
        }

        return (matched, unmatched);
    }

    /// <summary>The principles of <paramref name="other"/> that <paramref name="principle"/> of <paramref name="own"/> may be compared with.</summary>
    public static IReadOnlyList<string> Candidates(SurveyDefinition own, Principle principle, SurveyDefinition other)
    {
        if (own.Id == other.Id)
        {
            return [principle.Id];
        }

        return other.Principles
            .Where(p => principle.ComparableTo.Contains(p.Id, StringComparer.Ordinal) || p.ComparableTo.Contains(principle.Id, StringComparer.Ordinal))
            .Select(p => p.Id)
            .ToList();
    }

    /// <summary>
    /// The explanation when principle <paramref name="laterId"/> of <paramref name="later"/> is a redefinition of
    /// <paramref name="earlierId"/> of <paramref name="earlier"/>; null when the definition is the same. A
    /// <c>changed</c> declaration in either file decides (the loader makes both sides agree); two versions that do not
    /// name each other directly count as changed, since nothing says their definitions are the same.
    /// </summary>
    public static string? Changed(SurveyDefinition earlier, string earlierId, SurveyDefinition later, string laterId)
    {
        if (earlier.Id == later.Id)
        {
            return null;
        }

        var forward = earlier.Principles.FirstOrDefault(p => p.Id == earlierId)?.LinkTo(laterId);
        var backward = later.Principles.FirstOrDefault(p => p.Id == laterId)?.LinkTo(earlierId);
        if (forward is null && backward is null)
        {
            return $"De vragenlijsten {earlier.Id} en {later.Id} koppelen dit onderdeel niet rechtstreeks.";
        }

        // The newer file explains its own redefinition best; the older one's note is the fallback.
        return new[] { backward, forward }.FirstOrDefault(l => l?.Kind == ComparabilityKind.Changed) is { } changed
            ? changed.Note ?? $"{laterId} in {later.Id} is anders gedefinieerd dan {earlierId} in {earlier.Id}."
            : null;
    }

    private static string Reason(IReadOnlyList<(string Round, SurveyDefinition Survey)> rounds, int index, Principle principle)
    {
        var own = rounds[index].Survey;
        foreach (var (round, survey) in rounds)
        {
            var candidates = Candidates(own, principle, survey);
            if (candidates.Count == 0)
            {
                return $"geen vergelijkbaar principe in {survey.Id} (ronde {round})";
            }

            if (candidates.Count > 1)
            {
                return $"meer dan één vergelijkbaar principe in {survey.Id} (ronde {round}): {string.Join(", ", candidates)}";
            }
        }

        return "de koppeling via comparable_to is niet eenduidig";
    }
}
