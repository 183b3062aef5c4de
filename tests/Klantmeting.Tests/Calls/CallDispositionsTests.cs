using Klantmeting.Calls;

namespace Klantmeting.Tests.Calls;

/// <summary>AAPOR codes of call outcomes and the final disposition of a case (docs/response-rates.md).</summary>
public sealed class CallDispositionsTests
{
    [Theory]
    [InlineData(CallOutcome.Interview, "1.1", CallDispositionGroup.Complete)]
    [InlineData(CallOutcome.Weigering, "2.11", CallDispositionGroup.Refusal)]
    [InlineData(CallOutcome.GeenGehoor, "2.20", CallDispositionGroup.NonContact)]
    [InlineData(CallOutcome.InGesprek, "2.20", CallDispositionGroup.NonContact)]
    [InlineData(CallOutcome.NietBereikbaar, "2.20", CallDispositionGroup.NonContact)]
    [InlineData(CallOutcome.Afspraak, "2.21", CallDispositionGroup.NonContact)]
    [InlineData(CallOutcome.Voicemail, "2.22", CallDispositionGroup.NonContact)]
    [InlineData(CallOutcome.Taalprobleem, "2.33", CallDispositionGroup.Other)]
    [InlineData(CallOutcome.VerkeerdNummer, "4.31", CallDispositionGroup.NotEligible)]
    public void Every_outcome_has_its_aapor_code(CallOutcome outcome, string code, CallDispositionGroup group) =>
        Assert.Equal(new CallDisposition(code, group), CallDispositions.Of(outcome));

    [Fact]
    public void Every_defined_outcome_is_mapped() =>
        Assert.All(Enum.GetValues<CallOutcome>(), o => Assert.NotNull(CallDispositions.Of(o)));

    [Fact]
    public void An_undefined_outcome_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CallDispositions.Of((CallOutcome)99));

    [Fact]
    public void The_last_decisive_attempt_wins_over_later_non_contacts_and_earlier_decisive_ones()
    {
        Assert.Equal("1.1", CallDispositions.OfCase([CallOutcome.GeenGehoor, CallOutcome.Afspraak, CallOutcome.Interview])!.Code);
        Assert.Equal("2.11", CallDispositions.OfCase([CallOutcome.Taalprobleem, CallOutcome.Weigering, CallOutcome.GeenGehoor])!.Code);
        Assert.Equal("4.31", CallDispositions.OfCase([CallOutcome.Voicemail, CallOutcome.VerkeerdNummer])!.Code);
    }

    [Fact]
    public void Without_a_decisive_attempt_an_unkept_appointment_is_never_available_else_the_last_attempt()
    {
        Assert.Equal("2.21", CallDispositions.OfCase([CallOutcome.Afspraak, CallOutcome.GeenGehoor, CallOutcome.NietBereikbaar])!.Code);
        Assert.Equal("2.22", CallDispositions.OfCase([CallOutcome.GeenGehoor, CallOutcome.Voicemail])!.Code);
        Assert.Equal("2.20", CallDispositions.OfCase([CallOutcome.Voicemail, CallOutcome.NietBereikbaar])!.Code);
        Assert.Null(CallDispositions.OfCase([]));
    }
}
