namespace Klantmeting.Results;

/// <summary>Settings of section <c>Results</c>.</summary>
public sealed class ResultsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Results";

    /// <summary>A cell with fewer respondents shows no figures anywhere (screen, export, chart).</summary>
    [Range(1, 100_000)]
    public int MinimumCellSize { get; set; } = 10;
}
