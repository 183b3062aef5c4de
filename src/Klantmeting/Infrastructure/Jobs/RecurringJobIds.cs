namespace Klantmeting.Infrastructure.Jobs;

/// <summary>Every recurring job id, in one place. The ids are stored by Hangfire: never rename one.</summary>
public static class RecurringJobIds
{
    /// <summary>Sends due invitations and reminders.</summary>
    public const string DispatchInvitations = "invitations-dispatch";

    /// <summary>Opens and closes scheduled rounds.</summary>
    public const string RoundSchedule = "rounds-schedule";

    /// <summary>Deletes contact data past its retention.</summary>
    public const string ContactDataRetention = "retention-contact-data";

    /// <summary>Reads the bounce mailbox.</summary>
    public const string ProcessBounces = "bounces-process";

    /// <summary>Resumes uploaded files whose job was lost or stopped.</summary>
    public const string ResumeUploads = "uploads-resume";

    /// <summary>Puts participants of telephone and mixed rounds on the call list.</summary>
    public const string FillCallLists = "calls-fill";
}
