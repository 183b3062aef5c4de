using Microsoft.Extensions.Options;
using MimeKit;

namespace Klantmeting.Infrastructure.Email;

/// <summary>Writes each message as an .eml file to the outbox folder (embedded default).</summary>
public sealed class OutboxMailDelivery(IOptions<MailOptions> options) : IMailDelivery
{
    public Task<IMailSession> OpenAsync(CancellationToken ct)
    {
        var dir = options.Value.ResolvedOutboxPath;
        Directory.CreateDirectory(dir);
        return Task.FromResult<IMailSession>(new Session(dir));
    }

    private sealed class Session(string directory) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            // Write to a temporary name first so the outbox page never lists a half-written file.
            var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
            var tmp = Path.Combine(directory, name + ".tmp");
            await message.WriteToAsync(tmp, ct);
            File.Move(tmp, Path.Combine(directory, name));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
