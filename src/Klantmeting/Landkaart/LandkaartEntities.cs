namespace Klantmeting.Landkaart;

/// <summary>A tertaal: one of the three reporting periods of a year (T1 Jan-Apr, T2 May-Aug, T3 Sep-Dec).</summary>
/// <param name="Year">The calendar year.</param>
/// <param name="Number">1, 2 or 3.</param>
public readonly record struct Tertaal(int Year, int Number) : IComparable<Tertaal>
{
    /// <summary>The tertaal that holds a calendar day.</summary>
    public static Tertaal Of(DateOnly day) => new(day.Year, (day.Month - 1) / 4 + 1);

    /// <summary>The tertaal before this one.</summary>
    public Tertaal Previous => Number == 1 ? new(Year - 1, 3) : new(Year, Number - 1);

    /// <summary>First day of the tertaal.</summary>
    public DateOnly FirstDay => new(Year, (Number - 1) * 4 + 1, 1);

    /// <summary>Last day of the tertaal.</summary>
    public DateOnly LastDay => FirstDay.AddMonths(4).AddDays(-1);

    /// <summary>The key used in addresses: <c>2009-T2</c>.</summary>
    public string Key => $"{Year}-T{Number}";

    /// <summary>Reads <c>2009-T2</c>; null when the text is not a tertaal.</summary>
    public static Tertaal? Parse(string? key)
    {
        if (key is not { Length: 7 } || key[4] != '-' || key[5] is not ('T' or 't') || key[6] is < '1' or > '3'
            || !int.TryParse(key.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 2000)
            return null;
        return new Tertaal(year, key[6] - '0');
    }

    /// <summary>Dutch name, for example "T2 2009 (mei-augustus)".</summary>
    public string Name => $"T{Number} {Year} ({Number switch { 1 => "januari-april", 2 => "mei-augustus", _ => "september-december" }})";

    /// <inheritdoc/>
    public int CompareTo(Tertaal other) => (Year, Number).CompareTo((other.Year, other.Number));

    /// <inheritdoc/>
    public override string ToString() => Key;
}

/// <summary>Where a Landkaart submission is in its review.</summary>
public enum SubmissionState
{
    /// <summary>Being filled in; only the Werkplein sees it.</summary>
    Draft,
    /// <summary>Submitted to the AKO; waiting for review; cannot be changed.</summary>
    Submitted,
    /// <summary>Sent back by the AKO with comments; can be changed and submitted again.</summary>
    SentBack,
    /// <summary>Accepted by the AKO; counts in the results.</summary>
    Accepted,
}

/// <summary>One Werkplein's Landkaart for one tertaal (one row per Werkplein and tertaal).</summary>
public class LandkaartSubmission
{
    /// <summary>Key.</summary>
    public long Id { get; set; }

    /// <summary>The Werkplein.</summary>
    public int WerkpleinId { get; set; }

    /// <summary>Year of the tertaal.</summary>
    public int Year { get; set; }

    /// <summary>Number of the tertaal (1-3).</summary>
    public int TertaalNumber { get; set; }

    /// <summary>The Landkaart file id it was filled in against (for example <c>suwi-2008</c>).</summary>
    public required string LandkaartId { get; set; }

    /// <summary>Review state.</summary>
    public SubmissionState State { get; set; }

    /// <summary>Who last changed the answers (audit actor: a user id).</summary>
    public string? FilledInBy { get; set; }

    /// <summary>When the answers last changed (UTC).</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>When it was last submitted (UTC).</summary>
    public DateTime? SubmittedAt { get; set; }

    /// <summary>Who accepted or sent it back last.</summary>
    public string? ReviewedBy { get; set; }

    /// <summary>When it was accepted or sent back last (UTC).</summary>
    public DateTime? ReviewedAt { get; set; }

    /// <summary>The answers, one per milestone answered.</summary>
    public List<LandkaartAnswer> Answers { get; set; } = [];

    /// <summary>The tertaal.</summary>
    public Tertaal Tertaal => new(Year, TertaalNumber);
}

/// <summary>The answer to one milestone of a submission.</summary>
public class LandkaartAnswer
{
    /// <summary>Longest explanation, improvement actions or review comment (characters).</summary>
    public const int TextMaxLength = 4000;

    /// <summary>Longest evidence link.</summary>
    public const int LinkMaxLength = 1000;

    /// <summary>Key.</summary>
    public long Id { get; set; }

    /// <summary>The submission.</summary>
    public long SubmissionId { get; set; }

    /// <summary>Milestone number (1-14).</summary>
    public int Milestone { get; set; }

    /// <summary>Level id (rood, oranje, blauw, groen); null while not chosen.</summary>
    public string? Level { get; set; }

    /// <summary>Why this level; required above red.</summary>
    public string? Explanation { get; set; }

    /// <summary>A link to a document that shows the level (optional).</summary>
    public string? EvidenceLink { get; set; }

    /// <summary>File name of the uploaded evidence PDF; null when none (the bytes live in <see cref="LandkaartEvidence"/>).</summary>
    public string? EvidenceFileName { get; set; }

    /// <summary>Milestone 14: which improvement actions the MT agreed after the client measurements.</summary>
    public string? ImprovementActions { get; set; }

    /// <summary>The AKO's comment when sending the submission back; cleared when the Werkplein submits again.</summary>
    public string? ReviewComment { get; set; }
}

/// <summary>
/// An uploaded evidence PDF of one answer, apart from the answer so reading answers never loads the bytes. Kept in
/// the database (like uploads) so every web node can serve it without a shared folder.
/// </summary>
public class LandkaartEvidence
{
    /// <summary>The answer (also the key: one file per answer).</summary>
    public long AnswerId { get; set; }

    /// <summary>The bytes of the PDF.</summary>
    public required byte[] Content { get; set; }

    /// <summary>Size in bytes.</summary>
    public int Size { get; set; }

    /// <summary>SHA-256 of the content (hex), for the virus scanner's log and duplicate checks.</summary>
    public required string Sha256 { get; set; }

    /// <summary>Who uploaded it.</summary>
    public required string UploadedBy { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTime UploadedAt { get; set; }
}

/// <summary>One change of a submission: who, when, what (a Dutch sentence without contact data).</summary>
public class LandkaartHistoryEntry
{
    /// <summary>Longest description.</summary>
    public const int ChangeMaxLength = 1000;

    /// <summary>Order of recording.</summary>
    public long Id { get; set; }

    /// <summary>The submission.</summary>
    public long SubmissionId { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTime At { get; set; }

    /// <summary>Who (audit actor: user id).</summary>
    public required string Actor { get; set; }

    /// <summary>The milestone changed; null for a change of the whole submission (submitted, accepted, sent back).</summary>
    public int? Milestone { get; set; }

    /// <summary>What changed.</summary>
    public required string Change { get; set; }
}
