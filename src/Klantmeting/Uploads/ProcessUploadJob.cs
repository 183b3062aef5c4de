using Hangfire;

namespace Klantmeting.Uploads;

/// <summary>Checks and stores one uploaded file. No automatic retry: the database row decides, and the sweeper resumes a stopped run.</summary>
public sealed class ProcessUploadJob(UploadProcessor processor)
{
    /// <summary>Processes the upload unless another run has it or it is finished.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(long uploadId, CancellationToken ct) => processor.ProcessAsync(uploadId, ct);
}

/// <summary>Resumes uploads whose job was lost (a restart) or whose worker stopped (lease ran out).</summary>
public sealed class ResumeUploadsJob(UploadProcessor processor)
{
    /// <summary>Runs every upload that waits too long or was left behind.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) => processor.ResumeAsync(ct);
}
