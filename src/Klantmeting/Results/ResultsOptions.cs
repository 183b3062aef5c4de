namespace Klantmeting.Results;

/// <summary>Settings of section <c>Results</c>.</summary>
public sealed class ResultsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Results";

    /// <summary><see cref="BenchmarkNames"/>: other Werkpleinen in a benchmark are not named.</summary>
    public const string NamesHidden = "anoniem";

    /// <summary><see cref="BenchmarkNames"/>: other Werkpleinen in a benchmark are shown by name.</summary>
    public const string NamesShown = "zichtbaar";

    /// <summary>A cell with fewer respondents shows no figures anywhere (screen, export, chart).</summary>
    [Range(1, 100_000)]
    public int MinimumCellSize { get; set; } = 10;

    /// <summary>
    /// Whether a Werkplein user sees the names of the other Werkpleinen in the benchmark (ranking and comparison group):
    /// <see cref="NamesHidden"/> (default) or <see cref="NamesShown"/>; chosen by the AKO.
    /// </summary>
    [Required]
    [AllowedValues(NamesHidden, NamesShown, ErrorMessage = "Results:BenchmarkNames moet 'anoniem' of 'zichtbaar' zijn.")]
    public string BenchmarkNames { get; set; } = NamesHidden;

    /// <summary>Whether <see cref="BenchmarkNames"/> is <see cref="NamesShown"/>.</summary>
    public bool ShowBenchmarkNames => BenchmarkNames == NamesShown;
}
