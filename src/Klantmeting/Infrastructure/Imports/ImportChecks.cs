using System.Buffers;
using System.Net.Mail;

namespace Klantmeting.Infrastructure.Imports;

/// <summary>Checks shared by the imports: the header, the shape of a row, control characters, e-mail, BSN.</summary>
internal static class ImportChecks
{
    /// <summary>C0 control characters other than tab: never allowed in an imported field.</summary>
    private static readonly SearchValues<char> ControlCharacters =
        SearchValues.Create([.. Enumerable.Range(0, 32).Where(c => c != '\t').Select(c => (char)c)]);

    /// <summary>C0 control characters other than tab, CR and LF: for free text, where a quoted line break is part of the value.</summary>
    private static readonly SearchValues<char> ControlCharactersExceptLineBreaks =
        SearchValues.Create([.. Enumerable.Range(0, 32).Where(c => c is not ('\t' or '\r' or '\n')).Select(c => (char)c)]);

    /// <summary>
    /// Maps header names (case-insensitive) to their column index; reports columns without a name, names that occur
    /// twice and names with a control character on line 1. A name that occurs twice keeps its first column.
    /// </summary>
    public static Dictionary<string, int> MapColumns(string[] header, ImportErrorList errors)
    {
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                errors.Add(1, null, $"kolom {i + 1} heeft geen naam; geef elke kolom een naam in de kopregel");
            }
            else if (FindControlCharacter(header[i], allowLineBreaks: false) is { } control)
            {
                errors.Add(1, null, $"de naam van kolom {i + 1} {ControlCharacterMessage(control)}");
            }
            else if (!byName.TryAdd(header[i], i))
            {
                errors.Add(1, header[i].ToLowerInvariant(), $"kolom '{header[i]}' komt twee keer voor in de kopregel");
            }
        }

        return byName;
    }

    /// <summary>
    /// The checks every data row gets first: quotes that do not match, the number of fields, and control characters
    /// in any field (reported with the field's column name).
    /// </summary>
    /// <param name="allowsLineBreaks">Per column index: true for free text, where a quoted CR or LF is kept.</param>
    /// <param name="pass">The pass positioned on the row.</param>
    /// <param name="header">The header fields, for column names in the errors.</param>
    /// <param name="errors">Where the row's errors go.</param>
    /// <returns>False when the row has the wrong number of fields: its fields cannot be matched to columns.</returns>
    public static bool CheckRow(ImportPass pass, string[] header, ImportErrorList errors, Func<int, bool>? allowsLineBreaks = null)
    {
        var line = pass.Line;
        if (pass.IsMalformed)
        {
            errors.Add(line, null,
                "aanhalingstekens kloppen niet; zet een veld met ; , of een regeleinde tussen dubbele aanhalingstekens en verdubbel een \" daarbinnen");
        }

        if (pass.FieldCount != header.Length)
        {
            errors.Add(line, null, $"{pass.FieldCount} velden in plaats van {header.Length} (zoals in de kopregel); controleer scheidingstekens en aanhalingstekens");
            return false;
        }

        for (var i = 0; i < header.Length; i++)
        {
            if (FindControlCharacter(pass[i], allowsLineBreaks?.Invoke(i) ?? false) is { } control)
            {
                errors.Add(line, header[i].ToLowerInvariant(), $"het veld {ControlCharacterMessage(control)}");
            }
        }

        return true;
    }

    /// <summary>The first C0 control character other than tab (and, when allowed, CR and LF) in <paramref name="value"/>, or null.</summary>
    public static (char Character, int Position)? FindControlCharacter(ReadOnlySpan<char> value, bool allowLineBreaks)
    {
        var index = value.IndexOfAny(allowLineBreaks ? ControlCharactersExceptLineBreaks : ControlCharacters);
        return index < 0 ? null : (value[index], index + 1);
    }

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

    /// <summary>
    /// The shape of a Dutch BSN in any way people write it: after removing spaces, dots and dashes, 9 digits (or 10
    /// with a leading zero) that pass the eleven-test (elfproef).
    /// </summary>
    public static bool LooksLikeBsn(ReadOnlySpan<char> value)
    {
        Span<char> digits = stackalloc char[10];
        var count = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '.' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) || count == digits.Length)
            {
                return false;
            }

            digits[count++] = c;
        }

        ReadOnlySpan<char> bsn = count switch
        {
            9 => digits[..9],
            10 when digits[0] == '0' => digits[1..10],
            _ => [],
        };
        if (bsn.Length != 9)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var digit = bsn[i] - '0';
            sum += i < 8 ? digit * (9 - i) : -digit;
        }

        return sum % 11 == 0;
    }

    /// <summary>The message for a value that looks like a BSN. The value itself is never repeated: it may be a real BSN.</summary>
    public static string BsnMessage(string what) =>
        $"{what} lijkt een BSN (9 cijfers die de elfproef halen, ook met spaties, punten, streepjes of een voorloopnul); " +
        "gebruik een eigen pseudoniem kenmerk, nooit het BSN";

    /// <summary>"a, b en c" for messages; long lists are cut off.</summary>
    public static string List(IEnumerable<string> values, int max = 30)
    {
        var list = values.Take(max + 1).ToList();
        return list.Count > max ? string.Join(", ", list.Take(max)) + ", ..." : string.Join(", ", list);
    }

    private static string ControlCharacterMessage((char Character, int Position) control) =>
        string.Create(CultureInfo.InvariantCulture,
            $"bevat een onzichtbaar stuurteken (code {(int)control.Character:X2}) op positie {control.Position}; haal het weg");
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
