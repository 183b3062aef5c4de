using System.CommandLine;
using Klantmeting.Cli.Commands;

namespace Klantmeting.Cli;

/// <summary>The <c>klantmeting</c> command line; callable in-process so tests can run it against a temporary database.</summary>
public static class CliApp
{
    public const int Success = 0;

    /// <summary>Exit code when the command was understood but cannot be done (bad file, unknown round, ...).</summary>
    public const int UserError = 1;

    /// <summary>Exit code when the command line itself is wrong (unknown command, missing option, bad date).</summary>
    public const int UsageError = 2;

    /// <summary>Parses and runs one command line.</summary>
    /// <param name="args">The arguments, as given to <c>Main</c>.</param>
    /// <param name="output">Normal output (tables, summaries).</param>
    /// <param name="error">Error messages and progress lines (Dutch).</param>
    /// <param name="configuration">Settings laid over the usual sources (environment, appsettings), e.g. <c>ConnectionStrings:Klantmeting</c>.</param>
    /// <param name="interactive">Show a progress bar on the console; otherwise progress lines go to <paramref name="error"/>.</param>
    /// <param name="input">Standard input (for <c>--password-stdin</c>); null = the console's.</param>
    /// <returns><see cref="Success"/>, <see cref="UserError"/> or <see cref="UsageError"/>.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        IDictionary<string, string?>? configuration = null, bool interactive = false, CancellationToken ct = default, TextReader? input = null)
    {
        var context = new CliContext(output, error, configuration, interactive, input ?? Console.In);
        var root = new RootCommand("Klantmeting: klanttevredenheidsmetingen voor de keten van werk en inkomen.")
        {
            WerkpleinenCommands.Create(context),
            RoundsCommands.Create(context),
            ParticipantsCommands.Create(context),
            ResponsesCommands.Create(context),
            ResultsCommands.CreateResults(context),
            ResultsCommands.CreateResponseRate(context),
            DataCommands.Create(context),
            RetentionCommands.Create(context),
            DbCommands.Create(context),
            UsersCommands.Create(context),
        };

        CliHelp.MakeDutch(root);

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"Fout in de opdracht: {CliHelp.Translate(parseError.Message)}");
            }

            await error.WriteLineAsync("Zie 'klantmeting --help' of 'klantmeting <opdracht> --help' voor de juiste schrijfwijze.");
            return UsageError;
        }

        return await parseResult.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, ct);
    }
}
