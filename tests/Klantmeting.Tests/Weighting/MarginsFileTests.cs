using Klantmeting.Weighting;

namespace Klantmeting.Tests.Weighting;

/// <summary>The margins file: a good file, and every kind of error with its line and field.</summary>
public sealed class MarginsFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("marges-").FullName;

    private static readonly Dictionary<string, IReadOnlyCollection<string>> Allowed = new()
    {
        ["werkplein"] = ["WP-AMS", "WP-RTD"],
        ["uitkering"] = ["WW", "WWB", "AO", "geen", "onbekend"],
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<(IReadOnlyList<Margin> Margins, IReadOnlyList<global::Klantmeting.Infrastructure.Imports.ImportError> Errors)> ReadAsync(string content)
    {
        var path = Path.Combine(_folder, "marges.csv");
        File.WriteAllText(path, content);
        return MarginsFile.ReadAsync(path, Allowed);
    }

    [Fact]
    public async Task A_good_file_gives_one_margin_per_variable_in_file_order()
    {
        var (margins, errors) = await ReadAsync("variabele;waarde;aantal\nuitkering;WW;60\nwerkplein;WP-AMS;70\nuitkering;AO;40\nwerkplein;WP-RTD;30\n");
        Assert.Empty(errors);
        Assert.Equal(["uitkering", "werkplein"], margins.Select(m => m.Variable));
        Assert.Equal(60, margins[0].Populations["WW"]);
        Assert.Equal(30, margins[1].Populations["WP-RTD"]);
    }

    [Fact]
    public async Task Errors_name_line_and_field()
    {
        var (margins, errors) = await ReadAsync(
            "variabele,waarde,aantal\nregio,Noord,5\nwerkplein,WP-XYZ,5\nuitkering,WW,-3\nuitkering,WW,50\nuitkering,WW,10\nwerkplein,WP-AMS,20\n");
        Assert.Empty(margins);
        Assert.Equal(
        [
            "regel 2, veld variabele: onbekende variabele 'regio'; kies uit werkplein, uitkering",
            "regel 3, veld waarde: 'WP-XYZ' is geen waarde van werkplein in deze ronde; kies uit WP-AMS, WP-RTD",
            "regel 4, veld aantal: '-3' is geen aantal groter dan 0 (gebruik een punt voor decimalen)",
            "regel 6, veld waarde: uitkering 'WW' staat al eerder in het bestand",
            "regel 7, veld aantal: de aantallen van werkplein tellen op tot 20, die van uitkering tot 50; de totalen moeten gelijk zijn",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_missing_column_is_an_error_on_the_header()
    {
        var (_, errors) = await ReadAsync("variabele,waarde\nuitkering,WW\n");
        Assert.Equal("regel 1, veld aantal: verplichte kolom 'aantal' ontbreekt in de kopregel; de kolommen zijn variabele, waarde en aantal",
            Assert.Single(errors).ToString());
    }
}
