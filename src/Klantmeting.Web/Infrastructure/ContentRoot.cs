namespace Klantmeting.Web.Infrastructure;

/// <summary>Where the web host finds <c>wwwroot</c> and <c>appsettings.json</c> when nobody said so.</summary>
public static class ContentRoot
{
    /// <summary>
    /// The content root for <paramref name="args"/>, or null to keep ASP.NET Core's default (the current directory).
    /// An explicit <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c>/<c>DOTNET_CONTENTROOT</c> always wins. Otherwise
    /// the current directory is kept when it holds <c>wwwroot</c> (<c>dotnet run</c> in the project folder, or the
    /// published app started from its own folder); else the application's own folder is used, so a published app
    /// started from anywhere (a service manager, a script, another folder) reads its own <c>appsettings.json</c> and
    /// serves its own <c>wwwroot</c>.
    /// </summary>
    public static string? Choose(string[] args, string currentDirectory, string applicationDirectory)
    {
        var explicitlySet = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)
                || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (explicitlySet || Directory.Exists(Path.Combine(currentDirectory, "wwwroot")))
        {
            return null;
        }

        return applicationDirectory;
    }
}
