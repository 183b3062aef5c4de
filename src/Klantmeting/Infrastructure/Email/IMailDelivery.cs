using MimeKit;

namespace Klantmeting.Infrastructure.Email;

/// <summary>Delivers rendered messages. Open one session per batch so a connection is reused.</summary>
public interface IMailDelivery
{
    /// <summary>Opens a session (for SMTP: connects and authenticates).</summary>
    /// <exception cref="MailDeliveryUnavailableException">The server cannot be reached now; retry the whole batch later.</exception>
    Task<IMailSession> OpenAsync(CancellationToken ct);
}

/// <summary>An open delivery channel for a batch of messages.</summary>
public interface IMailSession : IAsyncDisposable
{
    /// <summary>Sends one message.</summary>
    /// <exception cref="MailRecipientRejectedException">The server refused this message or recipient; others may still go.</exception>
    /// <exception cref="MailDeliveryUnavailableException">The connection broke; open a new session later.</exception>
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>The mail server could not be reached or the connection broke; nothing is lost, try again later.</summary>
public sealed class MailDeliveryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The server refused one message; <see cref="Permanent"/> is true for a 5xx reply.</summary>
public sealed class MailRecipientRejectedException(string message, bool permanent, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The refusal is for good (5xx): sending again will not help.</summary>
    public bool Permanent { get; } = permanent;
}
