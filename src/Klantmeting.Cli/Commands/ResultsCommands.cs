using System.CommandLine;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Exports;
using Klantmeting.Results;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary>
/// <c>results export --round NAME --out FILE [--format csv|csv-nl|xlsx]</c> and the same for <c>response-rate export</c>
/// (machine CSV unless <c>--format</c> says otherwise).
/// </summary>
internal static class ResultsCommands
{
    public static Command CreateResults(CliContext context) => new("results", "Resultaten (scores per cel) van een ronde")
    {
        Export(context, "Alle cellen (NL en elk Werkplein × totaal en elke groep × totaaloordeel en elk principe) als CSV schrijven",
            (service, round, stream, format, ct) => service.WriteCellsAsync(round, stream, format, ct), "Resultaten"),
    };

    public static Command CreateResponseRate(CliContext context) => new("response-rate", "Respons (AAPOR-disposities, RR1 en RR2) van een ronde")
    {
        Export(context, "De respons van NL en elk Werkplein als CSV schrijven",
            (service, round, stream, format, ct) => service.WriteResponseRatesAsync(round, stream, format, ct), "Respons"),
    };

    private static Command Export(CliContext context, string description,
        Func<ResultsService, string, Stream, TableFormat, CancellationToken, Task> write, string what)
    {
        var round = new Option<string>("--round") { Description = "Naam van de ronde", Required = true };
        var output = new Option<string>("--out") { Description = "Het bestand dat geschreven wordt (een bestaand bestand wordt vervangen)", Required = true };
        var format = FormatOption();
        var export = new Command("export", description) { round, output, format };
        export.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var roundName = parseResult.GetRequiredValue(round);
            if (TableFormats.Parse(parseResult.GetValue(format)) is not { } chosen)
            {
                await context.Err.WriteLineAsync($"Onbekend formaat '{parseResult.GetValue(format)}'; kies {string.Join(", ", TableFormats.Names)}.");
                return CliApp.UsageError;
            }

            var path = Path.GetFullPath(parseResult.GetRequiredValue(output));
            // Write beside the target and move into place: a failure never leaves a half file under the real name.
            var temporary = Path.Combine(Path.GetDirectoryName(path) ?? ".", $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
            try
            {
                // Report queries get Database:ReportCommandTimeoutSeconds; CliContext turns a timeout into a message.
                using var report = services.GetRequiredService<KlantmetingDbContext>().ForReports();
                await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    await write(services.GetRequiredService<ResultsService>(), roundName, stream, chosen, token);
                }

                File.Move(temporary, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await context.Err.WriteLineAsync($"Het bestand '{path}' kan niet geschreven worden: {e.Message}");
                return CliApp.UserError;
            }
            finally
            {
                TryDelete(temporary);
            }

            await context.Out.WriteLineAsync($"{what} van ronde '{roundName}' geschreven naar {path}.");
            return CliApp.Success;
        }, ct));
        return export;
    }

    /// <summary><c>--format</c> of a table export: machine CSV by default.</summary>
    internal static Option<string> FormatOption() => new("--format")
    {
        Description = "csv (standaard: komma, decimale punt), csv-nl (Excel in het Nederlands: puntkomma, decimale komma, met BOM) of xlsx (Excel-werkmap)",
        DefaultValueFactory = _ => "csv",
    };

    /// <summary>Deletes a leftover temporary file; failing to is not an error.</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a leftover temporary file; the target is untouched.
        }
    }
}
