namespace Klantmeting.Retention;

/// <summary>Settings of section <c>Retention</c> (AVG: keep contact data no longer than needed).</summary>
public sealed class RetentionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Retention";

    /// <summary>
    /// Days after a round closed after which its contact data (e-mail addresses, link tokens) are deleted.
    /// 0 switches automatic deletion off (the job and <c>retention run</c> then delete nothing).
    /// </summary>
    [Range(0, 3650)]
    public int ContactDataDays { get; set; } = 90;

    /// <summary>Rows deleted or cleared per statement, so a national round never locks a table for long.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>Cron (UTC) of the recurring retention job.</summary>
    [Required]
    public string Cron { get; set; } = "23 * * * *";
}
