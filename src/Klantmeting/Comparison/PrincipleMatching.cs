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
}

/// <summary>A principle of one round that has no single counterpart in every other chosen round: shown apart, never compared.</summary>
public sealed record UnmatchedPrinciple(string Round, string QuestionnaireId, string PrincipleId, string Name, string Reason);

/// <summary>
/// Matches principles across questionnaire versions. Within one questionnaire a principle matches itself. Between
/// two questionnaires, principle a matches principle b only when one of them names the other in <c>comparable_to</c>
/// (a declaration in either file suffices). A principle is comparable over the chosen rounds only when it has exactly
/// one match in every round, and those matches are the same chain; everything else is unmatched.
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
            new(SurveyDefinition.GradeItemId, "Rapportcijfer totaal", rounds.Select(_ => SurveyDefinition.GradeItemId).ToList()),
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
                matched.Add(new MatchedMeasure(principle.Id, principle.Name, ids));
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
