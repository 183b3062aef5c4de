using Klantmeting.Calls;
using Klantmeting.Infrastructure.Email;
using Klantmeting.Invitations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Klantmeting.Tests.Infrastructure;

/// <summary>A wrong setting is refused in Dutch, naming the setting as it is configured and the value found.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Invitations:BatchSize", "0", "Invitations:BatchSize moet tussen 1 en 10000 liggen (nu: 0).")]
    [InlineData("Calls:Cron", "", "Calls:Cron is verplicht en ontbreekt (of is leeg).")]
    [InlineData("Mail:From", "ab", "Mail:From moet minstens 3 tekens lang zijn (nu: 'ab').")]
    [InlineData("App:PublicBaseUrl", "klantmeting.nl", "App:PublicBaseUrl moet een volledig webadres zijn dat met http:// of https:// begint (nu: 'klantmeting.nl').")]
    public async Task A_setting_that_breaks_its_rule_is_named_in_Dutch(string setting, string value, string expected)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { [setting] = value });

        var error = Assert.Throws<OptionsValidationException>(() => Read(host, setting.Split(':')[0]));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task Settings_within_their_rules_pass()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Invitations:BatchSize"] = "10000" });

        Assert.Equal(10000, host.Services.GetRequiredService<IOptions<InvitationOptions>>().Value.BatchSize);
    }

    private static object Read(TestHost host, string section) => section switch
    {
        "Invitations" => host.Services.GetRequiredService<IOptions<InvitationOptions>>().Value,
        "Calls" => host.Services.GetRequiredService<IOptions<CallsOptions>>().Value,
        "Mail" => host.Services.GetRequiredService<IOptions<MailOptions>>().Value,
        _ => host.Services.GetRequiredService<IOptions<AppOptions>>().Value,
    };
}
