using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Email;
using MimeKit;

namespace Klantmeting.Bounces;

/// <summary>What one report says: outcome, the invitation it is about, its status code, and why it did not match.</summary>
public sealed record ParsedBounce(BounceOutcome Outcome, long? InvitationId, string? Status, string Detail);

/// <summary>
/// Reads RFC 3464 delivery status reports (<c>multipart/report; report-type=delivery-status</c>) with MimeKit.
/// <para>
/// The invitation is found from our VERP return path, looked for in this order (the first valid one wins):
/// 1. <c>X-Original-To</c> and 2. <c>Delivered-To</c> of the report: added by the server that delivered the report to
/// the bounce mailbox, so they hold the envelope recipient (our return path) even when the header To differs;
/// 3. <c>To</c>: the reporting server addresses the report to the envelope sender; 4. the report's per-message
/// field <c>X-Postfix-Sender</c> (Postfix writes the original envelope sender there); 5. <c>Return-Path</c> in the
/// returned message or headers, when a server kept it. The unsigned <c>X-Klantmeting-Invitation</c> header of the
/// returned message is deliberately not trusted: anyone can write it.
/// </para>
/// <para>
/// The worst per-recipient result decides: Action failed with 5.x.x is hard; failed with 4.x.x (or without a
/// status) is soft; delayed is delayed; delivered/relayed/expanded is no bounce. A missing Action is taken from the
/// status class (5 = failed, 4 = delayed).
/// </para>
/// </summary>
public static partial class BounceReportParser
{
    /// <summary>Parses <paramref name="report"/>; never throws for a malformed message (it comes out unmatched).</summary>
    public static ParsedBounce Parse(MimeMessage report, ReturnPaths returnPaths)
    {
        // Usually the top-level body; some gateways wrap the report in a multipart/mixed.
        var multipart = Descendants(report.Body).OfType<MultipartReport>()
            .FirstOrDefault(m => string.Equals(m.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase)
                || string.Equals(m.ReportType, "global-delivery-status", StringComparison.OrdinalIgnoreCase));
        var status = multipart is null ? null : Descendants(multipart).OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (multipart is null || status is null)
        {
            return new ParsedBounce(BounceOutcome.Unmatched, null, null, "geen DSN (RFC 3464)");
        }

        var (outcome, code) = Classify(status);
        if (outcome is null)
        {
            return new ParsedBounce(BounceOutcome.Unmatched, null, null, "DSN zonder Action/Status");
        }

        var tampered = false;
        foreach (var (source, address) in Candidates(report, status, multipart))
        {
            var match = returnPaths.Match(address);
            if (match.Kind == ReturnPathKind.Valid)
            {
                return new ParsedBounce(outcome.Value, match.InvitationId, code, "via " + source);
            }

            tampered |= match.Kind == ReturnPathKind.Tampered;
        }

        var reason = tampered ? "retouradres vervalst of beschadigd" : "geen retouradres van Klantmeting";
        return new ParsedBounce(BounceOutcome.Unmatched, null, code, reason);
    }

    /// <summary>The idempotency key of a report: its Message-Id, or a hash of its bytes when it has none.</summary>
    public static string MessageKey(MimeMessage report)
    {
        var id = report.MessageId?.Trim();
        if (!string.IsNullOrEmpty(id))
        {
            return id.Length <= BounceReport.MessageKeyMaxLength ? id : "sha256:" + Hash(id);
        }

        using var stream = new MemoryStream();
        report.WriteTo(stream);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static (BounceOutcome? Outcome, string? Status) Classify(MessageDeliveryStatus status)
    {
        BounceOutcome? worst = null;
        string? worstStatus = null;
        // Group 0 holds the per-message fields; each later group is one recipient.
        foreach (var group in status.StatusGroups.Skip(1))
        {
            var code = StatusCode(group["Status"]);
            var action = group["Action"]?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(action))
            {
                action = code?[0] switch { '5' => "failed", '4' => "delayed", '2' => "delivered", _ => null };
            }
            else
            {
                // "failed (permanent)" and similar: only the first word counts.
                action = action.Split(' ', ';', '(')[0];
            }

            BounceOutcome? outcome = action switch
            {
                "failed" when code is not null && code[0] == '5' => BounceOutcome.Hard,
                "failed" => BounceOutcome.Soft,
                "delayed" => BounceOutcome.Delayed,
                "delivered" or "relayed" or "expanded" => BounceOutcome.NoBounce,
                _ => null,
            };
            if (outcome is { } o && (worst is null || Severity(o) > Severity(worst.Value)))
            {
                worst = o;
                worstStatus = code;
            }
        }

        return (worst, worstStatus);
    }

    private static int Severity(BounceOutcome outcome) => outcome switch
    {
        BounceOutcome.Hard => 4,
        BounceOutcome.Soft => 3,
        BounceOutcome.Delayed => 2,
        _ => 1,
    };

    private static string? StatusCode(string? value)
    {
        var m = value is null ? null : StatusRegex().Match(value);
        return m is { Success: true } ? m.Groups[1].Value : null;
    }

    private static IEnumerable<(string Source, string Address)> Candidates(MimeMessage report, MessageDeliveryStatus status,
        MultipartReport multipart)
    {
        foreach (var name in new[] { "X-Original-To", "Delivered-To" })
        {
            foreach (var header in report.Headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var address in Addresses(header.Value))
                {
                    yield return (name, address);
                }
            }
        }

        foreach (var mailbox in report.To.Mailboxes)
        {
            yield return ("To", mailbox.Address);
        }

        if (status.StatusGroups.Count > 0 && status.StatusGroups[0]["X-Postfix-Sender"] is { } sender)
        {
            yield return ("X-Postfix-Sender", TypedAddress(sender));
        }

        foreach (var returned in ReturnedHeaders(multipart))
        {
            foreach (var value in returned.Where(h => h.Id == HeaderId.ReturnPath).Select(h => h.Value))
            {
                foreach (var address in Addresses(value))
                {
                    yield return ("Return-Path van het teruggestuurde bericht", address);
                }
            }
        }
    }

    private static IEnumerable<HeaderList> ReturnedHeaders(MultipartReport multipart) =>
        // message/rfc822 and text/rfc822-headers (a MessagePart too) hold the returned message or its headers.
        multipart.OfType<MessagePart>().Select(p => p.Message).OfType<MimeMessage>().Select(m => m.Headers);

    /// <summary>An entity and, for a multipart, everything inside it (not inside attached messages).</summary>
    private static IEnumerable<MimeEntity> Descendants(MimeEntity? entity)
    {
        if (entity is null)
        {
            yield break;
        }

        yield return entity;
        if (entity is Multipart multipart)
        {
            foreach (var child in multipart.SelectMany(Descendants))
            {
                yield return child;
            }
        }
    }

    /// <summary>"rfc822; bounce+1-ab@x" -> "bounce+1-ab@x".</summary>
    private static string TypedAddress(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim();
    }

    private static IEnumerable<string> Addresses(string value)
    {
        if (InternetAddressList.TryParse(value, out var list))
        {
            foreach (var mailbox in list.Mailboxes)
            {
                yield return mailbox.Address;
            }
        }
        else
        {
            yield return value.Trim();
        }
    }

    [GeneratedRegex(@"^\s*([245]\.\d{1,3}\.\d{1,3})")]
    private static partial Regex StatusRegex();
}
