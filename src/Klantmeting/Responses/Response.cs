namespace Klantmeting.Responses;

/// <summary>The answers of one invitee: saved step by step, complete once submitted.</summary>
public class Response
{
    /// <summary>Longest open answer we keep (characters).</summary>
    public const int MaxCommentLength = 4000;

    /// <summary>Database key.</summary>
    public long Id { get; set; }

    /// <summary>The invitation that was answered; one response per invitation.</summary>
    public long InvitationId { get; set; }

    /// <summary>Round of the invitation, kept on the row for per-round queries.</summary>
    public int RoundId { get; set; }

    /// <summary>When the respondent started (UTC): the first saved step, or the import.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>When the last step was saved (UTC).</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>When the questionnaire was submitted (UTC); null while it is partial.</summary>
    public DateTime? CompletedAt { get; set; }

    /// <summary>Overall grade <c>totaaloordeel</c>, 1-10.</summary>
    public int? Grade { get; set; }

    /// <summary>The optional open answer <c>toelichting</c>.</summary>
    public string? Comment { get; set; }

    /// <summary>How the answers were collected.</summary>
    public ResponseMode Mode { get; set; } = ResponseMode.Web;

    /// <summary>
    /// The interviewer (user id) who took a telephone interview; null otherwise. Kept for the interviewers' summary;
    /// never read by the results or the exports.
    /// </summary>
    public string? InterviewerId { get; set; }

    /// <summary>Index of the step the respondent should see on return.</summary>
    public int CurrentStep { get; set; }

    /// <summary>The statement answers, written with <see cref="Scores"/> by <see cref="AnswerWriter"/>.</summary>
    public List<Answer> Answers { get; set; } = [];

    /// <summary>Per principle: answered statements and the sum of the 1-5 answers (kept with <see cref="Answers"/>).</summary>
    public List<ResponseScore> Scores { get; set; } = [];
}

/// <summary>How a response was collected (stored as a number; the names are used in files and on screen).</summary>
public enum ResponseMode
{
    /// <summary>Through the personal link (web).</summary>
    Web = 0,

    /// <summary>By telephone interview: taken on the interview screen (with the interviewer), or imported from a file.</summary>
    Telefoon = 1,

    /// <summary>On paper, imported from a file.</summary>
    Papier = 2,
}

/// <summary>The answer to one statement: 1-5 on the agreement scale, or <see cref="DontKnow"/>.</summary>
public class Answer
{
    /// <summary>Stored value of "weet niet": answered, but not scored.</summary>
    public const int DontKnow = 0;

    /// <summary>The response this answer belongs to.</summary>
    public long ResponseId { get; set; }

    /// <summary>Statement id, e.g. <c>maatwerk.2</c>.</summary>
    public required string ItemId { get; set; }

    /// <summary>1-5 on the agreement scale, or <see cref="DontKnow"/>.</summary>
    public int Value { get; set; }
}

/// <summary>
/// What one response says about one principle: how many of its statements were answered and the sum of the 1-5
/// answers. Written together with the answers (web step, import) and read by the results instead of every answer:
/// one narrow row per principle is what makes every cell of a national round a sub-second computation.
/// </summary>
public class ResponseScore
{
    /// <summary>The response this summary belongs to.</summary>
    public long ResponseId { get; set; }

    /// <summary>Principle id, e.g. <c>maatwerk</c> (the part of a statement id before the dot).</summary>
    public required string PrincipleId { get; set; }

    /// <summary>Statements of the principle answered, "weet niet" included.</summary>
    public int Answered { get; set; }

    /// <summary>Statements answered on the 1-5 scale.</summary>
    public int Scored { get; set; }

    /// <summary>Sum of the 1-5 answers.</summary>
    public int Sum { get; set; }

    /// <summary>The rows of one response, one per principle with at least one answer, in order of first appearance.</summary>
    /// <param name="responseId">The response.</param>
    /// <param name="answers">Statement id (<c>principle.n</c>, as the questionnaire loader names them) and value.</param>
    public static List<ResponseScore> Summarize(long responseId, IEnumerable<(string ItemId, int Value)> answers)
    {
        var scores = new List<ResponseScore>();
        foreach (var (itemId, value) in answers)
        {
            var dot = itemId.IndexOf('.', StringComparison.Ordinal);
            var principle = dot > 0 ? itemId[..dot] : itemId;
            var score = scores.Find(s => s.PrincipleId == principle);
            if (score is null)
            {
                score = new ResponseScore { ResponseId = responseId, PrincipleId = principle };
                scores.Add(score);
            }

            score.Answered++;
            if (value is >= 1 and <= 5)
            {
                score.Scored++;
                score.Sum += value;
            }
        }

        return scores;
    }
}
