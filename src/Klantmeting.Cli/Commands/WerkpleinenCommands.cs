using System.CommandLine;
using Klantmeting.Werkpleinen;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary><c>werkpleinen import FILE|list|update CODE</c>: the same services as the Werkpleinen page (<c>/beheer/werkpleinen</c>).</summary>
internal static class WerkpleinenCommands
{
    public static Command Create(CliContext context) => new("werkpleinen", "Werkpleinen beheren") { Import(context), List(context), Update(context) };

    private static Command Import(CliContext context)
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
        return import;
    }

    private static Command List(CliContext context)
    {
        var list = new Command("list", "Alle Werkpleinen tonen, met het aantal rondes, deelnemers en gebruikers");
        list.SetAction((_, ct) => context.RunAsync(async (services, token) =>
        {
            var werkpleinen = await services.GetRequiredService<WerkpleinService>().ListAsync(token);
            if (werkpleinen.Count == 0)
            {
                await context.Out.WriteLineAsync("Er zijn nog geen Werkpleinen. Voeg ze toe met 'werkpleinen import BESTAND'.");
                return CliApp.Success;
            }

            var width = Math.Max(4, werkpleinen.Max(w => w.Code.Length));
            await context.Out.WriteLineAsync($"{"Code".PadRight(width)}  {"Rondes",6} {"Deelnemers",10} {"Gebruikers",10}  Naam (regio)");
            foreach (var w in werkpleinen)
            {
                var region = w.Region is null ? "" : $" ({w.Region})";
                await context.Out.WriteLineAsync($"{w.Code.PadRight(width)}  {w.Rounds,6} {w.Participants,10} {w.Users,10}  {w.Name}{region}");
            }

            return CliApp.Success;
        }, ct));
        return list;
    }

    private static Command Update(CliContext context)
    {
        var code = new Argument<string>("CODE") { Description = "Huidige code van het Werkplein" };
        var newCode = new Option<string?>("--code") { Description = "Nieuwe code (alleen zolang geen ronde deelnemers van dit Werkplein heeft)" };
        var name = new Option<string?>("--name") { Description = "Nieuwe naam" };
        var region = new Option<string?>("--region") { Description = "Nieuwe regio (leeg: geen regio)" };
        var update = new Command("update", "De code, naam of regio van een Werkplein wijzigen") { code, newCode, name, region };
        update.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var service = services.GetRequiredService<WerkpleinService>();
            var current = parseResult.GetRequiredValue(code);
            try
            {
                var found = await service.FindAsync(current, token) ?? throw new WerkpleinException($"Er is geen Werkplein met de code {current}.");
                var changed = await service.UpdateAsync(current, parseResult.GetValue(newCode) ?? found.Code, parseResult.GetValue(name) ?? found.Name,
                    parseResult.GetResult(region) is null ? found.Region : parseResult.GetValue(region), token);
                await context.Out.WriteLineAsync($"Werkplein {changed.Code} opgeslagen: {changed.Name}{(changed.Region is null ? "" : $" ({changed.Region})")}.");
                return CliApp.Success;
            }
            catch (WerkpleinException e)
            {
                await context.Err.WriteLineAsync(e.Message);
                return CliApp.UserError;
            }
        }, ct));
        return update;
    }
}
