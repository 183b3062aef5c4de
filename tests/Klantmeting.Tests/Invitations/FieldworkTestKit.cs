using System.Globalization;
using System.Text.RegularExpressions;
using Klantmeting.Invitations;
using Klantmeting.Responses;
using Klantmeting.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Klantmeting.Tests.Invitations;

/// <summary>Reads what the dispatcher wrote to the outbox folder, as a person's mail program would.</summary>
internal static partial class FieldworkTestKit
{
    public static async Task<DispatchResult> DispatchAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<InvitationDispatcher>().DispatchAsync(CancellationToken.None);
    }

    public static List<MimeMessage> Outbox(TestHost host) =>
        Directory.Exists(host.OutboxPath)
            ? Directory.GetFiles(host.OutboxPath, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList()
            : [];

    public static string To(this MimeMessage m) => m.To.Mailboxes.Single().Address;

    public static long InvitationId(this MimeMessage m) =>
        long.Parse(m.Headers["X-Klantmeting-Invitation"]!, CultureInfo.InvariantCulture);

    /// <summary>0 for an invitation, N for reminder N.</summary>
    public static int ReminderNumber(this MimeMessage m) =>
        m.Headers["X-Klantmeting-Reminder"] is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 0;

    public static string AnswerToken(this MimeMessage m) => AnswerLinkRegex().Match(m.TextBody!).Groups[1].Value;

    /// <summary>The opt-out token from the List-Unsubscribe header (RFC 8058).</summary>
    public static string OptOutToken(this MimeMessage m)
    {
        var header = m.Headers["List-Unsubscribe"]!;
        var match = OptOutHeaderRegex().Match(header);
        Assert.True(match.Success, header);
        return match.Groups[1].Value;
    }

    public static async Task<bool> OptOutAsync(TestHost host, string token)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OptOutService>().OptOutAsync(token);
    }

    public static async Task<RespondentSession?> FindSessionAsync(TestHost host, string token)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ResponseService>().FindAsync(token);
    }

    /// <summary>Stores a response for an invitation: complete, or started only.</summary>
    public static Task AnswerAsync(TestHost host, long invitationId, bool complete) => host.WithDbAsync(async db =>
    {
        var roundId = db.Invitations.Single(i => i.Id == invitationId).RoundId;
        var now = host.Clock.GetUtcNow().UtcDateTime;
        db.Responses.Add(new Response
        {
            InvitationId = invitationId,
            RoundId = roundId,
            StartedAt = now,
            UpdatedAt = now,
            CompletedAt = complete ? now : null,
            CurrentStep = complete ? 7 : 2,
            Grade = complete ? 8 : null,
            Answers = [new Answer { ItemId = "bereikbaarheid.1", Value = 4 }],
            Scores = ResponseScore.Summarize(0, [("bereikbaarheid.1", 4)]),
        });
        return await db.SaveChangesAsync();
    });

    [GeneratedRegex(@"https://klantmeting\.test/v/([A-Za-z0-9_-]{43})")]
    private static partial Regex AnswerLinkRegex();

    [GeneratedRegex(@"^<https://klantmeting\.test/afmelden/([A-Za-z0-9_-]{43})>$")]
    private static partial Regex OptOutHeaderRegex();
}
