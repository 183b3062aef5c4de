using Klantmeting.Bounces;
using Klantmeting.Infrastructure.Email;
using MimeKit;

namespace Klantmeting.Tests.Bounces;

/// <summary>RFC 3464 reports as Postfix and Exchange write them, and what is not a report.</summary>
public sealed class BounceReportParserTests
{
    private static ParsedBounce Parse(MimeMessage message) => BounceReportParser.Parse(message, BounceSamples.ReturnPaths);

    [Fact]
    public void Postfix_5_1_1_is_a_hard_bounce_of_the_invitation_in_the_return_path()
    {
        var parsed = Parse(BounceSamples.Load("postfix-5.1.1-hard.eml", 4711));

        Assert.Equal(BounceOutcome.Hard, parsed.Outcome);
        Assert.Equal(4711, parsed.InvitationId);
        Assert.Equal("5.1.1", parsed.Status);
        Assert.Equal("via X-Original-To", parsed.Detail);
    }

    [Fact]
    public void Exchange_5_1_10_is_a_hard_bounce_found_through_the_to_header()
    {
        var parsed = Parse(BounceSamples.Load("exchange-5.1.10-hard.eml", 12));

        Assert.Equal(BounceOutcome.Hard, parsed.Outcome);
        Assert.Equal(12, parsed.InvitationId);
        Assert.Equal("5.1.10", parsed.Status);
        Assert.Equal("via To", parsed.Detail);
    }

    [Fact]
    public void Postfix_4_2_2_delayed_is_a_delay()
    {
        var parsed = Parse(BounceSamples.Load("postfix-4.2.2-delayed.eml", 8));

        Assert.Equal(BounceOutcome.Delayed, parsed.Outcome);
        Assert.Equal(8, parsed.InvitationId);
        Assert.Equal("4.2.2", parsed.Status);
    }

    [Fact]
    public void Postfix_4_2_2_failed_is_a_soft_bounce()
    {
        var parsed = Parse(BounceSamples.Load("postfix-4.2.2-failed.eml", 9));

        Assert.Equal(BounceOutcome.Soft, parsed.Outcome);
        Assert.Equal(9, parsed.InvitationId);
        Assert.Equal("4.2.2", parsed.Status);
    }

    [Fact]
    public void Exchange_4_4_7_delayed_is_a_delay()
    {
        var parsed = Parse(BounceSamples.Load("exchange-4.4.7-delayed.eml", 10));

        Assert.Equal(BounceOutcome.Delayed, parsed.Outcome);
        Assert.Equal(10, parsed.InvitationId);
        Assert.Equal("4.4.7", parsed.Status);
    }

    [Fact]
    public void An_out_of_office_reply_is_not_a_report()
    {
        var parsed = Parse(BounceSamples.Load("autoreply-junk.eml", 5));

        Assert.Equal(BounceOutcome.Unmatched, parsed.Outcome);
        Assert.Null(parsed.InvitationId);
        Assert.Equal("geen DSN (RFC 3464)", parsed.Detail);
    }

    [Fact]
    public void A_report_without_action_and_status_is_unmatched()
    {
        var parsed = Parse(BounceSamples.Load("dsn-missing-action-and-status.eml", 5));

        Assert.Equal(BounceOutcome.Unmatched, parsed.Outcome);
        Assert.Null(parsed.InvitationId);
        Assert.Equal("DSN zonder Action/Status", parsed.Detail);
    }

    [Fact]
    public void A_report_sent_elsewhere_is_matched_by_the_return_path_of_the_returned_message()
    {
        var parsed = Parse(BounceSamples.Load("dsn-forwarded-return-path-only.eml", 77));

        Assert.Equal(BounceOutcome.Hard, parsed.Outcome);
        Assert.Equal(77, parsed.InvitationId);
        Assert.Equal("5.2.1", parsed.Status);
        Assert.StartsWith("via Return-Path", parsed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forged_tag_is_unmatched_and_the_unsigned_invitation_header_is_not_trusted()
    {
        // The attacker knows the scheme and the id (also in X-Klantmeting-Invitation) but not the secret.
        var forged = $"bounce+4711-{new string('0', 20)}@{BounceSamples.Domain}";
        var parsed = Parse(BounceSamples.Load("postfix-5.1.1-hard.eml", 4711, verp: forged));

        Assert.Equal(BounceOutcome.Unmatched, parsed.Outcome);
        Assert.Null(parsed.InvitationId);
        Assert.Equal("retouradres vervalst of beschadigd", parsed.Detail);
    }

    [Fact]
    public void A_report_for_another_domain_is_unmatched()
    {
        var parsed = Parse(BounceSamples.Load("exchange-5.1.10-hard.eml", 12, verp: "nieuwsbrief@elders.example"));

        Assert.Equal(BounceOutcome.Unmatched, parsed.Outcome);
        Assert.Equal("geen retouradres van Klantmeting", parsed.Detail);
    }

    [Fact]
    public void Without_bounce_domain_nothing_can_be_matched()
    {
        var parsed = BounceReportParser.Parse(BounceSamples.Load("postfix-5.1.1-hard.eml", 4711), new ReturnPaths(null, null));

        Assert.Equal(BounceOutcome.Unmatched, parsed.Outcome);
    }

    [Fact]
    public void The_message_key_is_the_message_id_or_a_stable_hash_when_there_is_none()
    {
        Assert.Equal("20090914080002.3F1A21C0042@mail.voorbeeld.nl",
            BounceReportParser.MessageKey(BounceSamples.Load("postfix-5.1.1-hard.eml", 1)));

        // The forwarded sample has no Message-Id.
        var first = BounceReportParser.MessageKey(BounceSamples.Load("dsn-forwarded-return-path-only.eml", 1));
        var again = BounceReportParser.MessageKey(BounceSamples.Load("dsn-forwarded-return-path-only.eml", 1));
        var other = BounceReportParser.MessageKey(BounceSamples.Load("dsn-forwarded-return-path-only.eml", 2));
        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }
}
