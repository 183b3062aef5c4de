using Klantmeting.Results;
using Klantmeting.Rounds;

namespace Klantmeting.Trends;

/// <summary>One round in a trend, oldest first.</summary>
public sealed record TrendRound(string Name, string QuestionnaireId, DateOnly FieldworkStart, DateOnly FieldworkEnd, RoundState State);

/// <summary>What a trend line follows.</summary>
public enum TrendLineKind
{
    /// <summary>The overall grade (<c>totaaloordeel</c>).</summary>
    Grade,

    /// <summary>A principle, matched across questionnaire versions.</summary>
    Principle,

    /// <summary>The overall grade of one breakdown group (e.g. vaste contactpersoon = ja).</summary>
    Group,
}

/// <summary>
/// One round of a trend line: the cell of the Werkplein (or NL), the national cell beside it (null for NL itself),
/// and whether the line breaks before this round (the measure was redefined, or did not exist in this form before).
/// A null or suppressed cell has no figure: the line has a gap there.
/// </summary>
public sealed record TrendPoint(ResultCell? Cell, ResultCell? National, bool BreakBefore, string? BreakNote);

/// <summary>
/// One line of a trend: a measure or a breakdown group, a point per round of <see cref="AudienceTrend.Rounds"/>.
/// <paramref name="Breakdown"/> and <paramref name="Group"/> are the attribute id and group of a group line
/// (<c>totaal</c> otherwise); <paramref name="BreakdownLabel"/> the attribute's label.
/// </summary>
public sealed record TrendLine(string Id, string Name, TrendLineKind Kind, string Breakdown, string BreakdownLabel, string Group, IReadOnlyList<TrendPoint> Points)
{
    /// <summary>True when the line breaks somewhere (a <c>changed</c> link between two of its rounds).</summary>
    public bool HasBreak => Points.Any(p => p.BreakBefore);
}

/// <summary>The response rate (AAPOR RR1) of a round: of the Werkplein (or NL) and, beside a Werkplein, of NL (null for NL itself).</summary>
public sealed record TrendResponse(double? Rr1, double? NationalRr1);

/// <summary>
/// The trend of one audience (job seekers or employers) for one Werkplein or NL: every round of that audience,
/// the overall grade and each principle (<see cref="Measures"/>), the overall grade per breakdown group
/// (<see cref="Groups"/>; empty when not asked for) and the response rate per round (<see cref="Response"/>).
/// </summary>
public sealed record AudienceTrend(string Audience, string Unit, IReadOnlyList<TrendRound> Rounds, IReadOnlyList<TrendLine> Measures,
    IReadOnlyList<TrendLine> Groups, IReadOnlyList<TrendResponse> Response);
