using System.Net.Sockets;
using Klantmeting.Infrastructure.Email;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Klantmeting.Bounces;

/// <summary>
/// Reads the bounce mailbox over IMAP (MailKit). Every report is recorded in the database first (unique on its
/// Message-Id, so a second worker or a second run changes nothing), then flagged <c>\Seen</c> plus a keyword and
/// moved out of the way: to <c>ProcessedFolder</c>, or to <c>UnmatchedFolder</c> when it could not be matched.
/// Nothing is ever deleted.
/// </summary>
public sealed partial class BounceMailbox(
    BounceService bounces,
    ReturnPaths returnPaths,
    TimeProvider clock,
    IOptions<BounceOptions> options,
    ILogger<BounceMailbox> logger)
{
    /// <summary>Keyword on a handled report.</summary>
    public const string ProcessedKeyword = "$KlantmetingVerwerkt";

    /// <summary>Keyword on a report that could not be matched.</summary>
    public const string UnmatchedKeyword = "$KlantmetingOnbekend";

    /// <summary>Prefix of the keyword by which a worker claims a report, followed by the time (UTC, yyyyMMddHHmm).</summary>
    public const string ClaimKeywordPrefix = "$KlantmetingBezig";

    /// <summary>A claim older than this (its worker died) may be taken over.</summary>
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(15);

    private const int Chunk = 50;

    /// <summary>Handles up to <c>Bounces:BatchSize</c> reports. Does nothing when <c>Bounces:Imap:Host</c> is empty.</summary>
    /// <exception cref="BounceMailboxUnavailableException">The IMAP server cannot be reached or refused the login; the next run tries again.</exception>
    public async Task<BounceRunResult> ProcessAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return new BounceRunResult(0, 0, 0, 0);
        }

        if (!returnPaths.Enabled)
        {
            LogNoVerp();
        }

        using var client = await ConnectAsync(o.Imap, ct);
        var inbox = await GetFolderAsync(client, o.Imap.Folder, create: false, ct);
        await inbox.OpenAsync(FolderAccess.ReadWrite, ct);
        var processedFolder = await GetFolderAsync(client, o.Imap.ProcessedFolder, create: true, ct);
        var unmatchedFolder = await GetFolderAsync(client, o.Imap.UnmatchedFolder, create: true, ct);
        var keywords = inbox.PermanentFlags.HasFlag(MessageFlags.UserDefined);

        var uids = await ClaimAsync(inbox, o.BatchSize, ct);
        int handled = 0, unmatched = 0, duplicates = 0;
        foreach (var chunk in uids.Chunk(Chunk))
        {
            var toProcessed = new List<UniqueId>();
            var toUnmatched = new List<UniqueId>();
            foreach (var uid in chunk)
            {
                if (await ReadAsync(inbox, uid, ct) is not var (key, parsed))
                {
                    continue; // Another worker moved it meanwhile.
                }

                var recorded = await bounces.RecordAsync(key, parsed, ct);
                if (!recorded.IsNew)
                {
                    duplicates++;
                }
                else if (recorded.Outcome == BounceOutcome.Unmatched)
                {
                    unmatched++;
                }
                else
                {
                    handled++;
                }

                (recorded.Outcome == BounceOutcome.Unmatched ? toUnmatched : toProcessed).Add(uid);
            }

            await MoveAsync(inbox, toProcessed, processedFolder, MessageFlags.Seen, keywords ? ProcessedKeyword : null, ct);
            // Unmatched reports stay unread: a person should look at them.
            await MoveAsync(inbox, toUnmatched, unmatchedFolder, MessageFlags.None, keywords ? UnmatchedKeyword : null, ct);
        }

        await client.DisconnectAsync(true, ct);
        var result = new BounceRunResult(uids.Count, handled, unmatched, duplicates);
        if (uids.Count > 0)
        {
            LogRun(result.Read, result.Handled, result.Unmatched, result.AlreadyHandled);
        }

        return result;
    }

    /// <summary>Fetches and parses one report; null when another worker moved it meanwhile. An unreadable message becomes an unmatched report.</summary>
    private async Task<(string Key, ParsedBounce Parsed)?> ReadAsync(IMailFolder inbox, UniqueId uid, CancellationToken ct)
    {
        try
        {
            var message = await inbox.GetMessageAsync(uid, ct);
            return (BounceReportParser.MessageKey(message), BounceReportParser.Parse(message, returnPaths));
        }
        catch (MessageNotFoundException)
        {
            return null;
        }
        catch (FormatException)
        {
            // Either another worker moved it while we fetched it (empty answer), or it cannot be read.
            if ((await inbox.SearchAsync(SearchQuery.Uids([uid]), ct)).Count == 0)
            {
                return null;
            }

            return ($"onleesbaar:{inbox.UidValidity}:{uid.Id}", new ParsedBounce(BounceOutcome.Unmatched, null, null, "onleesbaar bericht"));
        }
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> reports for this run. With CONDSTORE (RFC 7162; dovecot, Exchange, most
    /// servers) a claim keyword is stored with UNCHANGEDSINCE, which succeeds for one worker only, so two workers
    /// reading the mailbox at once share the reports instead of both copying them to the target folder. Without it
    /// every report is taken; the database still handles each report once.
    /// </summary>
    private async Task<List<UniqueId>> ClaimAsync(IMailFolder inbox, int max, CancellationToken ct)
    {
        var all = await inbox.SearchAsync(SearchQuery.All, ct);
        if (!inbox.Supports(FolderFeature.ModSequences) || !inbox.PermanentFlags.HasFlag(MessageFlags.UserDefined))
        {
            return all.Take(max).ToList();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var staleBefore = ClaimKeyword(now - ClaimLease);
        var claim = ClaimKeyword(now);
        var claimed = new List<UniqueId>();
        foreach (var chunk in all.Chunk(Chunk))
        {
            var summaries = await inbox.FetchAsync(chunk,
                new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.ModSeq), ct);
            foreach (var summary in summaries)
            {
                // Keywords of the same length compare as times.
                var taken = summary.Keywords.Any(k => k.StartsWith(ClaimKeywordPrefix, StringComparison.Ordinal)
                    && string.CompareOrdinal(k, staleBefore) > 0);
                if (taken || summary.ModSeq is not { } modSeq)
                {
                    continue;
                }

                var request = new StoreFlagsRequest(StoreAction.Add, MessageFlags.None) { Silent = true, UnchangedSince = modSeq };
                request.Keywords.Add(claim);
                var refused = await inbox.StoreAsync([summary.UniqueId], request, ct);
                if (refused.Count == 0)
                {
                    claimed.Add(summary.UniqueId);
                    if (claimed.Count == max)
                    {
                        return claimed;
                    }
                }
            }
        }

        return claimed;
    }

    private static string ClaimKeyword(DateTime utc) =>
        ClaimKeywordPrefix + utc.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);

    private async Task MoveAsync(IMailFolder source, List<UniqueId> uids, IMailFolder target, MessageFlags flags,
        string? keyword, CancellationToken ct)
    {
        if (uids.Count == 0)
        {
            return;
        }

        var request = new StoreFlagsRequest(StoreAction.Add, flags) { Silent = true };
        if (keyword is not null)
        {
            request.Keywords.Add(keyword);
        }

        if (flags != MessageFlags.None || keyword is not null)
        {
            await source.StoreAsync(uids, request, ct);
        }

        try
        {
            // MOVE (or COPY + EXPUNGE of these UIDs).
            await source.MoveToAsync(uids, target, ct);
        }
        catch (ImapCommandException)
        {
            // Some were moved by another worker meanwhile, and the server refused the whole command: one by one.
            foreach (var uid in uids)
            {
                try
                {
                    await source.MoveToAsync(uid, target, ct);
                }
                catch (ImapCommandException ex)
                {
                    // Gone already, or really stuck: then it stays and is seen as handled next time.
                    LogMoveFailed(uid.Id, ex.Message);
                }
            }
        }
    }

    private static async Task<ImapClient> ConnectAsync(ImapOptions o, CancellationToken ct)
    {
        var client = new ImapClient { Timeout = o.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, o.SocketOptions, ct);
            await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            return client;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ImapProtocolException or ImapCommandException
            or SslHandshakeException or AuthenticationException or TimeoutException)
        {
            client.Dispose();
            throw new BounceMailboxUnavailableException($"IMAP-server {o.Host}:{o.Port} niet bereikbaar: {ex.Message}", ex);
        }
    }

    /// <summary>The folder at <paramref name="path"/> (levels separated by <c>/</c>), created level by level when asked.</summary>
    private static async Task<IMailFolder> GetFolderAsync(ImapClient client, string path, bool create, CancellationToken ct)
    {
        if (string.Equals(path, "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return client.Inbox;
        }

        // The root of the personal namespace; "INBOX/..." paths work on servers that keep folders under INBOX.
        IMailFolder folder = await client.GetFolderAsync(client.PersonalNamespaces[0].Path, ct)
            ?? throw new FolderNotFoundException(client.PersonalNamespaces[0].Path);
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            IMailFolder? next;
            try
            {
                next = await folder.GetSubfolderAsync(name, ct);
            }
            catch (FolderNotFoundException) when (create)
            {
                try
                {
                    next = await folder.CreateAsync(name, true, ct);
                }
                catch (ImapCommandException)
                {
                    // Another worker created it at the same moment.
                    next = await folder.GetSubfolderAsync(name, ct);
                }
            }

            folder = next ?? throw new FolderNotFoundException(path);
        }

        return folder;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail:BounceDomain is not set: messages have no per-invitation return path, so bounce reports cannot be matched and are all moved aside as unmatched")]
    private partial void LogNoVerp();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bounce report UID {Uid} not moved: {Error}")]
    private partial void LogMoveFailed(uint uid, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bounce mailbox: {Read} report(s) read, {Handled} applied, {Unmatched} unmatched (moved aside), {AlreadyHandled} handled before")]
    private partial void LogRun(int read, int handled, int unmatched, int alreadyHandled);
}

/// <summary>Counts of one run over the bounce mailbox.</summary>
public sealed record BounceRunResult(int Read, int Handled, int Unmatched, int AlreadyHandled);

/// <summary>The IMAP server could not be reached or refused the login; nothing was changed, the next run tries again.</summary>
public sealed class BounceMailboxUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
