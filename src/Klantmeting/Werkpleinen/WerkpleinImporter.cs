using System.Diagnostics;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Imports;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Werkpleinen;

/// <summary>
/// Imports Werkpleinen from a CSV file with columns <c>code,naam</c> and optional <c>regio</c>: a new code is
/// added, an existing code gets the name and region from the file. Same file rules and error reporting as the
/// participant import; a file with any error stores nothing.
/// </summary>
public sealed class WerkpleinImporter(KlantmetingDbContext db, Audit.AuditLog audit)
{
    public const string CodeColumn = "code";
    public const string NameColumn = "naam";
    public const string RegionColumn = "regio";

    private const int MaxCodeLength = 32;
    private const int MaxNameLength = 200;

    /// <summary>Checks and imports <paramref name="path"/>.</summary>
    /// <returns>The counts and every error; with any error nothing was stored.</returns>
    /// <exception cref="ImportException">The file cannot be read. Nothing was stored.</exception>
    public async Task<ImportResult> ImportAsync(string path, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var file = await CsvImportFile.OpenAsync(path, ct);
        var errors = new ImportErrorList();
        // A list of Werkpleinen has tens to hundreds of rows: one pass that keeps them is enough.
        var rows = new List<(string Code, string Name, string? Region)>();
        long rowsRead;
        using (var pass = file.Read(ImportPhase.Validate, progress))
        {
            var columns = pass.Header.Select((h, i) => (h, i)).ToLookup(p => p.h, p => p.i, StringComparer.OrdinalIgnoreCase);
            foreach (var group in columns)
            {
                if (group.Key.Length == 0)
                {
                    errors.Add(1, null, "een kolom heeft geen naam; geef elke kolom een naam in de kopregel");
                }
                else if (group.Count() > 1)
                {
                    errors.Add(1, group.Key.ToLowerInvariant(), $"kolom '{group.Key}' komt twee keer voor in de kopregel");
                }
                else if (!group.Key.Equals(CodeColumn, StringComparison.OrdinalIgnoreCase)
                    && !group.Key.Equals(NameColumn, StringComparison.OrdinalIgnoreCase)
                    && !group.Key.Equals(RegionColumn, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add(1, group.Key.ToLowerInvariant(), $"onbekende kolom '{group.Key}'; toegestaan zijn {CodeColumn}, {NameColumn} en {RegionColumn}");
                }
            }

            int Index(string name, bool required)
            {
                var found = columns[name].DefaultIfEmpty(-1).First();
                if (found < 0 && required)
                {
                    errors.Add(1, name, $"verplichte kolom '{name}' ontbreekt in de kopregel");
                }

                return found;
            }

            var codeIndex = Index(CodeColumn, true);
            var nameIndex = Index(NameColumn, true);
            var regionIndex = Index(RegionColumn, false);
            if (errors.Count > 0)
            {
                return new ImportResult(0, 0, 0, errors.Errors, stopwatch.Elapsed);
            }

            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            while (pass.Read())
            {
                var line = pass.Line;
                var before = errors.Count;
                if (pass.IsMalformed)
                {
                    errors.Add(line, null, "aanhalingstekens kloppen niet; zet een veld met ; , of een regeleinde tussen dubbele aanhalingstekens en verdubbel een \" daarbinnen");
                }

                if (pass.FieldCount != pass.Header.Length)
                {
                    errors.Add(line, null, $"{pass.FieldCount} velden in plaats van {pass.Header.Length} (zoals in de kopregel); controleer scheidingstekens en aanhalingstekens");
                    continue;
                }

                var code = pass[codeIndex];
                var name = pass[nameIndex];
                var region = regionIndex < 0 ? null : pass[regionIndex] is { Length: > 0 } r ? r : null;
                if (code.Length == 0)
                {
                    errors.Add(line, CodeColumn, "code is leeg");
                }
                else if (code.Length > MaxCodeLength)
                {
                    errors.Add(line, CodeColumn, $"code '{code}' is langer dan {MaxCodeLength} tekens");
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
                    rows.Add((code, name, region));
                }
            }

            rowsRead = pass.RowsRead;
        }

        if (errors.Count > 0)
        {
            return new ImportResult(rowsRead, 0, rowsRead, errors.Errors, stopwatch.Elapsed);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Werkpleinen.ToDictionaryAsync(w => w.Code, StringComparer.OrdinalIgnoreCase, ct);
        foreach (var (code, name, region) in rows)
        {
            if (existing.TryGetValue(code, out var werkplein))
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
        await audit.RecordAsync(Audit.AuditAction.WerkpleinChanged, Audit.AuditObject.Werkplein, string.Join(",", rows.Select(r => r.Item1)), null, $"bestand {Path.GetFileName(path)}: {rows.Count} Werkpleinen ingelezen", ct);
        progress?.Report(new ImportProgress(ImportPhase.Done, rowsRead, file.Length, file.Length));
        return new ImportResult(rowsRead, rows.Count, 0, errors.Errors, stopwatch.Elapsed);
    }
}
