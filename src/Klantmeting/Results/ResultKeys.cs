namespace Klantmeting.Results;

/// <summary>The fixed keys of result cells and response-rate rows, defined once for every reader of the figures.</summary>
public static class ResultKeys
{
    /// <summary>Werkplein column value of the national total.</summary>
    public const string National = "NL";

    /// <summary>Breakdown and group of the overall figure (no breakdown).</summary>
    public const string Total = "totaal";
}
