using Klantmeting.Results;
using Klantmeting.Surveys;

namespace Klantmeting.Tests.Results;

/// <summary>
/// The scoring of result cells on its own, without a database: respondents written out here, every figure computed by
/// hand (t quantiles from the table: t(0.975; 1) = 12.706205, t(0.975; 2) = 4.302653; z = 1.959964).
/// </summary>
/// <remarks>
/// The questionnaire: principles a (a.1, a.2) and b (b.1, b.2) and the grade, so 5 applicable items: complete from 4,
/// partial from 3, break-off at 2 or fewer. Attributes: optional choice <c>groep</c> (x, y) and required choice
/// <c>r</c> (ja). Slots: 0 totaal, 1 groep x, 2 groep y, 3 groep onbekend, 4 r ja, 5 r onbekend (shown only when used).
/// </remarks>
public sealed class CellAccumulatorTests
{
    private const int GroepX = 1, GroepY = 2, GroepOnbekend = 3, RJa = 4, ROnbekend = 5;

    private static readonly SurveyDefinition _survey = new(
        "test-1", 1, "werkzoekenden", "Test", "Intro",
        [Principle("a"), Principle("b")],
        new GradeItem("Cijfer"), new OpenItem("Toelichting"),
        [
            new AttributeDefinition("groep", "Groep", AttributeType.Choice, Required: false, ["x", "y"], null, null, []),
            new AttributeDefinition("r", "R", AttributeType.Choice, Required: true, ["ja"], null, null, []),
        ],
        "test.yaml");

    [Fact]
    public void Three_respondents_and_a_break_off_give_the_hand_computed_cells()
    {
        var cells = Accumulate(
            minimum: 2,
            // R1: grade 8; a answered 4 and 5: mean 4.5, score 1 + 3.5 * 9 / 4 = 8.875 (top-2); b 2 and 2: 3.25.
            new Respondent(1, 8, 4, [9, 4], [2, 2], [GroepX, RJa]),
            // R2: grade 6; a 3 and 3: 5.5; b 3 and 4: mean 3.5, score 6.625.
            new Respondent(1, 6, 4, [6, 7], [2, 2], [GroepX, RJa]),
            // R3: partial (3 statements, no grade: 3 of 5 items); a 4 and 4: mean exactly 4, score 7.75 (top-2);
            // b one "weet niet": no score.
            new Respondent(1, 0, 3, [8, 0], [2, 0], [GroepY, RJa]),
            // R4: break-off (1 statement + grade = 2 of 5 items): left out, so its r onbekend is not shown either.
            new Respondent(1, 10, 1, [5, 0], [1, 0], [GroepY, ROnbekend]));

        // NL and W1 each: totaal, groep x, y, onbekend, r ja (r onbekend hidden) × 3 measures.
        Assert.Equal(2 * 5 * 3, cells.Count);
        Assert.DoesNotContain(cells, c => c.Breakdown == "r" && c.Group == "onbekend");
        foreach (var werkplein in new[] { "NL", "W1" })
        {
            // Grades 8 and 6: mean 7, sd sqrt((1 + 1) / 1) = 1.414214, half width 12.706205 * 1.414214 / sqrt(2) =
            // 12.706205; top-2 1 of 2, Wilson (0.094531, 0.905469).
            AssertCell(Cell(cells, werkplein, "totaal", "totaal", "totaaloordeel"), 2, 7.0, 1.414214, -5.706205, 19.706205, 0.5, 0.094531, 0.905469);
            // 8.875, 5.5, 7.75: mean 22.125 / 3 = 7.375; squared deviations 2.25 + 3.515625 + 0.140625 = 5.90625,
            // sd sqrt(5.90625 / 2) = 1.718466, half width 4.302653 * 1.718466 / sqrt(3) = 4.268906; top-2 2 of 3
            // (R3's mean of exactly 4 counts), Wilson (0.207660, 0.938508).
            AssertCell(Cell(cells, werkplein, "totaal", "totaal", "a"), 3, 7.375, 1.718466, 3.106094, 11.643906, 2.0 / 3, 0.207660, 0.938508);
            // 3.25 and 6.625: mean 4.9375, sd 3.375 / sqrt(2) = 2.386485, half width 12.706205 * 2.386485 / sqrt(2) =
            // 21.441721; top-2 0 of 2, Wilson (0, 0.657620).
            AssertCell(Cell(cells, werkplein, "totaal", "totaal", "b"), 2, 4.9375, 2.386485, -16.504220, 26.379220, 0.0, 0.0, 0.657620);
            // groep x is R1 and R2: the same figures as totaal for the grade.
            AssertCell(Cell(cells, werkplein, "groep", "x", "totaaloordeel"), 2, 7.0, 1.414214, -5.706205, 19.706205, 0.5, 0.094531, 0.905469);
            // groep y is R3 alone (n 1 below the minimum 2); groep onbekend is nobody: both suppressed, still listed.
            Assert.True(Cell(cells, werkplein, "groep", "y", "a").Suppressed);
            Assert.Null(Cell(cells, werkplein, "groep", "y", "a").N);
            Assert.True(Cell(cells, werkplein, "groep", "onbekend", "totaaloordeel").Suppressed);
            AssertCell(Cell(cells, werkplein, "r", "ja", "a"), 3, 7.375, 1.718466, 3.106094, 11.643906, 2.0 / 3, 0.207660, 0.938508);
        }
    }

    [Fact]
    public void Cells_come_in_export_order()
    {
        var cells = Accumulate(minimum: 1, new Respondent(1, 7, 4, [5, 5], [1, 1], [GroepX, RJa]));

        Assert.Equal(
            ["NL totaal totaal totaaloordeel", "NL totaal totaal a", "NL totaal totaal b", "NL groep x totaaloordeel"],
            cells.Take(4).Select(c => $"{c.Werkplein} {c.Breakdown} {c.Group} {c.Measure}"));
        Assert.Equal("W1", cells[15].Werkplein);
        Assert.All(cells, c => Assert.Equal("T3", c.Round));
    }

    [Fact]
    public void A_respondent_outside_the_round_s_werkpleinen_counts_nationally_only()
    {
        // Werkplein index 0: grade 9; a 5 and 5: score 10; b 1: score 1. One value: a mean, no sd or interval.
        var cells = Accumulate(minimum: 1, new Respondent(0, 9, 4, [10, 1], [2, 1], [GroepX, RJa]));

        var national = Cell(cells, "NL", "totaal", "totaal", "a");
        Assert.Equal(1, national.N);
        Assert.Equal(10.0, national.Mean);
        Assert.Null(national.Sd);
        Assert.Equal(1.0, national.Top2);
        Assert.Equal(1.0, Cell(cells, "NL", "totaal", "totaal", "b").Mean);
        Assert.Equal(0.0, Cell(cells, "NL", "totaal", "totaal", "b").Top2);
        Assert.True(Cell(cells, "W1", "totaal", "totaal", "a").Suppressed);
    }

    [Fact]
    public void Onbekend_of_a_required_attribute_is_shown_when_a_respondent_is_in_it()
    {
        var cells = Accumulate(minimum: 1, new Respondent(1, 8, 4, [8, 8], [2, 2], [GroepOnbekend, ROnbekend]));

        var cell = Cell(cells, "W1", "r", "onbekend", "totaaloordeel");
        Assert.Equal(1, cell.N);
        Assert.Equal(8.0, cell.Mean);
        Assert.Equal(1.0, cell.Top2);
        Assert.Equal(1, Cell(cells, "NL", "groep", "onbekend", "b").N);
    }

    [Fact]
    public void Principle_score_is_the_converted_grade_of_the_mean_answer()
    {
        // 4 + 5 + 5 = 14 over 3 answers: mean 4.666667, score 1 + 3.666667 * 9 / 4 = 9.25.
        Assert.Equal(9.25, Statistics.PrincipleScore(14, 3), 12);
        Assert.Equal(7.75, Statistics.PrincipleScore(8, 2));
        Assert.True(Statistics.IsTopBoxScore(Statistics.PrincipleScore(8, 2)));
        // 3 + 4 + 4 = 11 over 3: mean 3.666667, score 7.0: not top-2.
        Assert.False(Statistics.IsTopBoxScore(Statistics.PrincipleScore(11, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.PrincipleScore(0, 0));
    }

    private static Principle Principle(string id) =>
        new(id, id, id, [new Statement($"{id}.1", id, "Stelling 1"), new Statement($"{id}.2", id, "Stelling 2")], []);

    private static List<ResultCell> Accumulate(int minimum, params Respondent[] respondents)
    {
        var layout = BreakdownLayout.For(_survey);
        var accumulator = new CellAccumulator(_survey, layout, werkpleinCount: 1);
        foreach (var r in respondents)
        {
            accumulator.Add(new RespondentRow(r.Werkplein, r.Grade, r.Answered, r.Sums, r.Counts, r.Slots));
        }

        return accumulator.ToCells("T3", ["W1"], minimum);
    }

    private static ResultCell Cell(List<ResultCell> cells, string werkplein, string breakdown, string group, string measure) =>
        Assert.Single(cells, c => c.Werkplein == werkplein && c.Breakdown == breakdown && c.Group == group && c.Measure == measure);

    private static void AssertCell(ResultCell cell, int n, double mean, double sd, double ciLow, double ciHigh, double top2, double top2Low, double top2High)
    {
        Assert.False(cell.Suppressed);
        Assert.Equal(n, cell.N);
        // Figures are written to 6 decimals; the tolerance is within the last of them.
        const double tolerance = 1e-6;
        Assert.Equal(mean, cell.Mean!.Value, tolerance);
        Assert.Equal(sd, cell.Sd!.Value, tolerance);
        Assert.Equal(ciLow, cell.CiLow!.Value, tolerance);
        Assert.Equal(ciHigh, cell.CiHigh!.Value, tolerance);
        Assert.Equal(top2, cell.Top2!.Value, 1e-12);
        Assert.Equal(top2Low, cell.Top2Low!.Value, tolerance);
        Assert.Equal(top2High, cell.Top2High!.Value, tolerance);
    }

    /// <summary>One respondent as written in a test: Werkplein index, grade, statements answered, per principle sum and count, slots.</summary>
    private sealed record Respondent(int Werkplein, int Grade, int Answered, int[] Sums, int[] Counts, int[] Slots);
}
