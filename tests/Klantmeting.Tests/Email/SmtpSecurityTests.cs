using Klantmeting.Bounces;
using Klantmeting.Infrastructure.Email;
using MailKit.Security;

namespace Klantmeting.Tests.Email;

/// <summary>One mapping from the Security setting to MailKit's option, for SMTP and for the bounce mailbox (IMAP).</summary>
public sealed class SmtpSecurityTests
{
    [Theory]
    [InlineData(SmtpSecurity.None, SecureSocketOptions.None)]
    [InlineData(SmtpSecurity.StartTls, SecureSocketOptions.StartTls)]
    [InlineData(SmtpSecurity.SslOnConnect, SecureSocketOptions.SslOnConnect)]
    public void Every_mode_gives_the_option_of_its_name_for_smtp_and_imap(SmtpSecurity security, SecureSocketOptions expected)
    {
        Assert.Equal(expected, new SmtpOptions { Security = security }.SocketOptions);
        Assert.Equal(expected, new ImapOptions { Security = security }.SocketOptions);
    }

    [Fact]
    public void A_number_that_names_no_mode_falls_back_to_each_protocols_usual_tls()
    {
        var unknown = (SmtpSecurity)7;
        Assert.Equal(SecureSocketOptions.StartTls, new SmtpOptions { Security = unknown }.SocketOptions);
        Assert.Equal(SecureSocketOptions.SslOnConnect, new ImapOptions { Security = unknown }.SocketOptions);
    }
}
