namespace Klantmeting.Weighting;

/// <summary>Settings of section <c>Weighting</c>.</summary>
public sealed class WeightingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Weighting";

    /// <summary>
    /// When any stratum of a Werkplein has fewer respondents (zero included), all strata of that Werkplein merge into
    /// one (the Werkplein): a weight from a handful of respondents would make the figures swing on one answer.
    /// </summary>
    [Range(1, 100_000)]
    public int MinRespondents { get; set; } = 5;

    /// <summary>Raking stops when no cell of the cross table moves by more than this fraction of the respondents.</summary>
    [Range(1e-15, 0.1)]
    public double RakingTolerance { get; set; } = 1e-9;

    /// <summary>Raking gives up (an error) after this many passes over the margins.</summary>
    [Range(1, 10_000)]
    public int RakingMaxIterations { get; set; } = 200;
}

/// <summary>The weighting methods.</summary>
public enum WeightingMethod
{
    /// <summary>Post-stratification to the invited participants (the frame): Werkplein × uitkering.</summary>
    PostStratification,

    /// <summary>Raking (iterative proportional fitting) to population margins from a file.</summary>
    Raking,
}
