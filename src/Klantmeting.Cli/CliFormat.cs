using System.Globalization;

namespace Klantmeting.Cli;

/// <summary>Number formatting for Dutch readers (1.000.000 and 4,2).</summary>
internal static class CliFormat
{
    public static CultureInfo Dutch { get; } = CreateDutch();

    /// <summary>A count with its noun, singular for exactly one ("1 deelnemer", "2 deelnemers", "0 regels").</summary>
    public static string Plural(long n, string one, string many) => n.ToString("N0", Dutch) + " " + (n == 1 ? one : many);

    /// <summary>The singular of the plural nouns the command line counts with; unknown nouns stay as given.</summary>
    public static string Singular(string many) => many switch
    {
        "deelnemers" => "deelnemer",
        "antwoorden" => "antwoord",
        "Werkpleinen" => "Werkplein",
        "regels" => "regel",
        _ => many,
    };

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
