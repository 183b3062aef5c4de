using Klantmeting.Infrastructure.Email;
using MimeKit;

namespace Klantmeting.Tests.Bounces;

/// <summary>The VERP return path: one per invitation, signed, read back case-insensitively.</summary>
public sealed class ReturnPathsTests
{
    private static readonly ReturnPaths Paths = BounceSamples.ReturnPaths;

    [Fact]
    public void Return_path_names_the_invitation_and_reads_back()
    {
        var address = Paths.For(123)!.Address;

        Assert.Matches(@"^bounce\+123-[0-9a-f]{20}@bounces\.klantmeting\.test$", address);
        Assert.True(address.Split('@')[0].Length <= 64);
        Assert.Equal(ReturnPathMatch.For(123), Paths.Match(address));
        Assert.Equal(ReturnPathMatch.For(123), Paths.Match("<" + address.ToUpperInvariant() + ">"));
        Assert.Equal(ReturnPathMatch.For(long.MaxValue), Paths.Match(Paths.For(long.MaxValue)!.Address));
    }

    [Fact]
    public void Changed_id_tag_or_secret_is_tampered_and_foreign_addresses_are_not_ours()
    {
        var address = Paths.For(123)!.Address;
        var tag = address.Split('-', '@')[1];

        Assert.Equal(ReturnPathKind.Tampered, Paths.Match(address.Replace("+123-", "+124-", StringComparison.Ordinal)).Kind);
        Assert.Equal(ReturnPathKind.Tampered, Paths.Match(address.Replace(tag, new string('a', 20), StringComparison.Ordinal)).Kind);
        Assert.Equal(ReturnPathKind.Tampered, Paths.Match($"bounce+123@{BounceSamples.Domain}").Kind);
        Assert.Equal(ReturnPathKind.Tampered, new ReturnPaths(BounceSamples.Domain, "another-secret-of-at-least-32-chars!!").Match(address).Kind);
        Assert.Equal(ReturnPathKind.NotOurs, Paths.Match(address.Replace(BounceSamples.Domain, "elders.example", StringComparison.Ordinal)).Kind);
        Assert.Equal(ReturnPathKind.NotOurs, Paths.Match("noreply@klantmeting.example").Kind);
        Assert.Equal(ReturnPathKind.NotOurs, Paths.Match(null).Kind);
    }

    [Fact]
    public void Message_gets_a_return_path_only_from_its_invitation_header_and_only_with_a_bounce_domain()
    {
        var message = new MimeMessage();
        Assert.Null(Paths.For(message));
        message.Headers.Add(ReturnPaths.InvitationHeader, "42");
        Assert.Equal(Paths.For(42)!.Address, Paths.For(message)!.Address);
        Assert.False(new ReturnPaths(null, null).Enabled);
        Assert.Null(new ReturnPaths("", "x").For(message));
    }
}
