namespace Klantmeting.Responses;

/// <summary>The answers of one invitee: saved step by step, complete once submitted.</summary>
public class Response
{
    /// <summary>Longest open answer we keep (characters).</summary>
    public const int MaxCommentLength = 4000;

    public long Id { get; set; }

    public long InvitationId { get; set; }

    public int RoundId { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>Overall grade <c>totaaloordeel</c>, 1-10.</summary>
    public int? Grade { get; set; }

    /// <summary>The optional open answer <c>toelichting</c>.</summary>
    public string? Comment { get; set; }

    /// <summary>How the answers were collected.</summary>
    public ResponseMode Mode { get; set; } = ResponseMode.Web;

    /// <summary>Index of the step the respondent should see on return.</summary>
    public int CurrentStep { get; set; }

    public List<Answer> Answers { get; set; } = [];
}

/// <summary>How a response was collected (stored as a number; the names are used in files and on screen).</summary>
public enum ResponseMode
{
    /// <summary>Through the personal link (web).</summary>
    Web = 0,

    /// <summary>By telephone interview, imported from a file.</summary>
    Telefoon = 1,

    /// <summary>On paper, imported from a file.</summary>
    Papier = 2,
}

/// <summary>The answer to one statement: 1-5 on the agreement scale, or <see cref="DontKnow"/>.</summary>
public class Answer
{
    public const int DontKnow = 0;

    public long ResponseId { get; set; }

    /// <summary>Statement id, e.g. <c>maatwerk.2</c>.</summary>
    public required string ItemId { get; set; }

    public int Value { get; set; }
}
