namespace Klantmeting.Rounds;

/// <summary>
/// The mode of a round and, for telephone and mixed rounds, the call settings: when non-respondents move to the call
/// list, how many attempts before "niet bereikbaar", and the calling hours (Dutch time, weekdays, Saturday optional).
/// </summary>
/// <param name="Mode">Web, telefoon, papier or gemengd.</param>
/// <param name="CallListAfterDays">Mixed rounds: days after the last reminder before the call list.</param>
/// <param name="MaxCallAttempts">Call attempts before a participant is not reachable.</param>
/// <param name="CallingHoursStart">First minute of the calling hours (Dutch time).</param>
/// <param name="CallingHoursEnd">End of the calling hours (Dutch time, exclusive).</param>
/// <param name="CallOnSaturday">Also call on Saturdays.</param>
public sealed record RoundModeSettings(RoundMode Mode, int CallListAfterDays = RoundModeSettings.DefaultCallListAfterDays,
    int MaxCallAttempts = RoundModeSettings.DefaultMaxCallAttempts, TimeOnly? CallingHoursStart = null, TimeOnly? CallingHoursEnd = null,
    bool CallOnSaturday = false)
{
    /// <summary>Days after the last reminder before a mixed round's non-respondents are called.</summary>
    public const int DefaultCallListAfterDays = 3;

    /// <summary>Call attempts before "niet bereikbaar" (AAPOR: spread over day parts).</summary>
    public const int DefaultMaxCallAttempts = 6;

    /// <summary>Most call attempts a round may ask for.</summary>
    public const int MaxAttemptsLimit = 20;

    /// <summary>Longest wait before the call list, in days.</summary>
    public const int MaxCallListAfterDays = 60;

    /// <summary>Calling starts at 09:00 Dutch time.</summary>
    public static readonly TimeOnly DefaultCallingHoursStart = new(9, 0);

    /// <summary>Calling ends at 20:30 Dutch time.</summary>
    public static readonly TimeOnly DefaultCallingHoursEnd = new(20, 30);

    /// <summary>A web round with the default call settings (those of a new round).</summary>
    public static RoundModeSettings Default { get; } = new(RoundMode.Web);

    /// <summary>The settings stored on <paramref name="round"/>.</summary>
    public static RoundModeSettings Of(Round round) => new(round.Mode, round.CallListAfterDays, round.MaxCallAttempts,
        round.CallingHoursStart, round.CallingHoursEnd, round.CallOnSaturday);

    /// <summary>The start of the calling hours, the default when not given.</summary>
    public TimeOnly Start => CallingHoursStart ?? DefaultCallingHoursStart;

    /// <summary>The end of the calling hours, the default when not given.</summary>
    public TimeOnly End => CallingHoursEnd ?? DefaultCallingHoursEnd;

    /// <summary>True for the modes with a call list (telefoon, gemengd).</summary>
    public bool HasCallList => Mode is RoundMode.Telefoon or RoundMode.Gemengd;

    /// <summary>The Dutch name of a mode, as in forms and files.</summary>
    public static string Name(RoundMode mode) => mode switch
    {
        RoundMode.Telefoon => "telefoon",
        RoundMode.Papier => "papier",
        RoundMode.Gemengd => "gemengd",
        _ => "web",
    };

    /// <summary>Every mode by its Dutch name.</summary>
    public static IReadOnlyList<RoundMode> Modes { get; } = [RoundMode.Web, RoundMode.Telefoon, RoundMode.Papier, RoundMode.Gemengd];

    /// <summary>Reads a mode's Dutch name (any case); null when unknown.</summary>
    public static RoundMode? Parse(string? text) =>
        Modes.Cast<RoundMode?>().FirstOrDefault(m => string.Equals(Name(m!.Value), text?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Checks the values; throws a <see cref="RoundException"/> naming the field, with a Dutch message.
    /// </summary>
    /// <exception cref="RoundException">A number or a time outside its range.</exception>
    public void Check()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new RoundException("Kies hoe de ronde deelnemers bereikt: web, telefoon, papier of gemengd.", RoundFields.Mode);
        }

        if (CallListAfterDays is < 0 or > MaxCallListAfterDays)
        {
            throw new RoundException($"Dagen na de laatste herinnering: geef een heel getal van 0 tot en met {MaxCallListAfterDays}.", RoundFields.CallListAfterDays);
        }

        if (MaxCallAttempts is < 1 or > MaxAttemptsLimit)
        {
            throw new RoundException($"Aantal belpogingen: geef een heel getal van 1 tot en met {MaxAttemptsLimit}.", RoundFields.MaxCallAttempts);
        }

        if (End <= Start)
        {
            throw new RoundException($"Belmomenten: het einde ({End:HH\\:mm}) moet na het begin ({Start:HH\\:mm}) liggen.", RoundFields.CallingHours);
        }
    }

    /// <summary>Dutch description for the round page and the audit log.</summary>
    public string Describe() => HasCallList
        ? string.Create(CultureInfo.InvariantCulture,
            $"{Name(Mode)}{(Mode == RoundMode.Gemengd ? $", bellen {CallListAfterDays} dagen na de laatste herinnering" : "")}, " +
            $"hoogstens {MaxCallAttempts} belpogingen, bellen {Start:HH\\:mm}-{End:HH\\:mm} op werkdagen{(CallOnSaturday ? " en zaterdag" : "")}")
        : Name(Mode);
}
