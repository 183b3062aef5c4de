namespace Klantmeting.Werkpleinen;

/// <summary>A local office where UWV WERKbedrijf and municipalities serve clients together.</summary>
public class Werkplein
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Short stable code used in imports, exports and URLs (e.g. <c>WP-AMS</c>).</summary>
    public required string Code { get; set; }

    /// <summary>Display name.</summary>
    public required string Name { get; set; }

    /// <summary>Optional region, from the <c>regio</c> column of the import.</summary>
    public string? Region { get; set; }
}
