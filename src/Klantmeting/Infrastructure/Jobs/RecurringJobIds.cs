namespace Klantmeting.Infrastructure.Jobs;

/// <summary>Every recurring job id, in one place. The ids are stored by Hangfire: never rename one.</summary>
public static class RecurringJobIds
{
    public const string DispatchInvitations = "invitations-dispatch";

    public const string RoundSchedule = "rounds-schedule";

    public const string ContactDataRetention = "retention-contact-data";

    public const string ProcessBounces = "bounces-process";
}
