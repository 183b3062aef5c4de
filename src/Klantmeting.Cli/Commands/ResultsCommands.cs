using System.CommandLine;
using System.Globalization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Exports;
using Klantmeting.Results;
using Klantmeting.Weighting;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary>
/// <c>results export --round NAME --out FILE [--format csv|csv-nl|xlsx] [--weights poststrat|rake [--margins FILE] [--trim LOW:HIGH]]</c>
/// and <c>response-rate export --round NAME --out FILE [--format ...]</c> (machine CSV unless <c>--format</c> says otherwise).
/// </summary>
internal static class ResultsCommands
{
    public static Command CreateResults(CliContext context)
    {
        var weights = new Option<string?>("--weights")
        {
            Description = "Gewogen cijfers: poststrat (naar de uitgenodigde deelnemers per Werkplein × uitkering) of rake (naar de marges in --margins)",
        };
        var margins = new Option<string?>("--margins") { Description = "Bij --weights rake: CSV met populatiemarges (kolommen variabele, waarde, aantal)" };
        var trim = new Option<string?>("--trim") { Description = "Bij --weights rake: grenzen voor een gewicht als veelvoud van het gemiddelde gewicht, bijvoorbeeld 0.3:3" };
        var export = Export(context, "Alle cellen (NL en elk Werkplein × totaal en elke groep × totaaloordeel en elk principe) als CSV schrijven",
            async (service, round, stream, format, parse, ct) => parse.GetValue(weights) is null
                ? await WriteAsync(service.WriteCellsAsync(round, stream, format, ct))
                : WeightingLine(await service.WriteWeightedCellsAsync(round, WeightingRequestOf(parse, weights, margins, trim)!, stream, format, ct)),
            "Resultaten", parse => WeightingRequestError(parse, weights, margins, trim));
        export.Options.Add(weights);
        export.Options.Add(margins);
        export.Options.Add(trim);
        return new("results", "Resultaten (scores per cel) van een ronde") { export };
    }

    private static async Task<string?> WriteAsync(Task write)
    {
        await write;
        return null;
    }

    /// <summary>The weighting of the options, or null when they are wrong (see <see cref="WeightingRequestError"/>).</summary>
    private static WeightingRequest? WeightingRequestOf(ParseResult parse, Option<string?> weights, Option<string?> margins, Option<string?> trim)
    {
        var method = parse.GetValue(weights)?.ToLowerInvariant() switch
        {
            "poststrat" => WeightingMethod.PostStratification,
            "rake" => WeightingMethod.Raking,
            _ => (WeightingMethod?)null,
        };
        if (method is null)
        {
            return null;
        }

        TrimBounds? bounds = null;
        if (parse.GetValue(trim) is { } text)
        {
            var parts = text.Split(':');
            if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var high) || !(low > 0 && low <= 1 && high >= 1))
            {
                return null;
            }

            bounds = new TrimBounds(low, high);
        }

        return new WeightingRequest(method.Value, parse.GetValue(margins) is { } path ? Path.GetFullPath(path) : null, bounds);
    }

    /// <summary>A Dutch message when the weighting options do not fit together, else null.</summary>
    private static string? WeightingRequestError(ParseResult parse, Option<string?> weights, Option<string?> margins, Option<string?> trim)
    {
        if (parse.GetValue(weights) is not { } method)
        {
            return parse.GetValue(margins) is not null || parse.GetValue(trim) is not null ? "--margins en --trim horen bij --weights rake." : null;
        }

        if (WeightingRequestOf(parse, weights, margins, trim) is not { } request)
        {
            return parse.GetValue(trim) is { } t && method.ToLowerInvariant() is "poststrat" or "rake"
                ? $"Onjuiste grenzen '{t}' bij --trim; geef laag:hoog, bijvoorbeeld 0.3:3 (laag tussen 0 en 1, hoog minstens 1)."
                : $"Onbekende weging '{method}'; kies poststrat of rake.";
        }

        return (request.Method, request.MarginsPath, request.Trim) switch
        {
            (WeightingMethod.Raking, null, _) => "Geef bij --weights rake het margebestand op met --margins.",
            (WeightingMethod.PostStratification, not null, _) or (WeightingMethod.PostStratification, _, not null) =>
                "--margins en --trim horen bij --weights rake; poststrat weegt naar de uitgenodigde deelnemers.",
            _ => null,
        };
    }

    private static string WeightingLine(WeightingReport report) => report.Method == WeightingMethod.PostStratification
        ? $"Gewogen naar de uitgenodigde deelnemers: {report.Strata} strata" + (report.CollapsedWerkpleinen.Count == 0 ? "; geen Werkplein samengevoegd."
            : $"; per Werkplein samengevoegd (te weinig respondenten in een groep): {string.Join(", ", report.CollapsedWerkpleinen)}.")
        : $"Gewogen naar de marges: {report.Strata} cellen, {report.Iterations} rondes" + (report.TrimmedCells > 0 ? $", {report.TrimmedCells} gewichten afgekapt." : ".");

    public static Command CreateResponseRate(CliContext context) => new("response-rate", "Respons (AAPOR-disposities, RR1, RR2, COOP1, REF1 en CON1) van een ronde")
    {
        Export(context, "De respons van NL en elk Werkplein als CSV schrijven",
            (service, round, stream, format, _, ct) => WriteAsync(service.WriteResponseRatesAsync(round, stream, format, ct)), "Respons"),
    };

    /// <param name="write">Writes the export; returns an extra line for the user, or null.</param>
    /// <param name="usageError">Checks the options before anything runs: a Dutch message, or null when they are fine.</param>
    private static Command Export(CliContext context, string description,
        Func<ResultsService, string, Stream, TableFormat, ParseResult, CancellationToken, Task<string?>> write, string what,
        Func<ParseResult, string?>? usageError = null)
    {
        var round = new Option<string>("--round") { Description = "Naam van de ronde", Required = true };
        var output = new Option<string>("--out") { Description = "Het bestand dat geschreven wordt (een bestaand bestand wordt vervangen)", Required = true };
        var format = FormatOption();
        var export = new Command("export", description) { round, output, format };
        export.SetAction(async (parseResult, ct) => usageError?.Invoke(parseResult) is { } problem
            ? await UsageErrorAsync(context, problem)
            : await context.RunAsync(async (services, token) =>
        {
            string? note;
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
                    note = await write(services.GetRequiredService<ResultsService>(), roundName, stream, chosen, parseResult, token);
                }

                File.Move(temporary, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await context.Err.WriteLineAsync($"Het bestand '{path}' kan niet geschreven worden: {e.Message}");
                return CliApp.UserError;
            }
            catch (MarginsFileException e)
            {
                foreach (var error in e.Errors)
                {
                    await context.Err.WriteLineAsync($"{e.Path}:{error.Line}: {(error.Field is null ? "" : $"veld {error.Field}: ")}{error.Message}");
                }

                await context.Err.WriteLineAsync($"{e.Errors.Count} {(e.Errors.Count == 1 ? "fout" : "fouten")} in {e.Path}; er is niets geschreven.");
                return CliApp.UserError;
            }
            catch (WeightingException e)
            {
                await context.Err.WriteLineAsync(e.Message);
                return CliApp.UserError;
            }
            finally
            {
                TryDelete(temporary);
            }

            await context.Out.WriteLineAsync($"{what} van ronde '{roundName}' geschreven naar {path}.");
            if (note is not null)
            {
                await context.Out.WriteLineAsync(note);
            }

            return CliApp.Success;
        }, ct));
        return export;
    }

    private static async Task<int> UsageErrorAsync(CliContext context, string message)
    {
        await context.Err.WriteLineAsync(message);
        return CliApp.UsageError;
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
