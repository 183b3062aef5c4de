using Klantmeting.Infrastructure.Email;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Klantmeting.Web.Pages.Dev;

/// <summary>Development outbox (beheerders only, folder convention /Dev): lists the .eml files the embedded default writes instead of sending mail.</summary>
public class OutboxModel(IOptions<MailOptions> mail) : PageModel
{
    private const int MaxListed = 200;

    public IReadOnlyList<OutboxItem> Items { get; private set; } = [];

    public int Total { get; private set; }

    public OutboxItem? Selected { get; private set; }

    public IActionResult OnGet(string? id)
    {
        if (mail.Value.Delivery != MailDeliveryKind.Outbox)
        {
            return NotFound();
        }

        var dir = new DirectoryInfo(mail.Value.ResolvedOutboxPath);
        var files = dir.Exists ? dir.GetFiles("*.eml").OrderByDescending(f => f.Name, StringComparer.Ordinal).ToList() : [];
        Total = files.Count;
        Items = files.Take(MaxListed).Select(f => Read(f, withBody: false)).ToList();
        if (id is not null)
        {
            var file = files.FirstOrDefault(f => f.Name == id);
            if (file is null)
            {
                return NotFound();
            }

            Selected = Read(file, withBody: true);
        }

        return Page();
    }

    private static OutboxItem Read(FileInfo file, bool withBody)
    {
        using var message = MimeMessage.Load(file.FullName);
        var text = withBody ? message.TextBody ?? "" : "";
        var links = withBody
            ? System.Text.RegularExpressions.Regex.Matches(text, @"https?://\S+").Select(m => m.Value).Distinct().ToList()
            : [];
        return new OutboxItem(file.Name, message.To.ToString(), message.Subject ?? "", message.Date, text, links)
        {
            ReturnPath = message.Headers[HeaderId.ReturnPath],
        };
    }
}

/// <summary>One message in the development outbox.</summary>
public sealed record OutboxItem(string Id, string To, string Subject, DateTimeOffset Date, string Text, IReadOnlyList<string> Links)
{
    /// <summary>The envelope sender (VERP) an SMTP server would have got; null without <c>Mail:BounceDomain</c>.</summary>
    public string? ReturnPath { get; init; }
}
