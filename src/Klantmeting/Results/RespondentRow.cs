namespace Klantmeting.Results;

/// <summary>
/// What scoring needs of one respondent (a response of the round, whatever its completeness): the Werkplein, the
/// grade, how many statements were answered and, per principle, the sum and count of its 1-5 answers, and the
/// breakdown slot of each broken-down attribute. Spans point into the reader's arrays (or the caller's, in a test).
/// </summary>
/// <remarks>
/// The nonresponse weight is not a field here: it follows from the row's Werkplein and groups (its stratum, see
/// <see cref="RowStrata"/>), and <see cref="CellAccumulator.Add(in RespondentRow, int)"/> applies it where the
/// respondent's values reach its cells.
/// </remarks>
/// <param name="werkplein">1-based index in the round's Werkpleinen (ordinal by code); 0 when outside the list (counted nationally only).</param>
/// <param name="grade"><c>totaaloordeel</c> 1-10, or 0 when not given.</param>
/// <param name="answered">Statements answered, "weet niet" included; the grade is not counted here.</param>
/// <param name="sums">Per principle (questionnaire order): the sum of its 1-5 answers.</param>
/// <param name="counts">Per principle: the number of its 1-5 answers ("weet niet" has no score).</param>
/// <param name="slots">Per broken-down attribute (layout order): the slot of the respondent's group.</param>
/// <param name="modeSlot">The slot of the response's mode (<see cref="BreakdownLayout.ModeSlotOf"/>); -1 for none.</param>
internal readonly ref struct RespondentRow(
    int werkplein, int grade, int answered, ReadOnlySpan<int> sums, ReadOnlySpan<int> counts, ReadOnlySpan<int> slots, int modeSlot = -1)
{
    public int Werkplein { get; } = werkplein;
    public int Grade { get; } = grade;
    public int Answered { get; } = answered;
    public ReadOnlySpan<int> Sums { get; } = sums;
    public ReadOnlySpan<int> Counts { get; } = counts;
    public ReadOnlySpan<int> Slots { get; } = slots;
    public int ModeSlot { get; } = modeSlot;
}
