using System.CommandLine;
using Klantmeting.Responses;
using Klantmeting.Results;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary><c>responses import --round NAME FILE [--mode telefoon|papier] [--skip-invalid]</c>.</summary>
internal static class ResponsesCommands
{
    public static Command Create(CliContext context)
    {
        var round = new Option<string>("--round") { Description = "Naam van de ronde (in elke fase: voorbereiding, open of gesloten)", Required = true };
        var mode = new Option<string>("--mode")
        {
            Description = "Hoe de antwoorden zijn verzameld: telefoon of papier (standaard: telefoon)",
            DefaultValueFactory = _ => "telefoon",
        };
        mode.AcceptOnlyFromAmong("telefoon", "papier");
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Goede regels opslaan en foute regels overslaan (ze worden opgesomd)" };
        var file = new Argument<string>("FILE")
        {
            Description = "CSV-bestand met kolom ref en de vragen als kolommen: totaaloordeel, <principe>.<n> (1-5, of 0 / weet niet / nvt) en toelichting; leeg = niet beantwoord",
        };
        var import = new Command("import", "Antwoorden die per telefoon of op papier zijn verzameld importeren; elke regel wordt een volledig antwoord")
        {
            round, mode, skipInvalid, file,
        };
        import.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var path = parseResult.GetRequiredValue(file);
            var skip = parseResult.GetValue(skipInvalid);
            var responseMode = parseResult.GetValue(mode) == "papier" ? ResponseMode.Papier : ResponseMode.Telefoon;
            using var progress = new ImportProgressDisplay(context, path);
            var result = await services.GetRequiredService<ResponseImporter>()
                .ImportAsync(parseResult.GetRequiredValue(round), path, responseMode, skip, progress, token);
            progress.Finish();
            var code = await ImportReport.WriteAsync(context, path, result, "antwoorden", skip, offerSkipInvalid: true);
            // A closed round's results are frozen: new answers count only once the frozen figures are recomputed.
            if (code == CliApp.Success && result.RowsStored > 0
                && await services.GetRequiredService<ResultsService>().RefreshFrozenAsync(parseResult.GetRequiredValue(round), token))
            {
                await context.Out.WriteLineAsync(
                    $"Ronde '{parseResult.GetRequiredValue(round)}' is gesloten: de bevroren resultaten zijn opnieuw berekend, met de geïmporteerde antwoorden erbij.");
            }

            return code;
        }, ct));

        return new Command("responses", "Antwoorden beheren") { import };
    }
}
