using System.CommandLine;
using Klantmeting.DataExport;
using Klantmeting.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary><c>data export --round NAME --format csv|xlsx|spss|r --out DIR</c>: the respondent-level data of a round for analysts.</summary>
internal static class DataCommands
{
    public static Command Create(CliContext context)
    {
        var round = new Option<string>("--round") { Description = "Naam van de ronde", Required = true };
        var format = new Option<string>("--format")
        {
            Description = "csv, xlsx, spss (CSV met SPSS-syntax) of r (CSV met R-script)",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "De map waarin de bestanden komen (wordt gemaakt als hij niet bestaat; bestaande bestanden met dezelfde naam worden vervangen)", Required = true };
        var export = new Command("export", "Per respons één regel (pseudoniem kenmerk, Werkplein, kenmerken, manier, dispositie, elk antwoord, elke score); nooit een e-mailadres")
        {
            round, format, output,
        };
        export.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var roundName = parseResult.GetRequiredValue(round);
            if (DataFormats.Parse(parseResult.GetRequiredValue(format)) is not { } chosen)
            {
                await context.Err.WriteLineAsync($"Onbekend formaat '{parseResult.GetRequiredValue(format)}'; kies csv, xlsx, spss of r.");
                return CliApp.UsageError;
            }

            var folder = Path.GetFullPath(parseResult.GetRequiredValue(output));
            using var report = services.GetRequiredService<KlantmetingDbContext>().ForReports();
            // Each file is written beside its target and moved into place once all are complete: a failure never
            // leaves a half file (or a CSV without its syntax) under the real names.
            var temporary = new List<(string Temporary, string Target)>();
            try
            {
                // Made when the first file is opened, so an unknown round leaves no empty folder.
                var (data, names) = await services.GetRequiredService<RespondentDataReader>().ExportAsync(roundName, chosen, name =>
                {
                    Directory.CreateDirectory(folder);
                    var target = Path.Combine(folder, name);
                    var path = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
                    temporary.Add((path, target));
                    return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                }, token);
                foreach (var (path, target) in temporary)
                {
                    File.Move(path, target, overwrite: true);
                }

                await context.Out.WriteLineAsync(
                    $"{data.Rows.Count} responsen van ronde '{roundName}' geschreven naar {string.Join(", ", names.Select(n => Path.Combine(folder, n)))}.");
                return CliApp.Success;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await context.Err.WriteLineAsync($"De map '{folder}' kan niet beschreven worden: {e.Message}");
                return CliApp.UserError;
            }
            finally
            {
                foreach (var (path, _) in temporary)
                {
                    ResultsCommands.TryDelete(path);
                }
            }
        }, ct));
        return new Command("data", "Gegevens per respondent voor analyse (SPSS, R, Excel)") { export };
    }
}
