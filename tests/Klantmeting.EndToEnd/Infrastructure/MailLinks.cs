using System.Text.RegularExpressions;

namespace Klantmeting.EndToEnd.Infrastructure;

/// <summary>The links in the invitations and reminders a test host (on 127.0.0.1) sends.</summary>
public static partial class MailLinks
{
    /// <summary>The personal answer link in the text of a message.</summary>
    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/v/[A-Za-z0-9_-]+")]
    public static partial Regex AnswerLink();

    /// <summary>The List-Unsubscribe header: group 1 is the opt-out URL.</summary>
    [GeneratedRegex(@"^<(http[^>]+/afmelden/[A-Za-z0-9_-]{43})>$")]
    public static partial Regex OptOutHeader();
}
