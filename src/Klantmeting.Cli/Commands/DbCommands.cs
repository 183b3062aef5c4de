using System.CommandLine;
using Klantmeting.Checks;
using Klantmeting.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary><c>db script</c> (the idempotent migration script a DBA runs), <c>db migrate</c> and <c>db check</c> (identifier rules).</summary>
internal static class DbCommands
{
    public static Command Create(CliContext context)
    {
        var provider = new Option<DatabaseProvider>("--provider")
        {
            Description = "Sqlite, SqlServer of PostgreSql",
            Required = true,
        };
        var output = new Option<FileInfo?>("--out") { Description = "Schrijf het script naar dit bestand (anders naar de uitvoer)" };
        var script = new Command("script", "Het migratiescript (idempotent) voor een database-server, zonder verbinding te maken")
        {
            provider,
            output,
        };
        script.SetAction(async (parseResult, ct) =>
        {
            var sql = Script(parseResult.GetValue(provider));
            if (parseResult.GetValue(output) is { } file)
            {
                var tmp = file.FullName + ".tmp";
                await File.WriteAllTextAsync(tmp, sql, ct);
                File.Move(tmp, file.FullName, overwrite: true);
                await context.Out.WriteLineAsync($"Migratiescript geschreven naar {file.FullName}.");
            }
            else
            {
                await context.Out.WriteAsync(sql);
            }

            return CliApp.Success;
        });

        var migrate = new Command("migrate", "De geconfigureerde database bijwerken naar de laatste versie");
        migrate.SetAction((_, ct) => context.RunAsync(async (_, _) =>
        {
            // CliContext.RunAsync migrates before every command; nothing else to do.
            await context.Out.WriteLineAsync("De database is bijgewerkt.");
            return CliApp.Success;
        }, ct));

        var check = new Command("check", "Codes van Werkpleinen en namen van rondes controleren op de regels (er wordt niets veranderd)");
        check.SetAction((_, ct) => context.RunAsync(async (services, token) =>
        {
            var problems = await new IdentifierCheck(services.GetRequiredService<KlantmetingDbContext>()).RunAsync(token);
            foreach (var problem in problems)
            {
                await context.Out.WriteLineAsync(problem.ToString());
            }

            if (problems.Count == 0)
            {
                await context.Out.WriteLineAsync("Geen problemen gevonden: alle codes van Werkpleinen en namen van rondes volgen de regels.");
                return CliApp.Success;
            }

            await context.Err.WriteLineAsync($"{problems.Count} probleem/problemen gevonden. Er is niets veranderd; pas de codes en namen zelf aan.");
            return CliApp.UserError;
        }, ct));

        return new Command("db", "Database: migratiescript, bijwerken en controleren") { script, migrate, check };
    }

    /// <summary>The idempotent script of every migration for <paramref name="provider"/>; needs no server.</summary>
    public static string Script(DatabaseProvider provider)
    {
        using var db = DatabaseExtensions.CreateOfflineContext(provider);
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }
}
