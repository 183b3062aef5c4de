namespace Klantmeting.Cli;

/// <summary>Entry point of the klantmeting command line (run it through ./klantmeting).</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) =>
        CliApp.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected && !Console.IsErrorRedirected);
}
