namespace Klantmeting.Infrastructure.Exports;

/// <summary>File name parts of downloads and exports.</summary>
public static class FileNameSlug
{
    /// <summary>A file name part from a round or Werkplein name: lower-case letters and digits, dashes for the rest.</summary>
    public static string Of(string name) =>
        new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
}
