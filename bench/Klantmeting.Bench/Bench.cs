using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Klantmeting.Infrastructure.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Klantmeting.Bench;

/// <summary>Helpers shared by the scenarios.</summary>
internal static class Bench
{
    public static int Int(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>
    /// The product's own services on a SQLite file or a PostgreSQL database (see <see cref="RawDb"/>), as the CLI and
    /// the web host build them.
    /// </summary>
    public static async Task<IHost> BuildHostAsync(string database, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = "Production" });
        var values = RawDb.HostSettings(database);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        builder.AddKlantmeting();
        var host = builder.Build();
        await host.Services.MigrateKlantmetingDatabaseAsync();
        return host;
    }

    /// <summary>Writes the figures of a scenario as one JSON line (what run.sh collects).</summary>
    public static int Report(object figures)
    {
        Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        return 0;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static double CpuMs() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
