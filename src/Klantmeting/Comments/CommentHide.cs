namespace Klantmeting.Comments;

/// <summary>
/// An administrator's decision that one open answer is not shown to Werkpleinen and not exported, with the reason.
/// One row per response (the key), so hiding the same comment twice at once stores it once; deleting the row shows
/// the comment again. The comment text itself stays untouched in <c>Responses</c>.
/// </summary>
public class CommentHide
{
    /// <summary>Longest reason (characters).</summary>
    public const int ReasonMaxLength = 500;

    /// <summary>The response whose comment is hidden (also the key).</summary>
    public long ResponseId { get; set; }

    /// <summary>Why it is hidden, as the administrator wrote it.</summary>
    public required string Reason { get; set; }

    /// <summary>Who hid it: the audit actor (a user id, never an e-mail address).</summary>
    public required string HiddenBy { get; set; }

    /// <summary>When it was hidden (UTC).</summary>
    public DateTime HiddenAt { get; set; }
}
