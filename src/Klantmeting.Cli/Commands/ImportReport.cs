using Klantmeting.Infrastructure.Imports;

namespace Klantmeting.Cli.Commands;

/// <summary>Writes the outcome of an import: every error as <c>FILE:LINE: veld X: ...</c> on stderr, a summary on stdout.</summary>
internal static class ImportReport
{
    /// <param name="offerSkipInvalid">The command has <c>--skip-invalid</c>: mention it when nothing was stored.</param>
    public static async Task<int> WriteAsync(CliContext context, string path, ImportResult result, string what, bool skipInvalid,
        bool offerSkipInvalid)
    {
        foreach (var error in result.Errors)
        {
            var field = error.Field is null ? "" : $"veld {error.Field}: ";
            await context.Err.WriteLineAsync($"{path}:{error.Line}: {field}{error.Message}");
        }

        var seconds = result.Duration.TotalSeconds;
        var rate = seconds > 0 ? (result.RowsRead / seconds).ToString("N0", CliFormat.Dutch) : "-";
        if (!result.IsValid && !skipInvalid)
        {
            await context.Err.WriteLineAsync(
                $"{CliFormat.Plural(result.Errors.Count, "fout", "fouten")} in {path}; er is niets opgeslagen. " +
                "Verbeter het bestand en importeer opnieuw" + (offerSkipInvalid ? ", of gebruik --skip-invalid om alleen de goede regels op te slaan." : "."));
            return CliApp.UserError;
        }

        await context.Out.WriteLineAsync(
            $"{CliFormat.Plural(result.RowsStored, CliFormat.Singular(what), what)} opgeslagen, {CliFormat.Plural(result.RowsSkipped, "regel", "regels")} overgeslagen, " +
            $"in {seconds.ToString("N1", CliFormat.Dutch)} s ({rate} regels/s).");
        return CliApp.Success;
    }
}
