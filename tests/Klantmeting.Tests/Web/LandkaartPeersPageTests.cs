using System.Net;
using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Landkaart;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Landkaart;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Web;

/// <summary>
/// A Werkplein user's Landkaart page shows the national spread and the other Werkpleinen per
/// <c>Results:BenchmarkNames</c>: WP-A all green (100%), WP-B all blue (2/3 = 67%), accepted this tertaal.
/// </summary>
public sealed class LandkaartPeersPageTests : IAsyncLifetime
{
    private readonly AccessAppFactory _hidden = new();
    private readonly AccessAppFactory _shown = new AccessAppFactory().With("Results:BenchmarkNames", "zichtbaar");

    public async Task InitializeAsync()
    {
        foreach (var factory in new[] { _hidden, _shown })
        {
            await factory.InitializeAsync();
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            var now = Tertaal.Of(DateOnly.FromDateTime(DateTime.UtcNow));
            await LandkaartSeed.AcceptedAsync(db, "WP-A", now, new string('G', 14));
            await LandkaartSeed.AcceptedAsync(db, "WP-B", now, new string('B', 14));
        }
    }

    public async Task DisposeAsync()
    {
        await _hidden.DisposeAsync();
        await _shown.DisposeAsync();
    }

    /// <summary>Decoded, with the white space between tags removed.</summary>
    private static string Page(string html) => Regex.Replace(WebUtility.HtmlDecode(html), @">\s+<", "><");

    [Fact]
    public async Task With_names_hidden_the_other_werkpleinen_have_no_name_or_code()
    {
        var client = await _hidden.SignedInAsync(AccessAppFactory.UserA);

        var html = Page(await client.GetStringAsync("/werkplein/WP-A/landkaart"));

        Assert.Contains("Landelijk gemiddelde: <strong>83%</strong>", html, StringComparison.Ordinal);
        Assert.Contains("De andere Werkpleinen staan er zonder naam.", html, StringComparison.Ordinal);
        Assert.Contains("Werkplein A (uw Werkplein)</th>", html, StringComparison.Ordinal);
        Assert.Contains("Ander Werkplein</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Werkplein B", html, StringComparison.Ordinal);
        Assert.DoesNotContain("WP-B", html, StringComparison.Ordinal);
        // The national spread: 14 milestones x 2 Werkpleinen, one blue and one green per milestone.
        Assert.Contains("<tr><th scope=\"row\">Mijlpaal 1</th><td>0</td><td>0</td><td>1</td><td>1</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("handler=Spreiding&tertaal=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_names_shown_the_others_are_named_and_the_chart_is_a_png()
    {
        var client = await _shown.SignedInAsync(AccessAppFactory.UserA);

        var html = Page(await client.GetStringAsync("/werkplein/WP-A/landkaart"));

        Assert.Contains("De andere Werkpleinen staan er met hun naam.", html, StringComparison.Ordinal);
        Assert.Contains("Werkplein B</th><td>67%</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ander Werkplein", html, StringComparison.Ordinal);
        var key = Tertaal.Of(DateOnly.FromDateTime(DateTime.UtcNow)).Key;
        using var png = await client.GetAsync($"/werkplein/WP-A/landkaart?handler=Spreiding&tertaal={key}&soort=fase");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        using var other = await client.GetAsync($"/werkplein/WP-B/landkaart?handler=Spreiding&tertaal={key}&soort=fase");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
