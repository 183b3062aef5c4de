using System.Diagnostics;
using Klantmeting.Infrastructure.Imports;

namespace Klantmeting.Werkpleinen;

/// <summary>
/// Imports Werkpleinen from a CSV file with columns <c>code,naam</c> and optional <c>regio</c>: a new code is
/// added, an existing code gets the name and region from the file. Same file rules and error reporting as the
/// participant import; a file with any error stores nothing.
/// </summary>
public sealed class WerkpleinImporter(KlantmetingDbContext db, Audit.AuditLog audit)
{
    /// <summary>Column with the Werkplein code (required).</summary>
    public const string CodeColumn = "code";

    /// <summary>Column with the name (required).</summary>
    public const string NameColumn = "naam";

    /// <summary>Column with the region (optional).</summary>
    public const string RegionColumn = "regio";

    /// <summary>Longest name or region in characters (the same rule for the import and the edit form).</summary>
    public const int MaxNameLength = 200;

    /// <summary>Checks and imports <paramref name="path"/>.</summary>
    /// <returns>The counts and every error; with any error nothing was stored.</returns>
    /// <exception cref="ImportException">The file cannot be read. Nothing was stored.</exception>
    public async Task<ImportResult> ImportAsync(string path, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var file = await CsvImportFile.OpenAsync(path, ct);
        var errors = new ImportErrorList();
        // A list of Werkpleinen has tens to hundreds of rows: one pass that keeps them is enough.
        var rows = new List<Row>();
        long rowsRead;
        using (var pass = file.Read(ImportPhase.Validate, progress))
        {
            if (MapHeader(pass.Header, errors) is not { } columns)
            {
                return new ImportResult(0, 0, 0, errors.Errors, stopwatch.Elapsed);
            }

            var seen = new Dictionary<string, int>(WerkpleinCode.Comparer);
            while (pass.Read())
            {
                CheckRow(pass, columns, seen, errors, rows);
            }

            rowsRead = pass.RowsRead;
        }

        if (errors.Count > 0 || !await StoreAsync(rows, errors, ct))
        {
            return new ImportResult(rowsRead, 0, rowsRead, errors.Errors, stopwatch.Elapsed);
        }

        await audit.RecordAsync(Audit.AuditAction.WerkpleinenImported, Audit.AuditObject.Werkplein, string.Join(",", rows.Select(r => r.Code)), null,
            $"bestand {Path.GetFileName(path)}: {rows.Count} Werkpleinen ingelezen", ct);
        progress?.Report(new ImportProgress(ImportPhase.Done, rowsRead, file.Length, file.Length));
        return new ImportResult(rowsRead, rows.Count, 0, errors.Errors, stopwatch.Elapsed);
    }

    /// <summary>A valid row of the file.</summary>
    private readonly record struct Row(int Line, string Code, string Name, string? Region);

    /// <summary>Column indexes of the file; <see cref="Region"/> is -1 when the optional column is absent.</summary>
    private readonly record struct Columns(int Code, int Name, int Region);

    /// <summary>The columns of the header row, or null when it has unknown or missing columns (reported in <paramref name="errors"/>).</summary>
    private static Columns? MapHeader(string[] header, ImportErrorList errors)
    {
        var columns = ImportChecks.MapColumns(header, errors);
        foreach (var name in columns.Keys)
        {
            if (!name.Equals(CodeColumn, StringComparison.OrdinalIgnoreCase)
                && !name.Equals(NameColumn, StringComparison.OrdinalIgnoreCase)
                && !name.Equals(RegionColumn, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(1, name.ToLowerInvariant(), $"onbekende kolom '{name}'; toegestaan zijn {CodeColumn}, {NameColumn} en {RegionColumn}");
            }
        }

        int Index(string name, bool required)
        {
            if (columns.TryGetValue(name, out var found))
            {
                return found;
            }

            if (required)
            {
                errors.Add(1, name, $"verplichte kolom '{name}' ontbreekt in de kopregel");
            }

            return -1;
        }

        var result = new Columns(Index(CodeColumn, true), Index(NameColumn, true), Index(RegionColumn, false));
        return errors.Count > 0 ? null : result;
    }

    /// <summary>
    /// Checks the current row; a valid one is added to <paramref name="rows"/>, the errors of another to
    /// <paramref name="errors"/>. <paramref name="seen"/> maps each code to the line that first named it.
    /// </summary>
    private static void CheckRow(ImportPass pass, Columns columns, Dictionary<string, int> seen, ImportErrorList errors, List<Row> rows)
    {
        var line = pass.Line;
        var before = errors.Count;
        if (!ImportChecks.CheckRow(pass, pass.Header, errors))
        {
            return;
        }

        var code = pass[columns.Code];
        var name = pass[columns.Name];
        var region = columns.Region < 0 ? null : pass[columns.Region] is { Length: > 0 } r ? r : null;
        if (WerkpleinCode.Check(code) is { } codeError)
        {
            errors.Add(line, CodeColumn, codeError);
        }
        else if (!seen.TryAdd(code, line))
        {
            errors.Add(line, CodeColumn, $"code '{code}' komt al voor op regel {seen[code]}");
        }

        if (name.Length == 0)
        {
            errors.Add(line, NameColumn, "naam is leeg");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(line, NameColumn, $"naam is langer dan {MaxNameLength} tekens");
        }

        if (region is { Length: > MaxNameLength })
        {
            errors.Add(line, RegionColumn, $"regio is langer dan {MaxNameLength} tekens");
        }

        if (errors.Count == before)
        {
            rows.Add(new Row(line, code, name, region));
        }
    }

    /// <summary>Adds new codes and updates existing ones in one transaction; false (nothing stored) when a code is ambiguous.</summary>
    private async Task<bool> StoreAsync(List<Row> rows, ImportErrorList errors, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Codes are unique without regard to case, so a code in another case updates the same Werkplein. Rows from
        // before that rule may clash with each other: then the file cannot say which one it means.
        var existing = (await db.Werkpleinen.ToListAsync(ct)).GroupBy(w => w.Code, WerkpleinCode.Comparer)
            .ToDictionary(g => g.Key, g => g.ToList(), WerkpleinCode.Comparer);
        foreach (var (line, code, _, _) in rows)
        {
            if (existing.TryGetValue(code, out var clashing) && clashing.Count > 1)
            {
                errors.Add(line, CodeColumn,
                    $"code '{code}' hoort bij meer dan één Werkplein ({string.Join(", ", clashing.Select(w => w.Code))}); zie 'klantmeting db check'");
            }
        }

        if (errors.Count > 0)
        {
            return false;
        }

        foreach (var (_, code, name, region) in rows)
        {
            if (existing.TryGetValue(code, out var matches) && matches is [var werkplein])
            {
                werkplein.Name = name;
                werkplein.Region = region;
            }
            else
            {
                db.Werkpleinen.Add(new Werkplein { Code = code, Name = name, Region = region });
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await DatabaseStatistics.RefreshAsync(db, [typeof(Werkplein)], ct);
        return true;
    }
}
