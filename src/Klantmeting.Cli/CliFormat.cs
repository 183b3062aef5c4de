using System.Globalization;

namespace Klantmeting.Cli;

/// <summary>Number formatting for Dutch readers (1.000.000 and 4,2).</summary>
internal static class CliFormat
{
    public static CultureInfo Dutch { get; } = CreateDutch();

    private static CultureInfo CreateDutch()
    {
        try
        {
            return CultureInfo.GetCultureInfo("nl-NL");
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }
}
