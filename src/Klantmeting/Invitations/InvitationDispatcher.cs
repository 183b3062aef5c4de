using System.Globalization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Email;
using Klantmeting.Participants;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Klantmeting.Invitations;

/// <summary>
/// Sends pending invitations and due reminders of open rounds. Work is shared through the database: a batch is
/// claimed by an atomic UPDATE ... WHERE (State = Pending | reminder unclaimed), so two workers (or a restarted one)
/// never send the same invitation or reminder twice; a claim whose worker vanished is taken over after the lease.
/// Nothing goes out outside the sending window, and at most <see cref="InvitationOptions.MaxPerMinute"/> messages
/// per minute per process.
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
    private readonly SendingWindow _window = SendingWindow.From(options.Value);

    /// <summary>
    /// Sends batches until nothing is due, the server is unreachable, the rate limit or the sending window stops
    /// it, or <paramref name="ct"/> fires. Invitations go before reminders.
    /// </summary>
    public async Task<DispatchResult> DispatchAsync(CancellationToken ct)
    {
        var total = new DispatchResult(0, 0, 0);
        // One connection for the whole run instead of an open and close per statement (on SQLite each open also
        // registers EF's functions and sets the pragmas).
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var batch = await DispatchBatchAsync(ct);
                total = total.Add(batch);
                if (batch.Claimed == 0 || batch.Unavailable || batch.OutsideWindow || batch.Throttled)
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
        try
        {
            result = await DispatchInvitationsAsync(budget, ct);
            if (result.Claimed == 0 && !result.Unavailable)
            {
                result = await DispatchRemindersAsync(budget, ct);
            }

            return result;
        }
        finally
        {
            limiter.Return(o.MaxPerMinute, budget - result.Sent - result.Failed);
        }
    }

    /// <summary>Rounds whose invitations and reminders may go out.</summary>
    /// <summary>Open and not paused: a paused round keeps its pending invitations and reminders until it is resumed.</summary>
    private IQueryable<int> SendableRounds() => db.Rounds.Sending().Select(r => r.Id);

    private async Task<DispatchResult> DispatchInvitationsAsync(int limit, CancellationToken ct)
    {
        var o = options.Value;
        var claimId = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseCut = now.AddSeconds(-o.ClaimLeaseSeconds);

        var openRounds = SendableRounds();
        var candidates = await db.Invitations
            .Where(i => openRounds.Contains(i.RoundId)
                && ((i.State == InvitationState.Pending && i.NextAttemptAt <= now)
                    || (i.State == InvitationState.Claimed && i.ClaimedAt < leaseCut)))
            .OrderBy(i => i.Id)
            .Select(i => i.Id)
            .Take(limit)
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return new DispatchResult(0, 0, 0);
        }

        // The state test is repeated in the UPDATE itself: a row another worker claimed meanwhile is skipped.
        int claimed;
        using (await WriteGate.EnterAsync(db, ct))
        {
            claimed = await db.Invitations
                .Where(i => candidates.Contains(i.Id)
                    && ((i.State == InvitationState.Pending && i.NextAttemptAt <= now)
                        || (i.State == InvitationState.Claimed && i.ClaimedAt < leaseCut)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.State, InvitationState.Claimed)
                    .SetProperty(i => i.ClaimId, claimId)
                    .SetProperty(i => i.ClaimedAt, now)
                    .SetProperty(i => i.Attempts, i => i.Attempts + 1), ct);
        }

        if (claimed == 0)
        {
            return new DispatchResult(0, 0, 0);
        }

        var work = await (
            from i in db.Invitations
            where i.ClaimId == claimId && i.State == InvitationState.Claimed
            join c in db.ParticipantContacts on i.ParticipantId equals c.ParticipantId
            join p in db.Participants on i.ParticipantId equals p.Id
            join w in db.Werkpleinen on p.WerkpleinId equals w.Id
            join r in db.Rounds on i.RoundId equals r.Id
            orderby i.Id
            select new WorkItem(MailKind.Invitation, i.Id, i.Attempts, c.Email, w.Name, r.Id, r.QuestionnaireId,
                r.FieldworkEnd, r.ReminderDays, null, 0, false))
            .ToListAsync(ct);

        var suppressed = await SuppressAsync(work, claimId, ct);
        work = work.Where(w => !suppressed.Contains(w.InvitationId)).ToList();
        var (sent, failed, unavailable) = await SendAsync(work, claimId, ct);
        return new DispatchResult(claimed, sent, failed) { Unavailable = unavailable, Suppressed = suppressed.Count };
    }

    /// <summary>
    /// Marks invitations to addresses that opted out in an earlier round as opted out (not mailed), when
    /// <see cref="InvitationOptions.SuppressOptedOutInFutureRounds"/> is on. Returns their ids.
    /// </summary>
    private async Task<HashSet<long>> SuppressAsync(List<WorkItem> work, Guid claimId, CancellationToken ct)
    {
        if (!options.Value.SuppressOptedOutInFutureRounds || work.Count == 0)
        {
            return [];
        }

        var byHash = work.GroupBy(w => SuppressedAddress.HashOf(w.Email)).ToDictionary(g => g.Key, g => g.Select(w => w.InvitationId).ToList());
        var hashes = byHash.Keys.ToList();
        var found = await db.SuppressedAddresses.Where(a => hashes.Contains(a.Hash)).Select(a => a.Hash).ToListAsync(ct);
        var ids = found.SelectMany(h => byHash[h]).ToHashSet();
        if (ids.Count == 0)
        {
            return ids;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.Invitations.Where(i => ids.Contains(i.Id) && i.ClaimId == claimId && i.State == InvitationState.Claimed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, InvitationState.OptedOut)
                .SetProperty(i => i.ClaimId, (Guid?)null)
                .SetProperty(i => i.OptedOutAt, now)
                .SetProperty(i => i.LastError, SuppressedNote), ct);
        LogSuppressed(ids.Count);
        return ids;
    }

    /// <summary>What <see cref="Invitation.LastError"/> says of an invitation kept back by the suppression list.</summary>
    public const string SuppressedNote = "Niet verstuurd: dit adres heeft zich in een eerdere ronde afgemeld.";

    private async Task<DispatchResult> DispatchRemindersAsync(int limit, CancellationToken ct)
    {
        var o = options.Value;
        var claimId = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseCut = now.AddSeconds(-o.ClaimLeaseSeconds);

        // Due: invitation sent (not opted out, bounced or failed), reminder time reached, not claimed by a live
        // worker, and no complete response. The same test is repeated in the claiming UPDATE.
        var openRounds = SendableRounds();
        var candidates = await db.Invitations
            .Where(i => openRounds.Contains(i.RoundId)
                && i.State == InvitationState.Sent && i.NextReminderAt <= now
                && (i.ReminderClaimId == null || i.ReminderClaimedAt < leaseCut)
                && !db.Responses.Any(r => r.InvitationId == i.Id && r.CompletedAt != null))
            .OrderBy(i => i.NextReminderAt).ThenBy(i => i.Id)
            .Select(i => i.Id)
            .Take(limit)
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return new DispatchResult(0, 0, 0);
        }

        var claimed = await db.Invitations
            .Where(i => candidates.Contains(i.Id)
                && i.State == InvitationState.Sent && i.NextReminderAt <= now
                && (i.ReminderClaimId == null || i.ReminderClaimedAt < leaseCut)
                && !db.Responses.Any(r => r.InvitationId == i.Id && r.CompletedAt != null))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.ReminderClaimId, claimId)
                .SetProperty(i => i.ReminderClaimedAt, now)
                .SetProperty(i => i.ReminderAttempts, i => i.ReminderAttempts + 1), ct);
        if (claimed == 0)
        {
            return new DispatchResult(0, 0, 0);
        }

        var work = await (
            from i in db.Invitations
            where i.ReminderClaimId == claimId
            join c in db.ParticipantContacts on i.ParticipantId equals c.ParticipantId
            join p in db.Participants on i.ParticipantId equals p.Id
            join w in db.Werkpleinen on p.WerkpleinId equals w.Id
            join r in db.Rounds on i.RoundId equals r.Id
            orderby i.Id
            select new WorkItem(MailKind.Reminder, i.Id, i.ReminderAttempts, c.Email, w.Name, r.Id, r.QuestionnaireId,
                r.FieldworkEnd, r.ReminderDays, i.SentAt, i.RemindersSent, db.Responses.Any(x => x.InvitationId == i.Id)))
            .ToListAsync(ct);

        var (sent, failed, unavailable) = await SendAsync(work, claimId, ct);
        return new DispatchResult(claimed, sent, failed) { Unavailable = unavailable, RemindersSent = sent };
    }

    private async Task<(int Sent, int Failed, bool Unavailable)> SendAsync(List<WorkItem> work, Guid claimId, CancellationToken ct)
    {
        // Store every token hash before any message leaves, so no link is ever sent that does not work.
        var tokens = work.ToDictionary(w => w.InvitationId, _ => (Answer: InvitationToken.Generate(), OptOut: InvitationToken.Generate()));
        await db.Database.OpenConnectionAsync(ct);
        await using var statements = new SendStatements(db);
        try
        {
            await statements.StoreTokensAsync(tokens, clock.GetUtcNow().UtcDateTime, ct);
            return await SendAsync(work, claimId, tokens, statements, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<(int Sent, int Failed, bool Unavailable)> SendAsync(List<WorkItem> work, Guid claimId,
        Dictionary<long, (string Answer, string OptOut)> tokens, SendStatements statements, CancellationToken ct)
    {
        var bodies = new Dictionary<BodyKey, RenderedEmail>();
        int sent = 0, failed = 0;
        var unavailable = false;
        var kind = work.Count > 0 ? work[0].Kind : MailKind.Invitation;
        var owned = work.Select(w => w.InvitationId).ToHashSet();
        var renewedAt = clock.GetUtcNow();
        var renewEvery = TimeSpan.FromSeconds(Math.Max(1, options.Value.ClaimLeaseSeconds / 4.0));
        IMailSession? session = null;
        try
        {
            if (work.Count > 0)
            {
                session = await delivery.OpenAsync(ct);
            }

            foreach (var item in work)
            {
                using var scope = logger.BeginScope(new Dictionary<string, object>
                {
                    ["RoundId"] = item.RoundId,
                    ["InvitationId"] = item.InvitationId,
                    ["Mail"] = item.Kind == MailKind.Invitation ? "invitation" : $"reminder {item.RemindersSent + 1}",
                });
                // The lease is renewed for the whole rest of the batch whenever a quarter of it has passed, so a slow
                // batch is never taken over while its worker is alive; rows taken over meanwhile (this worker stalled
                // past the lease) are no longer ours and are skipped.
                if (clock.GetUtcNow() - renewedAt >= renewEvery)
                {
                    renewedAt = clock.GetUtcNow();
                    owned = await RenewClaimAsync(kind, claimId, owned, ct);
                }

                if (!owned.Contains(item.InvitationId))
                {
                    continue;
                }

                try
                {
                    var message = await BuildMessageAsync(item, tokens[item.InvitationId].Answer, tokens[item.InvitationId].OptOut, bodies);
                    await session!.SendAsync(message, ct);
                }
                catch (ParseException ex)
                {
                    failed++;
                    await ReleaseAsync(item, claimId, "Ongeldig e-mailadres: " + ex.Message, giveUp: true, ct);
                    continue;
                }
                catch (MailRecipientRejectedException ex)
                {
                    failed++;
                    await ReleaseAsync(item, claimId, ex.Message, giveUp: ex.Permanent, ct);
                    LogRejected(ex.Message);
                    continue;
                }

                // Marked right after the server accepted it: a worker killed now sends at most this one twice.
                await MarkSentAsync(item, claimId, statements);
                sent++;
            }
        }
        catch (MailDeliveryUnavailableException ex)
        {
            unavailable = true;
            LogUnavailable(ex.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: what is not sent is released below.
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            // Anything still claimed by this batch goes back to pending, with a retry delay.
            await ReleaseRestAsync(kind, claimId, unavailable ? "SMTP-server niet bereikbaar" : "niet verstuurd", CancellationToken.None);
        }

        return (sent, failed, unavailable);
    }

    private async Task<MimeMessage> BuildMessageAsync(WorkItem item, string token, string optOutToken, Dictionary<BodyKey, RenderedEmail> bodies)
    {
        var survey = surveys.Get(item.QuestionnaireId);
        var app = appOptions.Value;
        var link = app.Link("v/" + token);
        var optOutLink = app.Link("afmelden/" + optOutToken);
        // A batch's messages differ only in their two links: the body is rendered once per kind of message with
        // placeholder links, which are then replaced (tokens are base64url, so nothing in them needs encoding).
        var key = new BodyKey(item.Kind, item.QuestionnaireId, item.WerkpleinName, item.ClosesOn, item.Partial);
        if (!bodies.TryGetValue(key, out var template))
        {
            var model = new InvitationEmailModel(survey.Title, survey.Audience, item.WerkpleinName,
                app.Link("v/" + LinkPlaceholder), item.ClosesOn, app.Link("privacy"), app.Link("afmelden/" + OptOutPlaceholder));
            template = item.Kind == MailKind.Invitation
                ? await renderer.RenderAsync<InvitationEmailHtml, InvitationEmailText>(
                    new Dictionary<string, object?> { ["Model"] = model })
                : await renderer.RenderAsync<ReminderEmailHtml, ReminderEmailText>(
                    new Dictionary<string, object?> { ["Model"] = model, ["Partial"] = item.Partial });
            bodies[key] = template;
        }

        var body = new RenderedEmail(
            template.Html.Replace(LinkPlaceholder, token, StringComparison.Ordinal).Replace(OptOutPlaceholder, optOutToken, StringComparison.Ordinal),
            template.Text.Replace(LinkPlaceholder, token, StringComparison.Ordinal).Replace(OptOutPlaceholder, optOutToken, StringComparison.Ordinal));
        var message = new MimeMessage();
        var from = MailboxAddress.Parse(mailOptions.Value.From);
        message.From.Add(from);
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from.Domain);
        message.To.Add(MailboxAddress.Parse(item.Email));
        message.Subject = item.Kind == MailKind.Invitation ? survey.Title : "Herinnering: " + survey.Title;
        message.Headers.Add("X-Klantmeting-Invitation", item.InvitationId.ToString(CultureInfo.InvariantCulture));
        if (item.Kind == MailKind.Reminder)
        {
            message.Headers.Add("X-Klantmeting-Reminder", (item.RemindersSent + 1).ToString(CultureInfo.InvariantCulture));
        }

        // RFC 2369 / RFC 8058 one-click opt-out; the token differs from the answer token and is stored only as a hash.
        message.Headers.Add("List-Unsubscribe", "<" + optOutLink + ">");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Body = new BodyBuilder { HtmlBody = body.Html, TextBody = body.Text }.ToMessageBody();
        return message;
    }

    /// <summary>
    /// Renews the lease of every row still claimed by this batch in one statement; returns the ids still ours (all
    /// of <paramref name="owned"/> unless another worker took some over).
    /// </summary>
    private async Task<HashSet<long>> RenewClaimAsync(MailKind kind, Guid claimId, HashSet<long> owned, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        using (await WriteGate.EnterAsync(db, ct))
        {
            var renewed = kind == MailKind.Invitation
                ? await db.Invitations.Where(i => i.ClaimId == claimId && i.State == InvitationState.Claimed)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.ClaimedAt, now), ct)
                : await db.Invitations.Where(i => i.ReminderClaimId == claimId)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.ReminderClaimedAt, now), ct);
            if (renewed == owned.Count)
            {
                return owned;
            }
        }

        var still = kind == MailKind.Invitation
            ? await db.Invitations.Where(i => i.ClaimId == claimId && i.State == InvitationState.Claimed).Select(i => i.Id).ToListAsync(ct)
            : await db.Invitations.Where(i => i.ReminderClaimId == claimId).Select(i => i.Id).ToListAsync(ct);
        return still.ToHashSet();
    }

    private async Task MarkSentAsync(WorkItem item, Guid claimId, SendStatements statements)
    {
        // One writer of this process at a time on SQLite: two dispatchers queue here instead of meeting a busy file.
        using var gate = await WriteGate.EnterAsync(db, CancellationToken.None);
        var now = clock.GetUtcNow().UtcDateTime;
        var days = ReminderSchedule.Days(item.ReminderDays);
        if (item.Kind == MailKind.Invitation)
        {
            DateTime? firstReminder = days.Count > 0 ? now.AddDays(days[0]) : null;
            // State = Claimed in the test: an opt-out that arrived meanwhile is not overwritten.
            await statements.MarkInvitationSentAsync(item.InvitationId, claimId, now, firstReminder);
            return;
        }

        // Reminder N+1 at its offset from the invitation, but never on the heels of the one just sent (after an
        // outage both could be due at once).
        var number = item.RemindersSent + 1;
        DateTime? next = number < days.Count
            ? Max((item.SentAt ?? now).AddDays(days[number]), now.AddDays(1))
            : null;
        await db.Invitations.Where(i => i.Id == item.InvitationId && i.ReminderClaimId == claimId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.RemindersSent, number)
                .SetProperty(i => i.LastReminderAt, now)
                .SetProperty(i => i.NextReminderAt, next)
                .SetProperty(i => i.ReminderClaimId, (Guid?)null)
                .SetProperty(i => i.ReminderAttempts, 0)
                .SetProperty(i => i.LastError, (string?)null), CancellationToken.None);
    }

    private Task ReleaseAsync(WorkItem item, Guid claimId, string error, bool giveUp, CancellationToken ct)
    {
        var o = options.Value;
        var final = giveUp || item.Attempts >= o.MaxAttempts;
        var next = clock.GetUtcNow().UtcDateTime.Add(RetryDelay(item.Attempts));
        error = Truncate(error);
        if (item.Kind == MailKind.Reminder)
        {
            // A reminder refused for good is not retried; the invitation itself stays sent.
            DateTime? nextReminder = final ? null : next;
            error = Truncate($"Herinnering {item.RemindersSent + 1}: {error}");
            return db.Invitations.Where(i => i.Id == item.InvitationId && i.ReminderClaimId == claimId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.NextReminderAt, nextReminder)
                    .SetProperty(i => i.ReminderClaimId, (Guid?)null)
                    .SetProperty(i => i.LastError, error), ct);
        }

        return db.Invitations.Where(i => i.Id == item.InvitationId && i.ClaimId == claimId && i.State == InvitationState.Claimed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, final ? InvitationState.Failed : InvitationState.Pending)
                .SetProperty(i => i.NextAttemptAt, next)
                .SetProperty(i => i.ClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, error), ct);
    }

    private Task ReleaseRestAsync(MailKind kind, Guid claimId, string error, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var next = now.Add(RetryDelay(1));
        if (kind == MailKind.Reminder)
        {
            var reminderError = "Herinnering: " + error;
            return db.Invitations.Where(i => i.ReminderClaimId == claimId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.NextReminderAt, next)
                    .SetProperty(i => i.ReminderAttempts, i => i.ReminderAttempts - 1)
                    .SetProperty(i => i.ReminderClaimId, (Guid?)null)
                    .SetProperty(i => i.LastError, reminderError), ct);
        }

        // Rows that were never handed to the server (it was down, or we are shutting down) do not use up an
        // attempt: an SMTP outage of any length loses nothing and fails nothing; it is retried every delay.
        return db.Invitations.Where(i => i.ClaimId == claimId && i.State == InvitationState.Claimed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, InvitationState.Pending)
                .SetProperty(i => i.Attempts, i => i.Attempts - 1)
                .SetProperty(i => i.NextAttemptAt, next)
                .SetProperty(i => i.ClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, error), ct);
    }

    internal TimeSpan RetryDelay(int attempts)
    {
        var seconds = options.Value.RetryDelaySeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, 3600));
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string Truncate(string s) => s.Length <= 1000 ? s : s[..1000];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message refused by the mail server: {Error}")]
    private partial void LogRejected(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail server unavailable; batch released for retry: {Error}")]
    private partial void LogUnavailable(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} invitations not sent: the address opted out in an earlier round")]
    private partial void LogSuppressed(int count);

    /// <summary>Stands in for the answer token while a body is rendered once for a batch.</summary>
    private const string LinkPlaceholder = "KLANTMETINGANSWERTOKENPLACEHOLDER";

    /// <summary>Stands in for the opt-out token while a body is rendered once for a batch.</summary>
    private const string OptOutPlaceholder = "KLANTMETINGOPTOUTTOKENPLACEHOLDER";

    private sealed record BodyKey(MailKind Kind, string QuestionnaireId, string WerkpleinName, DateOnly ClosesOn, bool Partial);

    private enum MailKind
    {
        Invitation,
        Reminder,
    }

    /// <summary>One message to send. For a reminder, <see cref="Attempts"/> counts attempts of that reminder.</summary>
    private sealed record WorkItem(MailKind Kind, long InvitationId, int Attempts, string Email, string WerkpleinName, int RoundId,
        string QuestionnaireId, DateOnly ClosesOn, string ReminderDays, DateTime? SentAt, int RemindersSent, bool Partial);
}

/// <summary>Counts of one dispatch run.</summary>
public sealed record DispatchResult(int Claimed, int Sent, int Failed)
{
    /// <summary>True when the mail server could not be reached; the claimed rows went back to pending.</summary>
    public bool Unavailable { get; init; }

    /// <summary>True when the run stopped because it is outside the sending window; everything waits.</summary>
    public bool OutsideWindow { get; init; }

    /// <summary>True when the run stopped at <see cref="InvitationOptions.MaxPerMinute"/>; the rest waits.</summary>
    public bool Throttled { get; init; }

    /// <summary>Of <see cref="Sent"/>, the reminders.</summary>
    public int RemindersSent { get; init; }

    /// <summary>Invitations not sent because the address opted out in an earlier round.</summary>
    public int Suppressed { get; init; }

    public DispatchResult Add(DispatchResult other) =>
        new(Claimed + other.Claimed, Sent + other.Sent, Failed + other.Failed)
        {
            Unavailable = Unavailable || other.Unavailable,
            OutsideWindow = OutsideWindow || other.OutsideWindow,
            Throttled = Throttled || other.Throttled,
            RemindersSent = RemindersSent + other.RemindersSent,
            Suppressed = Suppressed + other.Suppressed,
        };
}
