namespace Klantmeting.Results;

/// <summary>The fixed keys of result cells and response-rate rows, defined once for every reader of the figures.</summary>
public static class ResultKeys
{
    /// <summary>Werkplein column value of the national total.</summary>
    public const string National = "NL";

    /// <summary>Breakdown and group of the overall figure (no breakdown).</summary>
    public const string Total = "totaal";

    /// <summary>
    /// Breakdown of the cells by how the answers were collected (groups <c>web</c>, <c>telefoon</c>, <c>papier</c>):
    /// only in rounds whose mode is not web.
    /// </summary>
    public const string Mode = "wijze";

    /// <summary>The Dutch text of a mode group.</summary>
    public static string ModeText(string group) => group switch
    {
        "web" => "Web",
        "telefoon" => "Telefoon",
        "papier" => "Papier",
        _ => group,
    };
}
