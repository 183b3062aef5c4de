using System.Text;
using Hangfire;
using Hangfire.InMemory;
using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Tests.Imports;
using Klantmeting.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Klantmeting.Tests.Uploads;

/// <summary>
/// Uploads from the browser: .xlsx files, the background job's state machine, skip-invalid, replace and remove. The
/// job is run directly (deterministic); the queue is Hangfire's real in-memory storage without a server.
/// Runs on every provider: see the subclasses below.
/// </summary>
public abstract class UploadTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Header = "ref,email,werkplein,vaste_contactpersoon,uitkering";
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: provider);
        await _db.SeedAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private string WriteXlsx(string name, IEnumerable<Dictionary<string, object?>> rows)
    {
        var path = Path.Combine(_db.Folder, name);
        MiniExcel.SaveAs(path, rows.ToList());
        return path;
    }

    private static Dictionary<string, object?> Row(object? @ref, object? email, object? werkplein, object? contact = null, object? uitkering = null) =>
        new() { ["ref"] = @ref, ["email"] = email, ["werkplein"] = werkplein, ["vaste_contactpersoon"] = contact, ["uitkering"] = uitkering };

    /// <summary>Stores <paramref name="content"/> as an upload (the web page's service) and returns its id.</summary>
    private Task<long> UploadAsync(string fileName, byte[] content, UploadChoices? choices = null, UploadKind kind = UploadKind.Participants,
        string round = "R1") =>
        _db.WithAsync(async sp =>
        {
            var service = ActivatorUtilities.CreateInstance<UploadService>(sp, new BackgroundJobClient(new InMemoryStorage()));
            using var stream = new MemoryStream(content);
            return (await service.CreateAsync(round, kind, fileName, stream, choices ?? new UploadChoices())).Id;
        });

    private Task<bool> ProcessAsync(long id) => _db.WithAsync(sp => sp.GetRequiredService<UploadProcessor>().ProcessAsync(id));

    private Task<Upload> UploadRowAsync(long id) => _db.DbAsync(db => db.Uploads.AsNoTracking().SingleAsync(u => u.Id == id));

    private Task<int> ParticipantCountAsync() => _db.DbAsync(db => db.Participants.CountAsync());

    private static byte[] Csv(string text) => new UTF8Encoding(false).GetBytes(text);

    [Fact]
    public async Task Xlsx_first_sheet_is_read_like_a_csv_with_sheet_row_numbers_as_lines()
    {
        var path = WriteXlsx("sample.xlsx", [
            Row("A1", "a1@example.nl", "WP-AMS", "ja", "WW"),
            Row(null, null, null),
            // A number in a cell is text to the checks: 12345 is a fine ref.
            Row(12345d, "nummer@example.nl", "WP-RTD", "nee", "WWB"),
            Row("A4", "geen-adres", "WP-AMS", "ja", "WW"),
        ]);

        var result = await _db.WithAsync(sp => sp.GetRequiredService<ParticipantImporter>().ImportAsync("R1", path, skipInvalid: true));

        Assert.Equal(3, result.RowsRead);
        Assert.Equal(2, result.RowsStored);
        // Row 5 of the sheet (header 1, the empty row 3 still counts).
        var error = Assert.Single(result.Errors);
        Assert.Equal(5, error.Line);
        Assert.Equal("email", error.Field);
        Assert.Equal(["12345", "A1"], await _db.DbAsync(db => db.Participants.OrderBy(p => p.Ref).Select(p => p.Ref).ToListAsync()));
    }

    [Fact]
    public async Task Xlsx_and_csv_with_the_same_rows_give_the_same_errors()
    {
        var rows = new[]
        {
            Row("A1", "a1@example.nl", "WP-XXX", "ja", "WW"),
            Row("A2", "a1@example.nl", "WP-AMS", "misschien", "WW"),
            Row("", "a3@example.nl", "WP-AMS", "ja", "WW"),
        };
        var csv = _db.WriteFile("same.csv", Header + "\n" + string.Join("\n", rows.Select(r => string.Join(",", r.Values))) + "\n");
        var xlsx = WriteXlsx("same.xlsx", rows);

        var fromCsv = await _db.WithAsync(sp => sp.GetRequiredService<ParticipantImporter>().ImportAsync("R1", csv));
        var fromXlsx = await _db.WithAsync(sp => sp.GetRequiredService<ParticipantImporter>().ImportAsync("R1", xlsx));

        Assert.NotEmpty(fromCsv.Errors);
        Assert.Equal(fromCsv.Errors, fromXlsx.Errors);
        Assert.Equal(0, await ParticipantCountAsync());
    }

    [Fact]
    public async Task Cli_and_upload_give_the_same_errors_for_the_same_xlsx_file()
    {
        var path = WriteXlsx("cli.xlsx", [Row("A1", "a1@example.nl", "WP-AMS", "ja", "WW"), Row("A2", "fout", "WP-AMS", "ja", "WW")]);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Klantmeting.Cli.CliApp.RunAsync(["participants", "import", "--round", "R1", path], output, error, _db.Settings);
        var id = await UploadAsync("cli.xlsx", await File.ReadAllBytesAsync(path));
        await ProcessAsync(id);

        Assert.NotEqual(0, code);
        var fromUpload = await _db.DbAsync(db => db.UploadErrors.Where(e => e.UploadId == id).Select(e => new ImportError(e.Line, e.Field, e.Message)).ToListAsync());
        var single = Assert.Single(fromUpload);
        // The CLI writes FILE:LINE: veld FIELD: MESSAGE; the upload keeps line, field and message.
        Assert.Contains($"{path}:{single.Line}: veld {single.Field}: {single.Message}", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await ParticipantCountAsync());

        var skip = await Klantmeting.Cli.CliApp.RunAsync(["participants", "import", "--round", "R1", "--skip-invalid", path], output, error, _db.Settings);
        Assert.Equal(0, skip);
        Assert.Equal(1, await ParticipantCountAsync());
    }

    [Fact]
    public async Task A_file_that_is_no_workbook_is_refused_with_its_own_name()
    {
        var id = await UploadAsync("kapot.xlsx", Csv("dit is geen werkmap"));

        await ProcessAsync(id);

        var upload = await UploadRowAsync(id);
        Assert.Equal(UploadState.Failed, upload.State);
        Assert.StartsWith("Het bestand 'kapot.xlsx' is geen Excel-werkmap (.xlsx)", upload.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), upload.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Good_upload_goes_from_queued_to_done_stores_once_and_is_logged_for_the_uploader()
    {
        var id = await UploadAsync("steekproef.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\nA2,a2@example.nl,WP-RTD,nee,WWB\n"));
        var queued = await UploadRowAsync(id);
        Assert.Equal(UploadState.Queued, queued.State);
        Assert.True(await _db.DbAsync(db => db.UploadChunks.AnyAsync(c => c.UploadId == id)));

        Assert.True(await ProcessAsync(id));
        // A second run (a retried or duplicated job) finds the upload done and stores nothing.
        Assert.False(await ProcessAsync(id));

        var upload = await UploadRowAsync(id);
        Assert.Equal(UploadState.Done, upload.State);
        Assert.Equal(2, upload.RowsChecked);
        Assert.Equal(2, upload.RowsStored);
        Assert.Equal(0, upload.RowsSkipped);
        Assert.Equal(1, upload.Attempts);
        Assert.NotNull(upload.FinishedAt);
        Assert.Equal(2, await ParticipantCountAsync());
        // The file (with e-mail addresses) is not kept.
        Assert.False(await _db.DbAsync(db => db.UploadChunks.AnyAsync(c => c.UploadId == id)));
        var entry = await _db.DbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditAction.SampleUploaded));
        Assert.Equal("bestand steekproef.csv: 2 regels opgeslagen", entry.Details);
        Assert.Equal(FixedAuditActor.System, entry.Actor);

        var summary = await _db.WithAsync(sp => sp.GetRequiredService<SampleService>().SummaryAsync(queued.RoundId));
        Assert.Equal(2, summary.Total);
        Assert.Equal(["WP-AMS=1", "WP-RTD=1"], summary.PerWerkplein.Select(w => $"{w.Code}={w.Participants}"));
        Assert.Contains(summary.PerAttributeValue, a => a is { Attribute: "uitkering", Value: "WWB", Participants: 1 });
    }

    [Fact]
    public async Task A_run_that_stopped_is_taken_over_after_its_lease_and_the_rows_are_stored_once()
    {
        var id = await UploadAsync("steekproef.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\n"));
        // A worker claimed it and died while storing: its lease has run out.
        await _db.DbAsync(db => db.Uploads.Where(u => u.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.State, UploadState.Storing).SetProperty(u => u.Attempts, 1)
            .SetProperty(u => u.LeaseUntil, ImportTestDatabase.Now.AddMinutes(-1))));

        var resumed = await _db.WithAsync(sp => sp.GetRequiredService<UploadProcessor>().ResumeAsync());
        var again = await _db.WithAsync(sp => sp.GetRequiredService<UploadProcessor>().ResumeAsync());

        Assert.Equal(1, resumed);
        Assert.Equal(0, again);
        var upload = await UploadRowAsync(id);
        Assert.Equal(UploadState.Done, upload.State);
        Assert.Equal(2, upload.Attempts);
        Assert.Equal(1, await ParticipantCountAsync());
    }

    [Fact]
    public async Task A_run_with_a_live_lease_is_left_alone()
    {
        var id = await UploadAsync("steekproef.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\n"));
        await _db.DbAsync(db => db.Uploads.Where(u => u.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.State, UploadState.Checking).SetProperty(u => u.Attempts, 1)
            .SetProperty(u => u.LeaseUntil, ImportTestDatabase.Now.AddMinutes(1))));

        Assert.False(await ProcessAsync(id));

        Assert.Equal(UploadState.Checking, (await UploadRowAsync(id)).State);
        Assert.Equal(0, await ParticipantCountAsync());
    }

    [Fact]
    public async Task Two_runs_at_once_store_the_rows_once()
    {
        var id = await UploadAsync("steekproef.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\nA2,a2@example.nl,WP-AMS,ja,WW\n"));

        var runs = await Task.WhenAll(ProcessAsync(id), ProcessAsync(id));

        Assert.Single(runs, r => r);
        Assert.Equal(UploadState.Done, (await UploadRowAsync(id)).State);
        Assert.Equal(2, await ParticipantCountAsync());
    }

    [Fact]
    public async Task File_with_errors_stores_nothing_and_keeps_every_error_with_line_and_field()
    {
        var body = new StringBuilder(Header + "\n");
        for (var i = 1; i <= 250; i++)
        {
            body.Append($"A{i},geen-adres-{i},WP-AMS,ja,WW\n");
        }

        body.Append("B1,b1@example.nl,WP-AMS,ja,WW\n");
        var id = await UploadAsync("fout.csv", Csv(body.ToString()));

        await ProcessAsync(id);

        var upload = await UploadRowAsync(id);
        Assert.Equal(UploadState.Failed, upload.State);
        Assert.Null(upload.Message);
        Assert.Equal(251, upload.RowsChecked);
        Assert.Equal(0, upload.RowsStored);
        Assert.Equal(250, upload.ErrorCount);
        Assert.Equal(0, await ParticipantCountAsync());
        var onPage = await _db.WithAsync(sp => ActivatorUtilities.CreateInstance<UploadService>(sp, new BackgroundJobClient(new InMemoryStorage()))
            .ErrorsAsync(id));
        Assert.Equal(UploadService.ErrorsOnPage, onPage.Count);
        Assert.Equal(new ImportError(2, "email", onPage[0].Message), onPage[0]);
        Assert.Contains("'geen-adres-1'", onPage[0].Message, StringComparison.Ordinal);

        using var csv = new MemoryStream();
        await _db.WithAsync(async sp =>
        {
            await ActivatorUtilities.CreateInstance<UploadService>(sp, new BackgroundJobClient(new InMemoryStorage())).WriteErrorsCsvAsync(id, csv);
            return 0;
        });
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("regel,veld,melding", lines[0].TrimEnd('\r'));
        Assert.Equal(251, lines.Length);
        Assert.StartsWith("251,email,", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_csv_neutralises_a_value_that_would_run_as_a_formula()
    {
        var id = await UploadAsync("formule.csv", Csv(Header + "\n=HYPERLINK(\"x\"),a1@example.nl,WP-ONBEKEND,ja,WW\n"));
        await ProcessAsync(id);

        using var csv = new MemoryStream();
        await _db.WithAsync(async sp =>
        {
            await ActivatorUtilities.CreateInstance<UploadService>(sp, new BackgroundJobClient(new InMemoryStorage())).WriteErrorsCsvAsync(id, csv);
            return 0;
        });

        var text = Encoding.UTF8.GetString(csv.ToArray());
        Assert.DoesNotContain("\n=", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skip_invalid_stores_the_valid_rows_and_keeps_the_errors_of_the_skipped_ones()
    {
        var id = await UploadAsync("deels.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\nA2,fout,WP-AMS,ja,WW\nA3,a3@example.nl,WP-RTD,nee,WW\n"),
            new UploadChoices(SkipInvalid: true));

        await ProcessAsync(id);

        var upload = await UploadRowAsync(id);
        Assert.Equal(UploadState.Done, upload.State);
        Assert.Equal(2, upload.RowsStored);
        Assert.Equal(1, upload.RowsSkipped);
        Assert.Equal(1, upload.ErrorCount);
        Assert.Equal(3, (await _db.DbAsync(db => db.UploadErrors.SingleAsync(e => e.UploadId == id))).Line);
        Assert.Equal(2, await ParticipantCountAsync());
        var entry = await _db.DbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditAction.SampleUploaded));
        Assert.Equal("bestand deels.csv: 2 regels opgeslagen, 1 overgeslagen", entry.Details);
    }

    [Fact]
    public async Task Replace_in_a_draft_round_swaps_the_sample_in_one_go()
    {
        await ProcessAsync(await UploadAsync("oud.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\nA2,a2@example.nl,WP-AMS,ja,WW\n")));

        // The same refs again: without replacing, they would be duplicates.
        var id = await UploadAsync("nieuw.csv", Csv(Header + "\nA1,a1@example.nl,WP-RTD,ja,WW\nA3,a3@example.nl,WP-RTD,ja,WW\nA4,a4@example.nl,WP-RTD,ja,WW\n"),
            new UploadChoices(Replace: true));
        await ProcessAsync(id);

        Assert.Equal(UploadState.Done, (await UploadRowAsync(id)).State);
        Assert.Equal(["A1", "A3", "A4"], await _db.DbAsync(db => db.Participants.OrderBy(p => p.Ref).Select(p => p.Ref).ToListAsync()));
        Assert.Equal(3, await _db.DbAsync(db => db.Invitations.CountAsync()));
        Assert.Equal(3, await _db.DbAsync(db => db.ParticipantContacts.CountAsync()));
    }

    [Fact]
    public async Task Replace_with_errors_keeps_the_old_sample()
    {
        await ProcessAsync(await UploadAsync("oud.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\n")));

        var id = await UploadAsync("nieuw.csv", Csv(Header + "\nB1,fout,WP-AMS,ja,WW\n"), new UploadChoices(Replace: true));
        await ProcessAsync(id);

        Assert.Equal(UploadState.Failed, (await UploadRowAsync(id)).State);
        Assert.Equal(["A1"], await _db.DbAsync(db => db.Participants.Select(p => p.Ref).ToListAsync()));
    }

    [Fact]
    public async Task Remove_deletes_the_participants_of_a_draft_round_and_logs_it_without_addresses()
    {
        await ProcessAsync(await UploadAsync("oud.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\nA2,a2@example.nl,WP-AMS,ja,WW\n")));

        var removed = await _db.WithAsync(sp => sp.GetRequiredService<SampleService>().RemoveAsync("R1"));

        Assert.Equal(2, removed);
        Assert.Equal(0, await ParticipantCountAsync());
        Assert.Equal(0, await _db.DbAsync(db => db.ParticipantContacts.CountAsync()));
        Assert.Equal(0, await _db.DbAsync(db => db.Invitations.CountAsync()));
        var entry = await _db.DbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditAction.ParticipantsRemoved));
        Assert.Equal("2 deelnemers verwijderd", entry.Details);
    }

    [Fact]
    public async Task Open_round_refuses_replace_and_remove_with_the_reason()
    {
        await ProcessAsync(await UploadAsync("oud.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\n")));
        await _db.WithAsync(sp => sp.GetRequiredService<RoundService>().OpenAsync("R1"));

        var replace = await Assert.ThrowsAsync<ImportException>(() =>
            UploadAsync("nieuw.csv", Csv(Header + "\nA5,a5@example.nl,WP-AMS,ja,WW\n"), new UploadChoices(Replace: true)));
        var remove = await Assert.ThrowsAsync<ImportException>(() => _db.WithAsync(sp => sp.GetRequiredService<SampleService>().RemoveAsync("R1")));

        Assert.StartsWith("Ronde 'R1' is open; de deelnemers kunnen alleen vervangen of verwijderd worden zolang de ronde in voorbereiding is.", replace.Message, StringComparison.Ordinal);
        Assert.Equal(replace.Message, remove.Message);
        Assert.Equal(1, await ParticipantCountAsync());
    }

    [Fact]
    public async Task A_closed_round_fails_the_upload_with_the_importers_message()
    {
        await _db.DbAsync(db => db.Rounds.ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RoundState.Closed)));
        var id = await UploadAsync("laat.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\n"));

        await ProcessAsync(id);

        var upload = await UploadRowAsync(id);
        Assert.Equal(UploadState.Failed, upload.State);
        Assert.Equal("Ronde 'R1' is gesloten; in een gesloten ronde kunnen geen deelnemers meer worden geïmporteerd.", upload.Message);
    }

    [Fact]
    public async Task Answers_upload_stores_phone_answers_through_the_response_importer()
    {
        await ProcessAsync(await UploadAsync("oud.csv", Csv(Header + "\nA1,a1@example.nl,WP-AMS,ja,WW\nA2,a2@example.nl,WP-AMS,ja,WW\n")));

        var id = await UploadAsync("telefoon.csv", Csv("ref,totaaloordeel\nA1,8\nA9,7\n"),
            new UploadChoices(SkipInvalid: true, Mode: ResponseMode.Telefoon), UploadKind.Answers);
        await ProcessAsync(id);

        var upload = await UploadRowAsync(id);
        Assert.Equal(UploadState.Done, upload.State);
        Assert.Equal(1, upload.RowsStored);
        Assert.Equal(1, upload.RowsSkipped);
        Assert.Equal(3, (await _db.DbAsync(db => db.UploadErrors.SingleAsync(e => e.UploadId == id))).Line);
        Assert.Equal(ResponseMode.Telefoon, await _db.DbAsync(db => db.Responses.Select(r => r.Mode).SingleAsync()));
        Assert.True(await _db.DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditAction.AnswersImported)));
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class UploadTestsOnSqlite() : UploadTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class UploadTestsOnPostgreSql() : UploadTests(DatabaseProvider.PostgreSql);
