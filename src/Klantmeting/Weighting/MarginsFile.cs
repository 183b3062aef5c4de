using Klantmeting.Infrastructure.Imports;

namespace Klantmeting.Weighting;

/// <summary>
/// The CSV of population margins for raking: columns <c>variabele</c>, <c>waarde</c> and <c>aantal</c>, one row per
/// category (for instance <c>werkplein,WP-AMS,5120</c> and <c>uitkering,WW,30400</c>). A variable is
/// <c>werkplein</c> or the id of a choice attribute of the questionnaire; the totals of all variables must be equal.
/// Same file rules and error reporting (line and field) as the imports; a file with any error is not used.
/// </summary>
public static class MarginsFile
{
    /// <summary>Column with the variable.</summary>
    public const string VariableColumn = "variabele";

    /// <summary>Column with the category.</summary>
    public const string ValueColumn = "waarde";

    /// <summary>Column with the population count.</summary>
    public const string CountColumn = "aantal";

    /// <summary>Reads and checks <paramref name="path"/> against the <paramref name="allowed"/> categories of each variable.</summary>
    /// <returns>The margins in file order of their variables, or the errors (then no margins).</returns>
    /// <exception cref="ImportException">The file cannot be read.</exception>
    public static async Task<(IReadOnlyList<Margin> Margins, IReadOnlyList<ImportError> Errors)> ReadAsync(string path,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> allowed, CancellationToken ct = default)
    {
        var file = await CsvImportFile.OpenAsync(path, ct);
        var errors = new ImportErrorList();
        var margins = new List<(string Variable, Dictionary<string, double> Populations, int Line)>();
        using (var pass = file.Read(ImportPhase.Validate, null))
        {
            var columns = ImportChecks.MapColumns(pass.Header, errors);
            var indexes = new[] { VariableColumn, ValueColumn, CountColumn }.Select(name =>
            {
                if (!columns.TryGetValue(name, out var i))
                {
                    errors.Add(1, name, $"verplichte kolom '{name}' ontbreekt in de kopregel; de kolommen zijn {VariableColumn}, {ValueColumn} en {CountColumn}");
                }

                return i;
            }).ToArray();
            if (errors.Count > 0)
            {
                return ([], errors.Errors);
            }

            while (pass.Read())
            {
                if (ImportChecks.CheckRow(pass, pass.Header, errors))
                {
                    CheckRow(pass[indexes[0]], pass[indexes[1]], pass[indexes[2]], pass.Line, allowed, margins, errors);
                }
            }
        }

        CheckTotals(margins, errors);
        return errors.Count > 0 ? ([], errors.Errors)
            : (margins.Select(m => new Margin(m.Variable, m.Populations)).ToList(), errors.Errors);
    }

    private static void CheckRow(string variable, string value, string count, int line, IReadOnlyDictionary<string, IReadOnlyCollection<string>> allowed,
        List<(string Variable, Dictionary<string, double> Populations, int Line)> margins, ImportErrorList errors)
    {
        variable = variable.Trim();
        value = value.Trim();
        if (!allowed.TryGetValue(variable, out var categories))
        {
            errors.Add(line, VariableColumn, $"onbekende variabele '{variable}'; kies uit {string.Join(", ", allowed.Keys)}");
            return;
        }

        if (!categories.Contains(value))
        {
            errors.Add(line, ValueColumn, $"'{value}' is geen waarde van {variable} in deze ronde; kies uit {string.Join(", ", categories)}");
            return;
        }

        if (!double.TryParse(count.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var population) || !double.IsFinite(population) || population <= 0)
        {
            errors.Add(line, CountColumn, $"'{count}' is geen aantal groter dan 0 (gebruik een punt voor decimalen)");
            return;
        }

        var margin = margins.FindIndex(m => m.Variable == variable);
        if (margin < 0)
        {
            margins.Add((variable, new Dictionary<string, double>(StringComparer.Ordinal), line));
            margin = margins.Count - 1;
        }

        if (!margins[margin].Populations.TryAdd(value, population))
        {
            errors.Add(line, ValueColumn, $"{variable} '{value}' staat al eerder in het bestand");
        }
    }

    private static void CheckTotals(List<(string Variable, Dictionary<string, double> Populations, int Line)> margins, ImportErrorList errors)
    {
        if (margins.Count == 0 && errors.Count == 0)
        {
            errors.Add(1, null, "het bestand heeft geen marges; geef per variabele het aantal van elke waarde");
            return;
        }

        for (var k = 1; k < margins.Count; k++)
        {
            double first = margins[0].Populations.Values.Sum(), total = margins[k].Populations.Values.Sum();
            if (Math.Abs(total - first) > 1e-9 * Math.Max(first, total))
            {
                errors.Add(margins[k].Line, CountColumn, string.Create(CultureInfo.InvariantCulture,
                    $"de aantallen van {margins[k].Variable} tellen op tot {total}, die van {margins[0].Variable} tot {first}; de totalen moeten gelijk zijn"));
            }
        }
    }
}
