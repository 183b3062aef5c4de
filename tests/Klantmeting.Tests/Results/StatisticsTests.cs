using Klantmeting.Invitations;
using Klantmeting.Results;

namespace Klantmeting.Tests.Results;

/// <summary>Statistics and dispositions against worked examples; every number is written out here.</summary>
public sealed class StatisticsTests
{
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 3.25)]
    [InlineData(3, 5.5)]
    [InlineData(4, 7.75)]
    [InlineData(5, 10.0)]
    public void Converted_grade_of_a_statement_answer(int answer, double grade) =>
        Assert.Equal(grade, Statistics.ConvertedGrade(answer));

    [Fact]
    public void Weet_niet_has_no_converted_grade() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.ConvertedGrade(0));

    [Fact]
    public void Wilson_interval_of_46_out_of_100() =>
        AssertInterval((0.3656, 0.5574), Statistics.Wilson(46, 100));

    [Fact]
    public void Wilson_interval_of_0_out_of_10_starts_at_zero()
    {
        var (low, high) = Statistics.Wilson(0, 10)!.Value;
        Assert.Equal(0.0, low);
        Assert.Equal(0.2775, high, 4);
    }

    [Fact]
    public void Wilson_interval_of_nobody_is_null() => Assert.Null(Statistics.Wilson(0, 0));

    [Fact]
    public void T_interval_of_a_small_sample_computed_by_hand()
    {
        // 6, 7, 8, 9, 10: mean 8; squared deviations 4 + 1 + 0 + 1 + 4 = 10, s = sqrt(10 / 4) = 1.581139;
        // t(0.975, 4) = 2.776445 (table); half width 2.776445 * 1.581139 / sqrt(5) = 1.963243.
        var summary = Statistics.Summarize([6, 7, 8, 9, 10]);

        Assert.Equal(5, summary.N);
        Assert.Equal(8.0, summary.Mean!.Value, 10);
        Assert.Equal(1.581139, summary.Sd!.Value, 6);
        Assert.Equal(6.036757, summary.CiLow!.Value, 5);
        Assert.Equal(9.963243, summary.CiHigh!.Value, 5);
        Assert.Equal(2.776445, Statistics.T975(4), 6);
    }

    [Fact]
    public void One_value_has_a_mean_but_no_sd_or_interval()
    {
        var summary = Statistics.Summarize([7.75]);

        Assert.Equal(new Summary(1, 7.75, null, null, null), summary);
    }

    [Fact]
    public void Rr1_and_rr2_follow_the_aapor_formula()
    {
        // I = 400, P = 50, R = 100 (refusal 60 + break-off 40), NC = 0, O = 10, UH + UO = 440:
        // denominator (400 + 50) + (100 + 0 + 10) + 440 = 1000; RR1 = 400 / 1000, RR2 = 450 / 1000.
        var row = new ResponseRateRow("R", "NL", "totaal", "totaal", NotSent: 0, SentNoResponse: 440, Bounced: 0,
            OptedOut: 60, BreakOff: 40, Partial: 50, Complete: 400) { Other = 10 };

        Assert.Equal(1000, row.Eligible);
        Assert.Equal(1000, row.Invited);
        Assert.Equal(0.400, row.Rr1!.Value, 10);
        Assert.Equal(0.450, row.Rr2!.Value, 10);
    }

    [Fact]
    public void Coop1_ref1_and_con1_follow_the_aapor_formula()
    {
        // The same case: I = 400, P = 50, R = 100, O = 10, UH + UO = 440. COOP1 = I / ((I + P) + R + O) = 400 / 560;
        // REF1 = R / 1000; CON1 = ((I + P) + R + O) / 1000 = 560 / 1000.
        var row = new ResponseRateRow("R", "NL", "totaal", "totaal", NotSent: 0, SentNoResponse: 440, Bounced: 0,
            OptedOut: 60, BreakOff: 40, Partial: 50, Complete: 400) { Other = 10 };

        Assert.Equal(400.0 / 560, row.Coop1!.Value, 10);
        Assert.Equal(0.100, row.Ref1!.Value, 10);
        Assert.Equal(0.560, row.Con1!.Value, 10);
    }

    [Fact]
    public void Rates_of_an_empty_sample_are_null()
    {
        var row = new ResponseRateRow("R", "NL", "totaal", "totaal", 0, 0, 0, 0, 0, 0, 0);
        Assert.Null(row.Rr1);
        Assert.Null(row.Rr2);
        Assert.Null(row.Coop1);
        Assert.Null(row.Ref1);
        Assert.Null(row.Con1);
    }

    [Fact]
    public void Cooperation_is_null_when_nobody_reacted()
    {
        var row = new ResponseRateRow("R", "NL", "totaal", "totaal", NotSent: 2, SentNoResponse: 8, Bounced: 0, 0, 0, 0, 0);
        Assert.Null(row.Coop1);
        Assert.Equal(0.0, row.Con1!.Value, 10);
        Assert.Equal(0.0, row.Ref1!.Value, 10);
    }

    [Theory]
    // Ten applicable items: the edges themselves.
    [InlineData(10, 10, Disposition.Complete)]
    [InlineData(8, 10, Disposition.Complete)]   // exactly 80%
    [InlineData(7, 10, Disposition.Partial)]
    [InlineData(5, 10, Disposition.Partial)]    // exactly 50%
    [InlineData(4, 10, Disposition.BreakOff)]
    [InlineData(0, 10, Disposition.BreakOff)]   // started, nothing answered
    // werkzoekenden-2009: 14 statements + totaaloordeel = 15 items.
    [InlineData(12, 15, Disposition.Complete)]  // 80.0%
    [InlineData(11, 15, Disposition.Partial)]   // 73.3%
    [InlineData(8, 15, Disposition.Partial)]    // 53.3%
    [InlineData(7, 15, Disposition.BreakOff)]   // 46.7%
    public void Completeness_edges(int answered, int applicable, Disposition expected) =>
        Assert.Equal(expected, Dispositions.OfResponse(answered, applicable));

    [Theory]
    [InlineData(InvitationState.Pending, null, Disposition.NotSent)]
    [InlineData(InvitationState.Claimed, null, Disposition.NotSent)]
    [InlineData(InvitationState.Failed, null, Disposition.NotSent)]
    [InlineData(InvitationState.Sent, null, Disposition.SentNoResponse)]
    [InlineData(InvitationState.Bounced, null, Disposition.Bounced)]
    [InlineData(InvitationState.OptedOut, null, Disposition.Refusal)]
    [InlineData(InvitationState.OptedOut, 4, Disposition.Refusal)]      // break-off, then opted out
    [InlineData(InvitationState.OptedOut, 5, Disposition.Partial)]      // a usable response wins over the opt-out
    [InlineData(InvitationState.OptedOut, 8, Disposition.Complete)]
    [InlineData(InvitationState.Sent, 4, Disposition.BreakOff)]
    [InlineData(InvitationState.Bounced, 3, Disposition.BreakOff)]
    [InlineData(InvitationState.Pending, 10, Disposition.Complete)]     // imported telephone response, never e-mailed
    public void Disposition_of_an_invitation(InvitationState state, int? answered, Disposition expected) =>
        Assert.Equal(expected, Dispositions.Of(state, answered, 10));

    [Fact]
    public void Aapor_codes() => Assert.Equal(
        ["1.1", "1.2", "2.12", "2.111", "3.11", "3.19", "3.30"],
        Enum.GetValues<Disposition>().Select(Dispositions.Code));

    private static void AssertInterval((double Low, double High) expected, (double Low, double High)? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Low, actual.Value.Low, 4);
        Assert.Equal(expected.High, actual.Value.High, 4);
    }
}
