using Klantmeting.Paper;

namespace Klantmeting.Tests.Paper;

/// <summary>The response code of a paper questionnaire: its alphabet, its groups and what its check character catches.</summary>
public sealed class ResponseCodeTests
{
    [Fact]
    public void A_new_code_is_grouped_from_the_alphabet_without_look_alikes_and_passes_its_own_check()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => ResponseCode.Generate()).ToList();
        foreach (var code in codes)
        {
            Assert.Matches("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$", code);
            Assert.Equal(code.Replace("-", ""), ResponseCode.Normalize(code, out var error));
            Assert.Null(error);
        }

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.DoesNotContain(ResponseCode.Alphabet, c => c is '0' or 'O' or '1' or 'I' or 'L');
        Assert.Equal(31, ResponseCode.Alphabet.Length);
    }

    [Fact]
    public void Lower_case_spaces_and_missing_dashes_are_read_as_the_same_code()
    {
        var code = ResponseCode.Generate();
        var plain = code.Replace("-", "");
        Assert.Equal(plain, ResponseCode.Normalize(" " + code.ToLowerInvariant().Replace("-", " ") + " ", out _));
        Assert.Equal(plain, ResponseCode.Normalize(plain, out _));
        Assert.Equal(ResponseCode.Hash(plain), ResponseCode.Hash(ResponseCode.Normalize(code.ToLowerInvariant(), out _)!));
    }

    [Fact]
    public void Every_single_wrong_character_is_caught_by_the_check_character()
    {
        for (var sample = 0; sample < 50; sample++)
        {
            var plain = ResponseCode.Generate().Replace("-", "");
            for (var position = 0; position < plain.Length; position++)
            {
                foreach (var other in ResponseCode.Alphabet.Where(c => c != plain[position]))
                {
                    var typo = plain[..position] + other + plain[(position + 1)..];
                    Assert.Null(ResponseCode.Normalize(typo, out var error));
                    Assert.Contains("controleteken", error, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Every_swap_of_two_neighbouring_characters_is_caught()
    {
        for (var sample = 0; sample < 500; sample++)
        {
            var plain = ResponseCode.Generate().Replace("-", "");
            for (var position = 0; position < plain.Length - 1; position++)
            {
                if (plain[position] == plain[position + 1])
                {
                    continue;
                }

                var swapped = plain[..position] + plain[position + 1] + plain[position] + plain[(position + 2)..];
                Assert.Null(ResponseCode.Normalize(swapped, out var error));
                Assert.Contains("omgewisseld", error, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("", "Vul de antwoordcode in")]
    [InlineData("K7QM-4XRT-9", "heeft 10 tekens")]
    [InlineData("K7QM-4XRT-9BB", "heeft 10 tekens")]
    [InlineData("K7QM-4XR0-9B", "'0'")]
    [InlineData("K7QM-4XRO-9B", "De letters O, I en L en de cijfers 0 en 1 komen in een code niet voor")]
    [InlineData("K7QM-4XR!-9B", "'!'")]
    public void A_code_that_cannot_be_one_gets_a_dutch_message(string typed, string expected)
    {
        Assert.Null(ResponseCode.Normalize(typed, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}

/// <summary>The limit on unknown response codes per user.</summary>
public sealed class PaperCodeLimiterTests
{
    [Fact]
    public void After_too_many_unknown_codes_a_user_waits_until_the_window_has_passed_and_others_are_not_blocked()
    {
        var clock = new Klantmeting.Tests.Infrastructure.ManualTimeProvider(new DateTimeOffset(2030, 9, 16, 8, 0, 0, TimeSpan.Zero));
        var limiter = new PaperCodeLimiter(clock);
        for (var n = 0; n < PaperCodeLimiter.MaxFailures - 1; n++)
        {
            limiter.Fail("anna");
        }

        Assert.False(limiter.IsBlocked("anna"));
        clock.Advance(TimeSpan.FromMinutes(1));
        limiter.Fail("anna");
        Assert.True(limiter.IsBlocked("anna"));
        Assert.False(limiter.IsBlocked("bram"));
        clock.Advance(PaperCodeLimiter.Window);
        Assert.False(limiter.IsBlocked("anna"), "the first failures are older than the window");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(limiter.IsBlocked("anna"));
    }
}
