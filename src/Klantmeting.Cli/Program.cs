namespace Klantmeting.Cli;

/// <summary>Entry point of the klantmeting command line.</summary>
internal static class Program
{
    private static int Main() => 0;
}
