using System.CommandLine;
using Klantmeting.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Klantmeting.Cli.Commands;

/// <summary><c>db script</c> (the idempotent migration script a DBA runs) and <c>db migrate</c>.</summary>
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

        return new Command("db", "Database: migratiescript en bijwerken") { script, migrate };
    }

    /// <summary>The idempotent script of every migration for <paramref name="provider"/>; needs no server.</summary>
    public static string Script(DatabaseProvider provider)
    {
        using var db = DatabaseExtensions.CreateOfflineContext(provider);
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }
}
