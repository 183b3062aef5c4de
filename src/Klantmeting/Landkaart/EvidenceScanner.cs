namespace Klantmeting.Landkaart;

/// <summary>
/// The virus-scan hook for uploaded evidence. The service calls it before a PDF is stored; a file it refuses is not
/// stored and the user sees its reason. Register your own implementation (for example one that sends the bytes to
/// clamd's INSTREAM command) with <c>services.AddSingleton&lt;IEvidenceScanner, MyScanner&gt;()</c> before
/// <c>AddKlantmeting</c>; the default accepts every file that passed the PDF checks.
/// </summary>
public interface IEvidenceScanner
{
    /// <summary>Returns null when the file may be stored, or a Dutch reason why not.</summary>
    /// <exception cref="Exception">The scanner could not be reached; the upload fails and nothing is stored.</exception>
    Task<string?> ScanAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken ct);
}

/// <summary>The default scanner: accepts everything (the PDF checks of <see cref="LandkaartService"/> still apply).</summary>
public sealed class NoEvidenceScanner : IEvidenceScanner
{
    /// <inheritdoc/>
    public Task<string?> ScanAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken ct) => Task.FromResult<string?>(null);
}
