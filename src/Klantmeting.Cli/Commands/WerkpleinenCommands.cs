using System.CommandLine;
using Klantmeting.Werkpleinen;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary><c>werkpleinen import FILE</c>.</summary>
internal static class WerkpleinenCommands
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "CSV-bestand met kolommen code, naam en (optioneel) regio" };
        var import = new Command("import", "Werkpleinen toevoegen of bijwerken (op code) uit een CSV-bestand") { file };
        import.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var path = parseResult.GetRequiredValue(file);
            using var progress = new ImportProgressDisplay(context, path);
            var result = await services.GetRequiredService<WerkpleinImporter>().ImportAsync(path, progress, token);
            progress.Finish();
            return await ImportReport.WriteAsync(context, path, result, "Werkpleinen", skipInvalid: false, offerSkipInvalid: false);
        }, ct));

        return new Command("werkpleinen", "Werkpleinen beheren") { import };
    }
}
