namespace Klantmeting.Uploads;

/// <summary>What an uploaded file holds.</summary>
public enum UploadKind
{
    /// <summary>The sample: participants (<c>participants import</c>).</summary>
    Participants,

    /// <summary>Answers collected by telephone or on paper (<c>responses import</c>).</summary>
    Answers,
}

/// <summary>Where an upload is; only the database row decides, the job queue just triggers the work.</summary>
public enum UploadState
{
    /// <summary>Stored, waiting for a worker.</summary>
    Queued,

    /// <summary>A worker is checking every row (first pass).</summary>
    Checking,

    /// <summary>A worker is writing the rows (second pass, one transaction).</summary>
    Storing,

    /// <summary>Rows stored (possibly with skipped invalid rows); final.</summary>
    Done,

    /// <summary>Nothing stored: errors in the file, or the import was refused; final.</summary>
    Failed,
}

/// <summary>
/// One file uploaded on <c>/beheer/rondes/{naam}/deelnemers</c> or <c>.../antwoorden</c>, checked and stored by a
/// background job. The file itself is kept in <see cref="UploadChunk"/> rows until the job finishes, so any worker
/// can read it; the errors found are kept in <see cref="UploadError"/> rows for the page and the CSV download.
/// </summary>
public class Upload
{
    /// <summary>Longest stored file name.</summary>
    public const int FileNameMaxLength = 255;

    /// <summary>Longest stored message.</summary>
    public const int MessageMaxLength = 2000;

    /// <summary>Database key.</summary>
    public long Id { get; set; }

    /// <summary>The round the file is for.</summary>
    public int RoundId { get; set; }

    /// <summary>Participants or answers.</summary>
    public UploadKind Kind { get; set; }

    /// <summary>The file's own name (no folders), as shown and logged.</summary>
    public required string FileName { get; set; }

    /// <summary>Size of the file in bytes.</summary>
    public long FileLength { get; set; }

    /// <summary>Who uploaded it: the user id as in the audit log (never an e-mail address).</summary>
    public required string UploadedBy { get; set; }

    /// <summary>When it was uploaded (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Store the valid rows and skip invalid ones.</summary>
    public bool SkipInvalid { get; set; }

    /// <summary>Participants only: replace the round's sample instead of adding to it.</summary>
    public bool Replace { get; set; }

    /// <summary>Answers only: how they were collected (<c>Phone</c> or <c>Paper</c>, by name).</summary>
    public string? Mode { get; set; }

    /// <summary>Where the upload is.</summary>
    public UploadState State { get; set; }

    /// <summary>Runs started; a run takes the upload over only when this is still the value it read.</summary>
    public int Attempts { get; set; }

    /// <summary>Until when the running worker holds the upload; another worker takes it over after this (UTC).</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>Rows checked so far (first pass); all data rows of the file when done.</summary>
    public long RowsChecked { get; set; }

    /// <summary>Rows written so far (second pass); the rows stored when done.</summary>
    public long RowsStored { get; set; }

    /// <summary>Rows not stored because they had an error (with skip-invalid), or all rows when nothing was stored.</summary>
    public long RowsSkipped { get; set; }

    /// <summary>Errors found (all of them are in <see cref="UploadError"/>).</summary>
    public int ErrorCount { get; set; }

    /// <summary>Why the import was refused as a whole (for example a closed round), in Dutch; null otherwise.</summary>
    public string? Message { get; set; }

    /// <summary>Last change of state or progress (UTC).</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>When the upload reached <see cref="UploadState.Done"/> or <see cref="UploadState.Failed"/> (UTC).</summary>
    public DateTime? FinishedAt { get; set; }
}

/// <summary>A piece of an uploaded file, in order; deleted when the upload finishes.</summary>
public class UploadChunk
{
    /// <summary>Bytes per chunk: small enough for every provider's parameter and packet limits.</summary>
    public const int Size = 1 << 20;

    /// <summary>The upload.</summary>
    public long UploadId { get; set; }

    /// <summary>Position of the chunk, from 0.</summary>
    public int Index { get; set; }

    /// <summary>The bytes.</summary>
    public required byte[] Data { get; set; }
}

/// <summary>One error of an upload, in file order.</summary>
public class UploadError
{
    /// <summary>Longest stored field name.</summary>
    public const int FieldMaxLength = 100;

    /// <summary>Longest stored message.</summary>
    public const int MessageMaxLength = 1000;

    /// <summary>The upload.</summary>
    public long UploadId { get; set; }

    /// <summary>Position of the error in the list, from 0.</summary>
    public int Number { get; set; }

    /// <summary>Line of the file (header = 1).</summary>
    public int Line { get; set; }

    /// <summary>The column, or null for the whole row.</summary>
    public string? Field { get; set; }

    /// <summary>What is wrong, in Dutch.</summary>
    public required string Message { get; set; }
}
