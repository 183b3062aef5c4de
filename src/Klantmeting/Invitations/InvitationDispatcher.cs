using Klantmeting.Infrastructure.Email;
using Klantmeting.Surveys;
using MimeKit;

namespace Klantmeting.Invitations;

/// <summary>
/// Sends pending invitations and due reminders of open rounds. The loop only: the sending window, the rate limit,
/// then a batch from the first queue that has work (<see cref="InvitationQueue"/>, then <see cref="ReminderQueue"/>),
/// sent over one mail session. Work is shared through the database: a batch is claimed by an atomic UPDATE, so two
/// workers (or a restarted one) never send the same invitation or reminder twice; a claim whose worker vanished is
/// taken over after the lease. Nothing goes out outside the sending window, and at most
/// <see cref="InvitationOptions.MaxPerMinute"/> messages per minute per process.
/// </summary>
public sealed partial class InvitationDispatcher(
    KlantmetingDbContext db,
    ISurveyCatalog surveys,
    IMailDelivery delivery,
    EmailRenderer renderer,
    TimeProvider clock,
    SendRateLimiter limiter,
    IOptions<InvitationOptions> options,
    IOptions<MailOptions> mailOptions,
    IOptions<AppOptions> appOptions,
    ILogger<InvitationDispatcher> logger)
{
    /// <summary>What <see cref="Invitation.LastError"/> says of an invitation kept back by the suppression list.</summary>
    public const string SuppressedNote = "Niet verstuurd: dit adres heeft zich in een eerdere ronde afgemeld.";

    private readonly SendingWindow _window = SendingWindow.From(options.Value);

    /// <summary>In order: invitations go before reminders.</summary>
    private readonly IDispatchQueue[] _queues =
    [
        new InvitationQueue(db, clock, options.Value, logger),
        new ReminderQueue(db, clock, options.Value),
    ];

    /// <summary>
    /// Sends batches until nothing is due, the server is unreachable, the rate limit or the sending window stops
    /// it, or <paramref name="ct"/> fires. Invitations go before reminders.
    /// </summary>
    public async Task<DispatchResult> DispatchAsync(CancellationToken ct)
    {
        var total = new DispatchResult(0, 0, 0);
        // One connection for the whole run instead of an open and close per statement (on SQLite each open also
        // registers EF's functions and sets the connection settings).
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var batch = await DispatchBatchAsync(ct);
                total = total.Add(batch);
                if ((batch.Claimed == 0 && !batch.Contended) || batch.Unavailable || batch.OutsideWindow || batch.Throttled)
                {
                    break;
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return total;
    }

    /// <summary>Claims and sends one batch: invitations if any are due, else reminders.</summary>
    public async Task<DispatchResult> DispatchBatchAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!_window.IsOpen(clock.GetUtcNow()))
        {
            return new DispatchResult(0, 0, 0) { OutsideWindow = true };
        }

        var budget = limiter.Reserve(o.MaxPerMinute, o.BatchSize);
        if (budget == 0)
        {
            return new DispatchResult(0, 0, 0) { Throttled = true };
        }

        var result = new DispatchResult(0, 0, 0);
        var contended = false;
        try
        {
            foreach (var queue in _queues)
            {
                result = await DispatchFromAsync(queue, budget, ct);
                contended |= result.Contended;
                if (result.Claimed > 0 || result.Unavailable)
                {
                    break;
                }
            }

            return result.Claimed == 0 && contended ? result with { Contended = true } : result;
        }
        finally
        {
            limiter.Return(o.MaxPerMinute, budget - result.Sent - result.Failed);
        }
    }

    private async Task<DispatchResult> DispatchFromAsync(IDispatchQueue queue, int limit, CancellationToken ct)
    {
        var candidates = await queue.FindDueAsync(limit, ct);
        if (candidates.Count == 0)
        {
            return new DispatchResult(0, 0, 0);
        }

        var batch = await queue.ClaimAsync(candidates, ct);
        if (batch.Claimed == 0)
        {
            // Due rows, all taken by other workers between finding and claiming them.
            return new DispatchResult(0, 0, 0) { Contended = true };
        }

        var outcome = await SendAsync(queue, batch, ct);
        return new DispatchResult(batch.Claimed, outcome.Sent, outcome.Failed)
        {
            Unavailable = outcome.Unavailable,
            Suppressed = batch.Suppressed,
            RemindersSent = outcome.RemindersSent,
        };
    }

    /// <summary>Stores the batch's token hashes, then sends it over one mail session.</summary>
    private async Task<SendOutcome> SendAsync(IDispatchQueue queue, ClaimedBatch batch, CancellationToken ct)
    {
        // Store every token hash before any message leaves, so no link is ever sent that does not work.
        var tokens = batch.Items.ToDictionary(w => w.InvitationId, _ => (Answer: InvitationToken.Generate(), OptOut: InvitationToken.Generate()));
        await db.Database.OpenConnectionAsync(ct);
        await using var statements = new SendStatements(db);
        try
        {
            await statements.StoreTokensAsync(tokens, clock.GetUtcNow().UtcDateTime, ct);
            return await SendAsync(queue, batch, tokens, statements, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<SendOutcome> SendAsync(IDispatchQueue queue, ClaimedBatch batch,
        Dictionary<long, (string Answer, string OptOut)> tokens, SendStatements statements, CancellationToken ct)
    {
        var messages = new InvitationMessageBuilder(surveys, renderer, mailOptions.Value, appOptions.Value);
        var outcome = new SendOutcome();
        var lease = new Lease(batch, clock, options.Value.ClaimLeaseSeconds);
        var accepted = new AcceptedMessages(queue, batch.ClaimId, statements, clock, options.Value.MarkSentGroupSize);
        IMailSession? session = null;
        try
        {
            if (batch.Items.Count > 0)
            {
                session = await delivery.OpenAsync(ct);
            }

            foreach (var item in batch.Items)
            {
                using var scope = logger.BeginScope(new Dictionary<string, object>
                {
                    ["RoundId"] = item.RoundId,
                    ["InvitationId"] = item.InvitationId,
                    ["Mail"] = item.Reminder is { } number ? $"reminder {number}" : "invitation",
                });
                if (!await lease.StillOursAsync(queue, item, ct))
                {
                    continue;
                }

                var (answer, optOut) = tokens[item.InvitationId];
                await SendOneAsync(queue, batch.ClaimId, item, () => messages.BuildAsync(item, answer, optOut), session!, accepted, outcome, ct);
            }
        }
        catch (MailDeliveryUnavailableException ex)
        {
            outcome.Unavailable = true;
            LogUnavailable(ex.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: what is not sent is released below.
        }
        finally
        {
            // What the server accepted is recorded first, so that it is never given back for sending again.
            await accepted.FlushAsync();
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            // Anything still claimed by this batch goes back, with a retry delay.
            await queue.ReleaseRestAsync(batch.ClaimId, outcome.Unavailable ? "SMTP-server niet bereikbaar" : "niet verstuurd", CancellationToken.None);
        }

        return outcome;
    }

    /// <summary>
    /// Sends one message and records the result; a refused recipient releases that row only.
    /// </summary>
    /// <exception cref="MailDeliveryUnavailableException">The server is gone: the caller releases the rest.</exception>
    private async Task SendOneAsync(IDispatchQueue queue, Guid claimId, DispatchItem item, Func<Task<MimeMessage>> build,
        IMailSession session, AcceptedMessages accepted, SendOutcome outcome, CancellationToken ct)
    {
        try
        {
            await session.SendAsync(await build(), ct);
        }
        catch (ParseException ex)
        {
            outcome.Failed++;
            await queue.ReleaseAsync(item, claimId, "Ongeldig e-mailadres: " + ex.Message, giveUp: true, ct);
            return;
        }
        catch (MailRecipientRejectedException ex)
        {
            outcome.Failed++;
            await queue.ReleaseAsync(item, claimId, ex.Message, giveUp: ex.Permanent, ct);
            LogRejected(ex.Message);
            return;
        }

        // Recorded with the next group (Invitations:MarkSentGroupSize): a worker killed before that commit sends at most
        // the messages of that group twice.
        await accepted.AddAsync(item);
        outcome.Sent++;
        if (item.Reminder is not null)
        {
            outcome.RemindersSent++;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message refused by the mail server: {Error}")]
    private partial void LogRejected(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail server unavailable; batch released for retry: {Error}")]
    private partial void LogUnavailable(string error);

    /// <summary>What one batch did.</summary>
    private sealed class SendOutcome
    {
        public int Sent { get; set; }

        public int Failed { get; set; }

        public int RemindersSent { get; set; }

        public bool Unavailable { get; set; }
    }

    /// <summary>
    /// Messages the server accepted and not yet recorded: written as sent in one transaction when the group is full,
    /// when the oldest has waited a second (a slow server), and at the end of the batch.
    /// </summary>
    private sealed class AcceptedMessages(IDispatchQueue queue, Guid claimId, SendStatements statements, TimeProvider clock, int groupSize)
    {
        private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);
        private readonly List<DispatchItem> _items = new(groupSize);
        private DateTimeOffset _oldest;

        public async Task AddAsync(DispatchItem item)
        {
            if (_items.Count == 0)
            {
                _oldest = clock.GetUtcNow();
            }

            _items.Add(item);
            if (_items.Count >= groupSize || clock.GetUtcNow() - _oldest >= MaxWait)
            {
                await FlushAsync();
            }
        }

        public async Task FlushAsync()
        {
            if (_items.Count == 0)
            {
                return;
            }

            await queue.MarkSentAsync(_items, claimId, statements);
            _items.Clear();
        }
    }

    /// <summary>
    /// The batch's claim while it is being sent. It is renewed for the whole rest of the batch whenever a quarter of
    /// it has passed, so a slow batch is never taken over while its worker is alive; rows taken over meanwhile (this
    /// worker stalled past the lease) are no longer ours and are skipped.
    /// </summary>
    private sealed class Lease(ClaimedBatch batch, TimeProvider clock, int leaseSeconds)
    {
        private readonly TimeSpan _renewEvery = TimeSpan.FromSeconds(Math.Max(1, leaseSeconds / 4.0));
        private HashSet<long> _owned = batch.Items.Select(w => w.InvitationId).ToHashSet();
        private DateTimeOffset _renewedAt = clock.GetUtcNow();

        public async Task<bool> StillOursAsync(IDispatchQueue queue, DispatchItem item, CancellationToken ct)
        {
            if (clock.GetUtcNow() - _renewedAt >= _renewEvery)
            {
                _renewedAt = clock.GetUtcNow();
                _owned = await queue.RenewAsync(batch.ClaimId, _owned, ct);
            }

            return _owned.Contains(item.InvitationId);
        }
    }
}
