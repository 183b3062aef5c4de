using System.Net;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Results;

namespace Klantmeting.Tests.Web;

/// <summary>
/// The benchmark page of a Werkplein and the regional table of the results page, on the round of
/// <see cref="ResultsRoundSeed"/> (WP-A 13 and WP-B 11 graded respondents, no regions), with names hidden (default)
/// and shown.
/// </summary>
public sealed class BenchmarkPageTests : IAsyncLifetime
{
    private readonly AccessAppFactory _hidden = new();
    private readonly AccessAppFactory _shown = new AccessAppFactory().With("Results:BenchmarkNames", "zichtbaar");

    private static string Round => Uri.EscapeDataString(ResultsRoundSeed.RoundName);

    public async Task InitializeAsync()
    {
        await _hidden.InitializeAsync();
        await _shown.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _hidden.DisposeAsync();
        await _shown.DisposeAsync();
    }

    [Fact]
    public async Task With_names_hidden_the_page_ranks_every_werkplein_without_naming_the_others()
    {
        var client = await _hidden.SignedInAsync(AccessAppFactory.UserA);

        var html = await client.GetStringAsync($"/werkplein/WP-A/vergelijking?ronde={Round}");

        Assert.Contains("<h1>Vergelijking Werkplein A</h1>", html, StringComparison.Ordinal);
        Assert.Contains("De andere Werkpleinen staan er zonder naam.", html, StringComparison.Ordinal);
        Assert.Contains("Ander Werkplein", html, StringComparison.Ordinal);
        Assert.Contains("Werkplein A (dit Werkplein)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Werkplein B", html, StringComparison.Ordinal);
        Assert.DoesNotContain("WP-B", html, StringComparison.Ordinal);
        // Two Werkpleinen without a region, both "klein": fewer than three, so no comparison group.
        Assert.Contains("Er is geen groep van vergelijkbare Werkpleinen", html, StringComparison.Ordinal);
        // The test against the rest of the country is stated, with its outcome per measure.
        Assert.Contains("t-toets van Welch", html, StringComparison.Ordinal);
        Assert.Contains("Verschil met de rest van Nederland", html, StringComparison.Ordinal);
        // Every ranking chart is an image labelled by its caption, with a table of the same figures after it.
        var charts = html.Split("role=\"img\"").Length - 1;
        Assert.True(charts >= 1);
        Assert.Equal(charts, html.Split("<svg").Length - 1);
        Assert.Equal(charts, html.Split("De cijfers staan in de tabel hieronder.").Length - 1);
        Assert.True(html.Split("<caption id=\"rang-").Length - 1 >= charts);
        // Only places go into a chart, never a name.
        foreach (var svg in html.Split("<svg").Skip(1).Select(s => s[..s.IndexOf("</svg>", StringComparison.Ordinal)]))
        {
            Assert.DoesNotContain("Werkplein A", svg, StringComparison.Ordinal);
        }

        // The dashboard links to the page.
        var dashboard = await client.GetStringAsync($"/werkplein/WP-A?ronde={Round}");
        Assert.Contains($"/werkplein/WP-A/vergelijking?ronde={Round}", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_names_shown_the_other_werkpleinen_are_named()
    {
        var client = await _shown.SignedInAsync(AccessAppFactory.UserA);

        var html = await client.GetStringAsync($"/werkplein/WP-A/vergelijking?ronde={Round}");

        Assert.Contains("De andere Werkpleinen staan er met hun naam.", html, StringComparison.Ordinal);
        Assert.Contains("Werkplein B", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ander Werkplein", html, StringComparison.Ordinal);
        // Still no access to the other Werkplein's own page.
        using var other = await client.GetAsync($"/werkplein/WP-B/vergelijking?ronde={Round}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task The_results_page_shows_regional_totals_and_offers_the_regional_csv()
    {
        var client = await _hidden.SignedInAsync(AccessAppFactory.Beheerder);

        var html = await client.GetStringAsync($"/beheer/rondes/{Round}/resultaten");

        Assert.Contains("Gemiddelde scores per regio", html, StringComparison.Ordinal);
        // No Werkplein has a region: one row "onbekend" with all 24 graded respondents (mean 170 / 24 = 7,08).
        Assert.Contains("<th scope=\"row\">onbekend</th>", html, StringComparison.Ordinal);
        Assert.Contains("7,08 (24)", html, StringComparison.Ordinal);
        var csv = await client.GetStringAsync($"/beheer/rondes/{Round}/resultaten?handler=RegionsCsv");
        Assert.StartsWith("round,region,breakdown,group,measure,n,mean,sd,ci_low,ci_high,top2,suppressed\r\n", csv, StringComparison.Ordinal);
        // The same figures as the national cell, since every Werkplein is in the one region.
        Assert.Contains("\"Najaar 2009, T3\",onbekend,totaal,totaal,totaaloordeel,24,7.0833,1.7673,6.3371,7.8296,0.4167,false", csv, StringComparison.Ordinal);
    }
}
