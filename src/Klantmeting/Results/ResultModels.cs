namespace Klantmeting.Results;

/// <summary>AAPOR final disposition of an invitation (internet survey of named persons).</summary>
public enum Disposition
{
    /// <summary>1.1: at least 80% of the applicable items answered.</summary>
    Complete,

    /// <summary>1.2: 50% up to 80% answered.</summary>
    Partial,

    /// <summary>2.12: started, under 50% answered.</summary>
    BreakOff,

    /// <summary>2.111: refusal / opt-out.</summary>
    Refusal,

    /// <summary>3.11: not yet sent.</summary>
    NotSent,

    /// <summary>3.19: sent, no response.</summary>
    SentNoResponse,

    /// <summary>3.30: bounced.</summary>
    Bounced,
}

/// <summary>Counts of current dispositions for one Werkplein (or <c>NL</c>) and one attribute group (or <c>totaal</c>).</summary>
public sealed record ResponseRateRow(
    string Round,
    string Werkplein,
    string Breakdown,
    string Group,
    int NotSent,
    int SentNoResponse,
    int Bounced,
    int OptedOut,
    int BreakOff,
    int Partial,
    int Complete)
{
    /// <summary>
    /// AAPOR "other" (O): eligible, no interview, for another reason. Zero unless such a disposition is recorded;
    /// nothing in Klantmeting records one yet, the member exists so the rates follow the formula in full.
    /// </summary>
    public int Other { get; init; }

    /// <summary>Every participant in the sample: <see cref="NotSent"/> + <see cref="Sent"/>.</summary>
    public int Invited => NotSent + Sent;

    /// <summary>Every invitation that went out, whatever happened after.</summary>
    public int Sent => SentNoResponse + Bounced + OptedOut + BreakOff + Partial + Complete + Other;

    /// <summary>The AAPOR denominator (I + P) + (R + NC + O) + (UH + UO); R = refusal + break-off, NC = 0.</summary>
    public int Eligible => (Complete + Partial) + (OptedOut + BreakOff + 0 + Other) + (NotSent + SentNoResponse + Bounced);

    /// <summary>AAPOR RR1 = I / ((I + P) + (R + NC + O) + (UH + UO)); null when nobody was invited.</summary>
    public double? Rr1 => Eligible == 0 ? null : (double)Complete / Eligible;

    /// <summary>AAPOR RR2 = (I + P) / ((I + P) + (R + NC + O) + (UH + UO)); null when nobody was invited.</summary>
    public double? Rr2 => Eligible == 0 ? null : (double)(Complete + Partial) / Eligible;

    /// <summary>
    /// AAPOR COOP1 = I / ((I + P) + R + O): of the people reached who could answer, the share who completed; null when
    /// nobody was reached.
    /// </summary>
    public double? Coop1 => Contacted == 0 ? null : (double)Complete / Contacted;

    /// <summary>AAPOR REF1 = R / ((I + P) + (R + NC + O) + (UH + UO)), R = refusal + break-off; null when nobody was invited.</summary>
    public double? Ref1 => Eligible == 0 ? null : (double)(OptedOut + BreakOff) / Eligible;

    /// <summary>
    /// AAPOR CON1 = ((I + P) + R + O) / ((I + P) + R + O + NC + (UH + UO)): the share reached at all; an e-mail without
    /// any reaction is unknown eligibility (3.19), not a contact. Null when nobody was invited.
    /// </summary>
    public double? Con1 => Eligible == 0 ? null : (double)Contacted / Eligible;

    /// <summary>(I + P) + R + O: every case with a known reaction (an answer, a refusal, a break-off, other).</summary>
    private int Contacted => Complete + Partial + OptedOut + BreakOff + Other;
}

/// <summary>
/// The figures of one cell: Werkplein code or <c>NL</c>, breakdown (<c>totaal</c> or an attribute id), group
/// (<c>totaal</c>, an attribute value or a band label), measure (<c>totaaloordeel</c> or a principle id).
/// A suppressed cell (n below the minimum) carries no figures at all.
/// </summary>
public sealed record ResultCell(
    string Round,
    string Werkplein,
    string Breakdown,
    string Group,
    string Measure,
    int? N,
    double? Mean,
    double? Sd,
    double? CiLow,
    double? CiHigh,
    double? Top2,
    double? Top2Low,
    double? Top2High,
    bool Suppressed);

/// <summary>
/// A weighted cell: <see cref="Cell"/> holds the unweighted n (suppression stays on it) with the weighted mean, sd,
/// interval and top-2 proportion; beside it the standard error of the mean, Kish's effective sample size and the
/// design effect. All null for a suppressed cell.
/// </summary>
public sealed record WeightedCell(ResultCell Cell, double? Se, double? NEff, double? Deff);

/// <summary>Cumulative completes at the end of one fieldwork day (Europe/Amsterdam).</summary>
public sealed record FieldworkPoint(DateOnly Day, int Complete, int Cumulative);

/// <summary>The overall (<c>totaal</c>) cells and response rates of a round: NL and each Werkplein.</summary>
public sealed record RoundTotals(IReadOnlyList<ResultCell> Cells, IReadOnlyList<ResponseRateRow> ResponseRates);
