namespace Klantmeting.Infrastructure;

/// <summary>Where the embedded default keeps its files: <c>data/</c> at the root of the checkout.</summary>
public static class LocalData
{
    /// <summary>The <c>data</c> folder beside <c>Klantmeting.sln</c> above the working directory, else under it.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Klantmeting.sln")))
            {
                return Path.Combine(dir.FullName, "data");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "data");
    }
}
