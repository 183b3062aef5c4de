using System.CommandLine;
using Klantmeting.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Klantmeting.Cli.Commands;

/// <summary><c>retention run [--dry-run]</c>.</summary>
internal static class RetentionCommands
{
    public static Command Create(CliContext context)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Alleen tellen wat verwijderd zou worden; niets verwijderen" };
        var run = new Command("run", "Contactgegevens (e-mailadressen en links) verwijderen van rondes die langer dan de bewaartermijn gesloten zijn")
        {
            dryRun,
        };
        run.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var days = services.GetRequiredService<IOptions<RetentionOptions>>().Value.ContactDataDays;
            var report = await services.GetRequiredService<ContactDataRetention>().RunAsync(parseResult.GetValue(dryRun), token);
            if (!report.Enabled)
            {
                await context.Out.WriteLineAsync("De bewaartermijn staat uit (Retention:ContactDataDays = 0); er is niets verwijderd.");
                return CliApp.Success;
            }

            if (report.Rounds.Count == 0)
            {
                await context.Out.WriteLineAsync($"Geen ronde is langer dan {days} dagen gesloten met contactgegevens die er nog zijn; er is niets verwijderd.");
                return CliApp.Success;
            }

            var verb = report.DryRun ? "zouden verwijderd worden (proef, er is niets verwijderd)" : "verwijderd";
            foreach (var round in report.Rounds)
            {
                await context.Out.WriteLineAsync(
                    $"Ronde '{round.Round}': {CliFormat.Plural(round.ContactsDeleted, "e-mailadres", "e-mailadressen")} en " +
                    $"{CliFormat.Plural(round.TokensDeleted, "persoonlijke link", "persoonlijke links")} {verb}.");
            }

            return CliApp.Success;
        }, ct));

        return new Command("retention", "Bewaartermijn van contactgegevens (AVG)") { run };
    }
}
