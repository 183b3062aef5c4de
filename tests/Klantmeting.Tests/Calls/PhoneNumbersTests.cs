using Klantmeting.Participants;

namespace Klantmeting.Tests.Calls;

/// <summary>Phone numbers as people write them, to E.164.</summary>
public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("06 12345678", "+31612345678")]
    [InlineData("06-12 34 56 78", "+31612345678")]
    [InlineData("010-1234567", "+31101234567")]
    [InlineData("(010) 123 45 67", "+31101234567")]
    [InlineData("+31 6 12345678", "+31612345678")]
    [InlineData("+31 (0)6 12345678", "+31612345678")]
    [InlineData("0031 6 1234 5678", "+31612345678")]
    [InlineData("0031-10-1234567", "+31101234567")]
    [InlineData("+32 2 123 45 67", "+3221234567")]
    [InlineData("0049 30 1234567", "+49301234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void Dutch_and_international_forms_become_e164(string written, string expected)
    {
        Assert.Equal(expected, PhoneNumbers.Normalise(written, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("0612345", "10 cijfers")]
    [InlineData("061234567890", "10 cijfers")]
    [InlineData("+31 06 12345678", "10 cijfers")]
    [InlineData("612345678", "met 0 ervoor")]
    [InlineData("06-1234567a", "andere tekens")]
    [InlineData("06 1234+5678", "andere tekens")]
    [InlineData("+0612345678", "landnummer")]
    [InlineData("+49 301", "8 tot 15 cijfers")]
    [InlineData("+49 3012 3456 7890 1234", "8 tot 15 cijfers")]
    public void Wrong_numbers_get_a_dutch_reason_that_does_not_repeat_the_number(string written, string reason)
    {
        Assert.Null(PhoneNumbers.Normalise(written, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain(written, error, StringComparison.Ordinal);
    }
}
