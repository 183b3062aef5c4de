using System.CommandLine;
using Klantmeting.Participants;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary><c>participants import --round NAME FILE [--skip-invalid]</c>.</summary>
internal static class ParticipantsCommands
{
    public static Command Create(CliContext context)
    {
        var round = new Option<string>("--round") { Description = "Naam van de ronde", Required = true };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Goede regels opslaan en foute regels overslaan (ze worden opgesomd)" };
        var file = new Argument<string>("FILE") { Description = "CSV-bestand met kolommen ref, email, werkplein en de kenmerken van de vragenlijst" };
        var import = new Command("import", "Deelnemers (steekproef) van een ronde importeren; elke deelnemer krijgt een uitnodiging") { round, skipInvalid, file };
        import.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var path = parseResult.GetRequiredValue(file);
            var skip = parseResult.GetValue(skipInvalid);
            using var progress = new ImportProgressDisplay(context, path);
            var result = await services.GetRequiredService<ParticipantImporter>()
                .ImportAsync(parseResult.GetRequiredValue(round), path, skip, progress, token);
            progress.Finish();
            return await ImportReport.WriteAsync(context, path, result, "deelnemers", skip, offerSkipInvalid: true);
        }, ct));

        return new Command("participants", "Deelnemers beheren") { import };
    }
}
