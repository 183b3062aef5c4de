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
/// Sends pending invitations of open rounds. Work is shared through the database: a batch is claimed by an
/// atomic UPDATE ... WHERE State = Pending, so two workers (or a restarted one) never send the same row twice;
/// a claim whose worker vanished is taken over after the lease.
/// </summary>
public sealed partial class InvitationDispatcher(
    KlantmetingDbContext db,
    ISurveyCatalog surveys,
    IMailDelivery delivery,
    EmailRenderer renderer,
    TimeProvider clock,
    IOptions<InvitationOptions> options,
    IOptions<MailOptions> mailOptions,
    IOptions<AppOptions> appOptions,
    ILogger<InvitationDispatcher> logger)
{
    /// <summary>Sends batches until nothing is due, the server is unreachable, or <paramref name="ct"/> fires.</summary>
    public async Task<DispatchResult> DispatchAsync(CancellationToken ct)
    {
        var total = new DispatchResult(0, 0, 0);
        while (!ct.IsCancellationRequested)
        {
            var batch = await DispatchBatchAsync(ct);
            total = total.Add(batch);
            if (batch.Claimed == 0 || batch.Unavailable)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>Claims and sends one batch.</summary>
    public async Task<DispatchResult> DispatchBatchAsync(CancellationToken ct)
    {
        var o = options.Value;
        var claimId = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseCut = now.AddSeconds(-o.ClaimLeaseSeconds);

        // Open and not paused: a paused round keeps its pending invitations until it is resumed.
        var openRounds = db.Rounds.Sending().Select(r => r.Id);
        var candidates = await db.Invitations
            .Where(i => openRounds.Contains(i.RoundId)
                && ((i.State == InvitationState.Pending && i.NextAttemptAt <= now)
                    || (i.State == InvitationState.Claimed && i.ClaimedAt < leaseCut)))
            .OrderBy(i => i.Id)
            .Select(i => i.Id)
            .Take(o.BatchSize)
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return new DispatchResult(0, 0, 0);
        }

        // The state test is repeated in the UPDATE itself: a row another worker claimed meanwhile is skipped.
        var claimed = await db.Invitations
            .Where(i => candidates.Contains(i.Id)
                && ((i.State == InvitationState.Pending && i.NextAttemptAt <= now)
                    || (i.State == InvitationState.Claimed && i.ClaimedAt < leaseCut)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, InvitationState.Claimed)
                .SetProperty(i => i.ClaimId, claimId)
                .SetProperty(i => i.ClaimedAt, now)
                .SetProperty(i => i.Attempts, i => i.Attempts + 1), ct);
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
            select new WorkItem(i.Id, i.Attempts, c.Email, w.Name, r.Id, r.QuestionnaireId, r.FieldworkEnd))
            .ToListAsync(ct);

        // Store every token hash before any message leaves, so no link is ever sent that does not work.
        var tokens = work.ToDictionary(w => w.InvitationId, _ => InvitationToken.Generate());
        foreach (var item in work)
        {
            var hash = InvitationToken.Hash(tokens[item.InvitationId]);
            await db.Invitations.Where(i => i.Id == item.InvitationId && i.ClaimId == claimId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.TokenHash, hash), ct);
        }

        int sent = 0, failed = 0;
        var unavailable = false;
        IMailSession? session = null;
        try
        {
            session = await delivery.OpenAsync(ct);
            foreach (var item in work)
            {
                using var scope = logger.BeginScope(new Dictionary<string, object>
                {
                    ["RoundId"] = item.RoundId,
                    ["InvitationId"] = item.InvitationId,
                });
                try
                {
                    var message = await BuildMessageAsync(item, tokens[item.InvitationId]);
                    await session.SendAsync(message, ct);
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

                await db.Invitations.Where(i => i.Id == item.InvitationId && i.ClaimId == claimId)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.State, InvitationState.Sent)
                        .SetProperty(i => i.ClaimId, (Guid?)null)
                        .SetProperty(i => i.SentAt, clock.GetUtcNow().UtcDateTime)
                        .SetProperty(i => i.LastError, (string?)null), CancellationToken.None);
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
            await ReleaseRestAsync(claimId, unavailable ? "SMTP-server niet bereikbaar" : "niet verstuurd", CancellationToken.None);
        }

        return new DispatchResult(work.Count, sent, failed) { Unavailable = unavailable };
    }

    private async Task<MimeMessage> BuildMessageAsync(WorkItem item, string token)
    {
        var survey = surveys.Get(item.QuestionnaireId);
        var app = appOptions.Value;
        var model = new InvitationEmailModel(survey.Title, survey.Audience, item.WerkpleinName,
            app.Link("v/" + token), item.ClosesOn, app.Link("privacy"));
        var body = await renderer.RenderAsync<InvitationEmailHtml, InvitationEmailText>(
            new Dictionary<string, object?> { ["Model"] = model });
        var message = new MimeMessage();
        var from = MailboxAddress.Parse(mailOptions.Value.From);
        message.From.Add(from);
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from.Domain);
        message.To.Add(MailboxAddress.Parse(item.Email));
        message.Subject = survey.Title;
        message.Headers.Add("X-Klantmeting-Invitation", item.InvitationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Body = new BodyBuilder { HtmlBody = body.Html, TextBody = body.Text }.ToMessageBody();
        return message;
    }

    private Task ReleaseAsync(WorkItem item, Guid claimId, string error, bool giveUp, CancellationToken ct)
    {
        var o = options.Value;
        var final = giveUp || item.Attempts >= o.MaxAttempts;
        var next = clock.GetUtcNow().UtcDateTime.Add(RetryDelay(item.Attempts));
        error = Truncate(error);
        return db.Invitations.Where(i => i.Id == item.InvitationId && i.ClaimId == claimId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, final ? InvitationState.Failed : InvitationState.Pending)
                .SetProperty(i => i.NextAttemptAt, next)
                .SetProperty(i => i.ClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, error), ct);
    }

    private Task ReleaseRestAsync(Guid claimId, string error, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var next = now.Add(RetryDelay(1));
        // A batch that never reached the server does not use up an attempt.
        return db.Invitations.Where(i => i.ClaimId == claimId && i.State == InvitationState.Claimed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, i => i.Attempts >= o.MaxAttempts ? InvitationState.Failed : InvitationState.Pending)
                .SetProperty(i => i.NextAttemptAt, next)
                .SetProperty(i => i.ClaimId, (Guid?)null)
                .SetProperty(i => i.LastError, error), ct);
    }

    internal TimeSpan RetryDelay(int attempts)
    {
        var seconds = options.Value.RetryDelaySeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, 3600));
    }

    private static string Truncate(string s) => s.Length <= 1000 ? s : s[..1000];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invitation refused by the mail server: {Error}")]
    private partial void LogRejected(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail server unavailable; batch released for retry: {Error}")]
    private partial void LogUnavailable(string error);

    private sealed record WorkItem(long InvitationId, int Attempts, string Email, string WerkpleinName, int RoundId,
        string QuestionnaireId, DateOnly ClosesOn);
}

/// <summary>Counts of one dispatch run.</summary>
public sealed record DispatchResult(int Claimed, int Sent, int Failed)
{
    /// <summary>True when the mail server could not be reached; the claimed rows went back to pending.</summary>
    public bool Unavailable { get; init; }

    public DispatchResult Add(DispatchResult other) =>
        new(Claimed + other.Claimed, Sent + other.Sent, Failed + other.Failed) { Unavailable = Unavailable || other.Unavailable };
}
