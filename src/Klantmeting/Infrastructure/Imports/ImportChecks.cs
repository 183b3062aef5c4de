using System.Net.Mail;

namespace Klantmeting.Infrastructure.Imports;

/// <summary>Checks shared by the imports.</summary>
internal static class ImportChecks
{
    /// <summary>
    /// A plain address as people type it: what <see cref="MailAddress"/> accepts, without display name or
    /// surrounding text, at most 254 characters, and a domain with a dot (so no <c>jan@localhost</c>).
    /// </summary>
    public static bool IsValidEmail(string value)
    {
        if (value.Length is 0 or > 254 || value.Any(char.IsWhiteSpace) || !MailAddress.TryCreate(value, out var address))
        {
            return false;
        }

        var host = address.Host;
        return string.IsNullOrEmpty(address.DisplayName)
            && string.Equals(address.Address, value, StringComparison.Ordinal)
            && address.User.Length is > 0 and <= 64
            && host.Contains('.') && !host.StartsWith('.') && !host.EndsWith('.') && !host.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>Exactly 9 digits that pass the 11-proef: the shape of a Dutch BSN.</summary>
    public static bool LooksLikeBsn(ReadOnlySpan<char> value)
    {
        if (value.Length != 9)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }

            var digit = value[i] - '0';
            sum += i < 8 ? digit * (9 - i) : -digit;
        }

        return sum % 11 == 0;
    }

    /// <summary>"a, b en c" for messages; long lists are cut off.</summary>
    public static string List(IEnumerable<string> values, int max = 30)
    {
        var list = values.Take(max + 1).ToList();
        return list.Count > max ? string.Join(", ", list.Take(max)) + ", ..." : string.Join(", ", list);
    }
}

/// <summary>Collects the errors of one import and remembers which lines had one.</summary>
internal sealed class ImportErrorList
{
    private readonly List<ImportError> _errors = [];
    private readonly List<int> _invalidLines = [];

    public IReadOnlyList<ImportError> Errors => _errors;

    /// <summary>Start lines of the rows with at least one error, ascending.</summary>
    public IReadOnlyList<int> InvalidLines => _invalidLines;

    public int Count => _errors.Count;

    public void Add(int line, string? field, string message)
    {
        _errors.Add(new ImportError(line, field, message));
        if (line > 1 && (_invalidLines.Count == 0 || _invalidLines[^1] != line))
        {
            _invalidLines.Add(line);
        }
    }
}
