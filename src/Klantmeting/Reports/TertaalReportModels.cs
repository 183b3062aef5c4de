using Klantmeting.Comparison;
using Klantmeting.Landkaart;
using Klantmeting.Results;

namespace Klantmeting.Reports;

/// <summary>One figure of the report: its cell this tertaal and last tertaal, and the tested change between them.</summary>
/// <param name="Name">Measure name ("Rapportcijfer totaal", a principle) or group text ("Met een vaste contactpersoon").</param>
/// <param name="Current">This tertaal's cell (null: no cell; suppressed cells carry no figures).</param>
/// <param name="Previous">Last tertaal's cell, or null.</param>
/// <param name="Change">The change as the comparison page tests it (Welch, Holm); null for breakdown groups and without a previous round.</param>
public sealed record ReportFigure(string Name, ResultCell? Current, ResultCell? Previous, Change? Change);

/// <summary>The client figures of one audience for one area (NL or a Werkplein).</summary>
/// <param name="Audience">werkzoekenden or werkgevers.</param>
/// <param name="Measures">Overall grade, then each principle.</param>
/// <param name="Breakdowns">The overall grade per contact-person and benefit group.</param>
/// <param name="Response">The response counts of this tertaal's round (RR1), or null when the area was not in it.</param>
public sealed record AudienceFigures(string Audience, IReadOnlyList<ReportFigure> Measures, IReadOnlyList<ReportFigure> Breakdowns, ResponseRateRow? Response);

/// <summary>One area of the report: Nederland or one Werkplein.</summary>
/// <param name="Code"><c>NL</c> or the Werkplein code.</param>
/// <param name="Name">"Nederland" or the Werkplein's name.</param>
/// <param name="Audiences">Per audience with a round in the tertaal, its figures.</param>
/// <param name="LandkaartPercent">Landkaart total (national average for NL); null without an accepted Landkaart.</param>
/// <param name="PreviousLandkaartPercent">The same, last tertaal.</param>
/// <param name="Summary">Short plain-Dutch sentences built from the figures.</param>
public sealed record ReportArea(string Code, string Name, IReadOnlyList<AudienceFigures> Audiences, double? LandkaartPercent,
    double? PreviousLandkaartPercent, IReadOnlyList<string> Summary);

/// <summary>The round of one audience the report uses, and the one it is compared with.</summary>
/// <param name="Audience">werkzoekenden or werkgevers.</param>
/// <param name="Round">Latest closed round whose fieldwork ended in the tertaal.</param>
/// <param name="PreviousRound">Latest closed round of the same audience in the previous tertaal, or null.</param>
public sealed record ReportRound(string Audience, string Round, string? PreviousRound);

/// <summary>
/// The tertaal report: nationally and per Werkplein the client figures of the latest closed rounds, the change since
/// the previous tertaal, the Landkaart total and its national spread, and a generated summary.
/// </summary>
/// <param name="Tertaal">The tertaal.</param>
/// <param name="Rounds">The rounds used, per audience.</param>
/// <param name="National">Nederland.</param>
/// <param name="Werkpleinen">Every Werkplein with figures, by code.</param>
/// <param name="Landkaart">The Landkaart results of the tertaal (national spread; per Werkplein scores only in the full report).</param>
/// <param name="MinimumCellSize">Cells below this n show no figures.</param>
public sealed record TertaalReport(Tertaal Tertaal, IReadOnlyList<ReportRound> Rounds, ReportArea National, IReadOnlyList<ReportArea> Werkpleinen,
    LandkaartTertaalResult Landkaart, int MinimumCellSize)
{
    /// <summary>The part one Werkplein may see: Nederland and itself; the Landkaart without the other Werkpleinen' scores.</summary>
    public TertaalReport ForWerkplein(string code) => this with
    {
        Werkpleinen = [.. Werkpleinen.Where(w => w.Code == code)],
        Landkaart = Landkaart with { Werkpleinen = [.. Landkaart.Werkpleinen.Where(w => w.Code == code)] },
    };
}

/// <summary>How the report writes figures: Dutch decimals, and the suppression text instead of a hidden figure.</summary>
public static class ReportText
{
    /// <summary>Dutch culture of every figure.</summary>
    public static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>Said instead of a suppressed figure.</summary>
    public const string Suppressed = "te weinig antwoorden";

    /// <summary>A mean with one decimal ("6,8"), the suppression text, or a dash without a cell.</summary>
    public static string Mean(ResultCell? cell) => cell switch
    {
        null => "–",
        { Suppressed: true } or { Mean: null } => Suppressed,
        { Mean: { } m } => m.ToString("0.0", Dutch),
    };

    /// <summary>n of a cell, or a dash (a suppressed cell shows no n either).</summary>
    public static string N(ResultCell? cell) => cell is { Suppressed: false, N: { } n } ? n.ToString("N0", Dutch) : "–";

    /// <summary>A percentage without decimals ("73%"), or a dash.</summary>
    public static string Percent(double? percent) => percent is { } p ? p.ToString("0", Dutch) + "%" : "–";

    /// <summary>A fraction as a percentage with one decimal ("80,0%"), or a dash.</summary>
    public static string Fraction(double? fraction) => fraction is { } f ? (f * 100).ToString("0.0", Dutch) + "%" : "–";

    /// <summary>The change in words: "hoger", "lager", "gelijk (geen significant verschil)" or why it was not tested.</summary>
    public static string Change(Change? change) => change switch
    {
        null => "geen vorige meting",
        { Significant: true, Test: { } t } => t.Difference > 0 ? "hoger (significant)" : "lager (significant)",
        { Status: ChangeStatus.Tested } => "gelijk (geen significant verschil)",
        { Status: ChangeStatus.Suppressed } => "niet getoetst: " + Suppressed,
        { Status: ChangeStatus.Redefined } => "niet getoetst: anders gemeten",
        { Status: ChangeStatus.Missing } => "niet getoetst: niet in beide metingen",
        _ => "niet te toetsen",
    };
}
