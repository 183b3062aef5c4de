namespace Klantmeting.Werkpleinen;

/// <summary>A local office where UWV WERKbedrijf and municipalities serve clients together.</summary>
public class Werkplein
{
    public int Id { get; set; }

    /// <summary>Short stable code used in imports, exports and URLs (e.g. <c>WP-AMS</c>).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? Region { get; set; }
}
