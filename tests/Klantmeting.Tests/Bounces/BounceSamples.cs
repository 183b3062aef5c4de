using System.Globalization;
using System.Text;
using Klantmeting.Infrastructure.Email;
using MimeKit;

namespace Klantmeting.Tests.Bounces;

/// <summary>Real-looking bounce reports from <c>Bounces/Samples</c>, with <c>{{VERP}}</c> and <c>{{ID}}</c> filled in.</summary>
public static class BounceSamples
{
    public const string Domain = "bounces.klantmeting.test";

    public const string Secret = "test-secret-for-bounce-tags-0123456789";

    public static ReturnPaths ReturnPaths { get; } = new(Domain, Secret);

    public static Dictionary<string, string?> Settings => new()
    {
        ["Mail:BounceDomain"] = Domain,
        ["Mail:BounceSecret"] = Secret,
    };

    /// <summary>The sample about <paramref name="invitationId"/>; <paramref name="verp"/> overrides the return path.</summary>
    public static MimeMessage Load(string name, long invitationId, string? verp = null, string? messageId = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Bounces", "Samples", name))
            .Replace("{{VERP}}", verp ?? ReturnPaths.For(invitationId)!.Address, StringComparison.Ordinal)
            .Replace("{{ID}}", invitationId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        if (messageId is not null)
        {
            message.MessageId = messageId;
        }

        return message;
    }
}
