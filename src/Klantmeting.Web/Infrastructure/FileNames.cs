namespace Klantmeting.Web.Infrastructure;

/// <summary>Parts of download file names.</summary>
public static class FileNames
{
    /// <summary>A file name part from a round or Werkplein name: letters and digits, dashes for the rest.</summary>
    public static string Slug(string name) => Klantmeting.Infrastructure.Exports.FileNameSlug.Of(name);
}
