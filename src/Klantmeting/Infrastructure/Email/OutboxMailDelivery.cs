using MimeKit;

namespace Klantmeting.Infrastructure.Email;

/// <summary>
/// Writes each message as an .eml file to the outbox folder (embedded default). The return path an SMTP server
/// would get as envelope sender is written as the <c>Return-Path</c> header, as a receiving server would add it.
/// </summary>
public sealed class OutboxMailDelivery(IOptions<MailOptions> options, ReturnPaths returnPaths) : IMailDelivery
{
    /// <inheritdoc/>
    public Task<IMailSession> OpenAsync(CancellationToken ct)
    {
        var dir = options.Value.ResolvedOutboxPath;
        Directory.CreateDirectory(dir);
        return Task.FromResult<IMailSession>(new Session(dir, returnPaths));
    }

    private sealed class Session(string directory, ReturnPaths returnPaths) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            message.Headers.RemoveAll(HeaderId.ReturnPath);
            if (returnPaths.For(message) is { } returnPath)
            {
                message.Headers.Insert(0, new Header(HeaderId.ReturnPath, "<" + returnPath.Address + ">"));
            }

            // Write to a temporary name first so the outbox page never lists a half-written file.
            var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
            var tmp = Path.Combine(directory, name + ".tmp");
            await message.WriteToAsync(tmp, ct);
            File.Move(tmp, Path.Combine(directory, name));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
