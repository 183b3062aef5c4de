using System.Text;
using Klantmeting.Infrastructure.Exports;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Klantmeting.DataExport;

/// <summary>The formats of the respondent data.</summary>
public enum DataFormat
{
    /// <summary>One CSV file (UTF-8, comma, invariant numbers), labels as text.</summary>
    Csv,

    /// <summary>One XLSX workbook: typed cells, a header row, the header frozen.</summary>
    Xlsx,

    /// <summary>A coded CSV file and an SPSS syntax file (<c>.sps</c>) that reads it with labels, missing values and levels.</summary>
    Spss,

    /// <summary>A coded CSV file and an R script that reads it with types, factors and labels.</summary>
    R,
}

/// <summary>Writes <see cref="RespondentData"/> in each <see cref="DataFormat"/> as one or two named files.</summary>
public static class DataFormats
{
    /// <summary>The format named <paramref name="name"/> (csv, xlsx, spss, r; any case), or null.</summary>
    public static DataFormat? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "csv" => DataFormat.Csv,
        "xlsx" => DataFormat.Xlsx,
        "spss" => DataFormat.Spss,
        "r" => DataFormat.R,
        _ => null,
    };

    /// <summary>The start of the file names for round <paramref name="roundName"/>: <c>gegevens-</c> and the name in lower-case letters, digits and dashes.</summary>
    public static string BaseName(string roundName) => "gegevens-" + FileNameSlug.Of(roundName);

    /// <summary>
    /// Writes the files of <paramref name="format"/>, each through <paramref name="create"/> (which gets the file name and
    /// returns a stream the writer disposes). Names start with <paramref name="baseName"/>.
    /// </summary>
    /// <returns>The file names written.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(RespondentData data, DataFormat format, string baseName,
        Func<string, Stream> create, CancellationToken ct = default)
    {
        var csv = baseName + ".csv";
        switch (format)
        {
            case DataFormat.Csv:
                await WriteCsvAsync(data, create(csv), coded: false, ct);
                return [csv];
            case DataFormat.Xlsx:
                await WriteXlsxAsync(data, create(baseName + ".xlsx"), ct);
                return [baseName + ".xlsx"];
            case DataFormat.Spss:
                await WriteCsvAsync(data, create(csv), coded: true, ct);
                await WriteTextAsync(create(baseName + ".sps"), SpssSyntax.Write(data, csv), ct);
                return [csv, baseName + ".sps"];
            default:
                await WriteCsvAsync(data, create(csv), coded: true, ct);
                await WriteTextAsync(create(baseName + ".R"), RScript.Write(data, csv), ct);
                return [csv, baseName + ".R"];
        }
    }

    /// <summary>
    /// The value of cell <paramref name="index"/> of <paramref name="row"/>: with <paramref name="coded"/> a category
    /// is its code 1..k (what SPSS and R read), otherwise its label.
    /// </summary>
    public static object? Value(RespondentData data, DataRow row, int index, bool coded)
    {
        var value = row.Values[index];
        var variable = data.Variables[index];
        if (!coded || variable.Kind != VariableKind.Category || value is not string label)
        {
            return value;
        }

        var code = IndexOf(variable.Categories, label);
        return code < 0 ? null : code + 1;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static async Task WriteCsvAsync(RespondentData data, Stream output, bool coded, CancellationToken ct)
    {
        await using var stream = output;
        await using var writer = CsvTableWriter.Create(stream);
        await writer.HeaderAsync(data.Variables.Select(v => coded ? v.SyntaxName : v.Name), ct);
        foreach (var row in data.Rows)
        {
            for (var i = 0; i < data.Variables.Count; i++)
            {
                switch (Value(data, row, i, coded))
                {
                    case null:
                        writer.Text(null);
                        break;
                    case int number:
                        writer.Integer(number);
                        break;
                    case double number:
                        writer.Number(number);
                        break;
                    case var text:
                        writer.Text(text.ToString());
                        break;
                }
            }

            await writer.EndRowAsync(ct);
        }
    }

    private static async Task WriteXlsxAsync(RespondentData data, Stream output, CancellationToken ct)
    {
        await using var stream = output;
        var rows = data.Rows.Select(row =>
        {
            var cells = new Dictionary<string, object?>(data.Variables.Count, StringComparer.Ordinal);
            for (var i = 0; i < data.Variables.Count; i++)
            {
                var value = row.Values[i];
                // Text passes the formula guard in every format, also where a spreadsheet would not evaluate it.
                cells[data.Variables[i].Name] = value is string text ? FormulaGuard.Neutralise(text) : value;
            }

            return cells;
        });
        var configuration = new OpenXmlConfiguration { FreezeRowCount = 1, FreezeColumnCount = 0, EnableWriteNullValueCell = false };
        await stream.SaveAsAsync(rows, printHeader: true, sheetName: "gegevens", excelType: ExcelType.XLSX, configuration: configuration, cancellationToken: ct);
    }

    private static async Task WriteTextAsync(Stream output, string text, CancellationToken ct)
    {
        await using var stream = output;
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), ct);
    }
}
