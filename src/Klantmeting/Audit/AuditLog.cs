using System.Text.RegularExpressions;
using Klantmeting.Infrastructure.Exports;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Results;
using Klantmeting.Rounds;

namespace Klantmeting.Audit;

/// <summary>Filter of the audit log; every part is optional. Dates are Dutch calendar days, both inclusive.</summary>
public sealed record AuditFilter(string? Actor = null, string? Round = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>One page of audit entries (newest first) and the number of entries matching the filter.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total, int Page, int PageSize)
{
    /// <summary>Number of pages (at least one).</summary>
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The record of administrative actions (BIO: who did what, when). Append-only: there is deliberately no method that
/// changes or deletes an entry. Services call <see cref="RecordAsync"/> after an action succeeded, so the web and
/// the CLI record the same things.
/// </summary>
public sealed partial class AuditLog(KlantmetingDbContext db, TimeProvider clock, IAuditActor actor)
{
    /// <summary>Entries per page of the log page.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Header row of the CSV download.</summary>
    public const string CsvHeader = "time_utc,actor,action,object_type,object_key,round,details";

    /// <summary>Stores one entry for the current actor. E-mail addresses in <paramref name="details"/> are replaced.</summary>
    public async Task RecordAsync(AuditAction action, string objectType, string? objectKey, string? round = null,
        string? details = null, CancellationToken ct = default)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = Clip(WithoutEmail(actor.Id), AuditEntry.ActorMaxLength)!,
            Action = action,
            ObjectType = objectType,
            ObjectKey = Clip(WithoutEmail(objectKey), AuditEntry.ObjectKeyMaxLength),
            Round = Clip(round, 100),
            Details = Clip(WithoutEmail(details), AuditEntry.DetailsMaxLength),
        };
        using (await WriteGate.EnterAsync(db, ct))
        {
            db.AuditEntries.Add(entry);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            finally
            {
                // Not kept in the caller's change tracker: nothing can modify the entry afterwards.
                db.Entry(entry).State = EntityState.Detached;
            }
        }
    }

    /// <summary>Records an import when it stored rows, and passes its result on; for the importers' one-line hook.</summary>
    public async Task<ImportResult> RecordImportAsync(AuditAction action, string roundName, string path, Task<ImportResult> import,
        CancellationToken ct = default)
    {
        var result = await import;
        if (result.RowsStored > 0)
        {
            var skipped = result.RowsSkipped > 0 ? $", {result.RowsSkipped.ToString("N0", Dutch)} overgeslagen" : "";
            await RecordAsync(action, AuditObject.Round, roundName, roundName,
                $"bestand {Path.GetFileName(path)}: {result.RowsStored.ToString("N0", Dutch)} regels opgeslagen{skipped}", ct);
        }

        return result;
    }

    /// <summary>Records a downloaded export (<paramref name="export"/> names which one).</summary>
    public Task RecordExportAsync(string export, string? round, string? details = null, CancellationToken ct = default) =>
        RecordAsync(AuditAction.ExportDownloaded, AuditObject.Export, export, round, details, ct);

    /// <summary>One page of entries matching <paramref name="filter"/>, newest first.</summary>
    public async Task<AuditPage> QueryAsync(AuditFilter filter, int page = 1, int pageSize = DefaultPageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 1000);
        var query = Filtered(filter);
        var total = await query.CountAsync(ct);
        var entries = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new AuditPage(entries, total, page, pageSize);
    }

    /// <summary>Every actor and every round in the log, for the filter lists.</summary>
    public async Task<(IReadOnlyList<string> Actors, IReadOnlyList<string> Rounds)> FilterValuesAsync(CancellationToken ct = default)
    {
        var actors = await db.AuditEntries.Select(e => e.Actor).Distinct().OrderBy(a => a).ToListAsync(ct);
        var rounds = await db.AuditEntries.Where(e => e.Round != null).Select(e => e.Round!).Distinct().OrderBy(r => r).ToListAsync(ct);
        return (actors, rounds);
    }

    /// <summary>Writes every entry matching <paramref name="filter"/> as CSV (same format rules as the result exports), oldest first.</summary>
    public Task WriteCsvAsync(AuditFilter filter, Stream output, CancellationToken ct = default) => WriteCsvAsync(filter, output, TableFormat.Csv, ct);

    /// <summary>
    /// The same table in <paramref name="format"/> (an overload, not a new name: the log's public methods are a fixed
    /// list, none of which changes an entry).
    /// </summary>
    public async Task WriteCsvAsync(AuditFilter filter, Stream output, TableFormat format, CancellationToken ct = default)
    {
        await using var writer = TableFormats.CreateWriter(output, format, "Logboek");
        await writer.WriteTableAsync(CsvHeader, Filtered(filter).OrderBy(e => e.At).ThenBy(e => e.Id).AsAsyncEnumerable(), static (w, e) =>
        {
            w.Text(e.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.Text(e.Actor);
            w.Text(Code(e.Action));
            w.Text(e.ObjectType);
            w.Text(e.ObjectKey);
            w.Text(e.Round);
            w.Text(e.Details);
        }, ct);
    }

    /// <summary>Stable code of an action, as in the CSV (<c>round-created</c>).</summary>
    public static string Code(AuditAction action) => KebabRegex().Replace(action.ToString(), "$1-$2").ToLowerInvariant();

    /// <summary>Dutch description of an action, as the log page shows it.</summary>
    public static string Describe(AuditAction action) => action switch
    {
        AuditAction.RoundCreated => "ronde aangemaakt",
        AuditAction.RoundEdited => "ronde gewijzigd",
        AuditAction.RoundOpened => "ronde geopend",
        AuditAction.RoundPaused => "versturen gepauzeerd",
        AuditAction.RoundResumed => "versturen hervat",
        AuditAction.RoundScheduled => "ronde ingepland",
        AuditAction.RoundUnscheduled => "ronde niet meer ingepland",
        AuditAction.RoundClosed => "ronde gesloten",
        AuditAction.RoundDeleted => "ronde verwijderd",
        AuditAction.SampleUploaded => "steekproef geïmporteerd",
        AuditAction.AnswersImported => "antwoorden geïmporteerd",
        AuditAction.ExportDownloaded => "export gedownload",
        AuditAction.UserCreated => "gebruiker aangemaakt",
        AuditAction.UserChanged => "gebruiker gewijzigd",
        AuditAction.WerkpleinChanged => "Werkplein gewijzigd",
        AuditAction.WerkpleinenImported => "Werkpleinen geïmporteerd",
        AuditAction.UserLocked => "gebruiker geblokkeerd",
        AuditAction.UserUnlocked => "gebruiker gedeblokkeerd",
        AuditAction.UserDeactivated => "gebruiker gedeactiveerd",
        AuditAction.UserReactivated => "gebruiker weer actief gemaakt",
        AuditAction.UserPasswordReset => "wachtwoord opnieuw ingesteld",
        AuditAction.RetentionRun => "contactgegevens verwijderd (bewaartermijn)",
        AuditAction.TestEmailSent => "testmail verstuurd",
        AuditAction.ParticipantsRemoved => "deelnemers verwijderd",
        AuditAction.CommentHidden => "opmerking verborgen",
        AuditAction.CommentShown => "opmerking weer getoond",
        _ => action.ToString(),
    };

    /// <summary>Replaces anything that looks like an e-mail address, so contact data never reaches the log.</summary>
    public static string? WithoutEmail(string? text) => text is null ? null : EmailRegex().Replace(text, "[e-mailadres]");

    private IQueryable<AuditEntry> Filtered(AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            query = query.Where(e => e.Actor == filter.Actor);
        }

        if (!string.IsNullOrWhiteSpace(filter.Round))
        {
            query = query.Where(e => e.Round == filter.Round);
        }

        if (filter.From is { } from)
        {
            var start = RoundCalendar.StartOfDayUtc(from);
            query = query.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = RoundCalendar.StartOfDayUtc(to.AddDays(1));
            query = query.Where(e => e.At < end);
        }

        return query;
    }

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    [GeneratedRegex(@"[^\s@,;<>""']+@[^\s@,;<>""']+")]
    private static partial Regex EmailRegex();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex KebabRegex();
}
