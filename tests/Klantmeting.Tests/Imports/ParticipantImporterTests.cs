using Klantmeting.Infrastructure.Data;
using System.Text;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Invitations;
using Klantmeting.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Imports;

/// <summary>Runs on every provider: see the subclasses below.</summary>
public abstract class ParticipantImporterTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Header = "ref,email,werkplein,vaste_contactpersoon,uitkering,dagen_tot_eerste_betaling";
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: provider);
        await _db.SeedAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static void AssertError(ImportResult result, int line, string? field, string messagePart)
    {
        Assert.Contains(result.Errors, e => e.Line == line && e.Field == field && e.Message.Contains(messagePart, StringComparison.Ordinal));
    }

    private Task<int> ParticipantCountAsync() => _db.DbAsync(db => db.Participants.CountAsync());

    [Fact]
    public async Task Valid_file_stores_participants_contacts_attributes_and_one_pending_invitation_each()
    {
        var result = await _db.ImportParticipantsAsync("R1", Header + "\nA1,Jan@Example.NL ,WP-AMS,JA,ww,12\nA2,piet@example.nl,wp-rtd,nee,WWB,\n");

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.RowsStored);
        var contacts = await _db.DbAsync(db => db.ParticipantContacts.OrderBy(c => c.ParticipantId).Select(c => c.Email).ToListAsync());
        Assert.Equal(["jan@example.nl", "piet@example.nl"], contacts);
        var attributes = await _db.DbAsync(db => db.ParticipantAttributes.OrderBy(a => a.ParticipantId).ThenBy(a => a.Name)
            .Select(a => a.Name + "=" + a.Value).ToListAsync());
        // Choice values in their canonical case; an empty optional integer is not stored.
        Assert.Equal(["dagen_tot_eerste_betaling=12", "uitkering=WW", "vaste_contactpersoon=ja", "uitkering=WWB", "vaste_contactpersoon=nee"], attributes);
        var invitations = await _db.DbAsync(db => db.Invitations.ToListAsync());
        Assert.Equal(2, invitations.Count);
        Assert.All(invitations, i =>
        {
            Assert.Equal(InvitationState.Pending, i.State);
            Assert.Equal(ImportTestDatabase.Now, i.NextAttemptAt);
            Assert.Null(i.NextReminderAt);
        });
        var round = await _db.DbAsync(db => db.Rounds.SingleAsync());
        Assert.All(invitations, i => Assert.Equal(round.Id, i.RoundId));
        var werkplein = await _db.DbAsync(db => db.Participants.Where(p => p.Ref == "A2").Select(p => p.WerkpleinId).SingleAsync());
        Assert.Equal(await _db.DbAsync(db => db.Werkpleinen.Where(w => w.Code == "WP-RTD").Select(w => w.Id).SingleAsync()), werkplein);
    }

    [Fact]
    public async Task Missing_required_columns_are_reported_once_on_line_1_and_nothing_is_stored()
    {
        var result = await _db.ImportParticipantsAsync("R1", "ref,werkplein,vaste_contactpersoon\nA1,WP-AMS,ja\nA2,WP-AMS,ja\n");

        Assert.Equal(2, result.Errors.Count);
        AssertError(result, 1, "email", "verplichte kolom 'email' ontbreekt");
        AssertError(result, 1, "uitkering", "verplichte kolom 'uitkering'");
        Assert.Equal(0, await ParticipantCountAsync());
    }

    [Fact]
    public async Task Every_row_error_is_reported_with_line_and_field_and_nothing_is_stored()
    {
        var csv = string.Join("\n",
            Header,
            "A1,ok1@example.nl,WP-AMS,ja,WW,1",           // 2 valid
            "A2,jan@@x,WP-AMS,ja,WW,1",                   // 3 e-mail syntax
            ",leeg@example.nl,WP-AMS,ja,WW,1",            // 4 empty ref
            "111222333,bsn@example.nl,WP-AMS,ja,WW,1",    // 5 BSN-like ref
            "A5,five@example.nl,WP-XXX,ja,WW,1",          // 6 unknown Werkplein
            "A6,six@example.nl,WP-AMS,misschien,WW,1",    // 7 choice not allowed
            "A7,seven@example.nl,WP-AMS,ja,WW,12.5",      // 8 not a whole number
            "A8,eight@example.nl,WP-AMS,ja,WW,4000",      // 9 out of range
            "A9,nine@example.nl,WP-AMS,ja,,1",            // 10 required attribute empty
            "A1,ten@example.nl,WP-AMS,ja,WW,1",           // 11 duplicate ref
            "A11,OK1@Example.nl,WP-AMS,ja,WW,1",          // 12 duplicate e-mail (case-insensitive)
            "A12,twelve@example.nl,WP-AMS,ja",            // 13 wrong field count
            "A13,Jan <jan@example.nl>,WP-AMS,ja,WW,1",    // 14 display name
            "A14,jan@localhost,WP-AMS,ja,WW,1",           // 15 no dot in domain
            "A15,,WP-AMS,ja,WW,1",                        // 16 e-mail missing
            "A16,sixteen@example.nl,,ja,WW,1") + "\n";    // 17 Werkplein missing

        var result = await _db.ImportParticipantsAsync("R1", csv);

        AssertError(result, 3, "email", "'jan@@x' is geen geldig e-mailadres");
        Assert.Equal("regel 3, veld email: 'jan@@x' is geen geldig e-mailadres", result.Errors.First(e => e.Line == 3).ToString());
        AssertError(result, 4, "ref", "ref is leeg");
        AssertError(result, 5, "ref", "BSN");
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("111222333", StringComparison.Ordinal));
        AssertError(result, 6, "werkplein", "onbekende Werkplein-code 'WP-XXX'");
        AssertError(result, 7, "vaste_contactpersoon", "'misschien' is geen toegestane waarde; kies uit: ja, nee");
        AssertError(result, 8, "dagen_tot_eerste_betaling", "'12.5' is geen geheel getal");
        AssertError(result, 9, "dagen_tot_eerste_betaling", "4000 ligt niet tussen 0 en 3650");
        AssertError(result, 10, "uitkering", "is verplicht");
        AssertError(result, 11, "ref", "ref 'A1' komt al voor op regel 2");
        AssertError(result, 12, "email", "komt al voor op regel 2");
        AssertError(result, 13, null, "4 velden in plaats van 6");
        AssertError(result, 14, "email", "geen geldig e-mailadres");
        AssertError(result, 15, "email", "'jan@localhost' is geen geldig e-mailadres");
        AssertError(result, 16, "email", "e-mailadres ontbreekt");
        AssertError(result, 17, "werkplein", "Werkplein-code ontbreekt");
        Assert.Equal(15, result.Errors.Count);
        Assert.Equal(0, result.RowsStored);
        Assert.Equal(16, result.RowsRead);
        Assert.Equal(0, await ParticipantCountAsync());
        Assert.Equal(0, await _db.DbAsync(db => db.Invitations.CountAsync()));
    }

    [Fact]
    public async Task Skip_invalid_stores_only_the_valid_rows_and_lists_the_invalid_ones()
    {
        var csv = Header + "\nA1,a1@example.nl,WP-AMS,ja,WW,\nA2,bad,WP-AMS,ja,WW,\nA3,a3@example.nl,WP-AMS,ja,WW,\nA1,x@example.nl,WP-AMS,ja,WW,\n";

        var result = await _db.ImportParticipantsAsync("R1", csv, skipInvalid: true);

        Assert.Equal(2, result.RowsStored);
        Assert.Equal(2, result.RowsSkipped);
        AssertError(result, 3, "email", "'bad' is geen geldig e-mailadres");
        AssertError(result, 5, "ref", "komt al voor op regel 2");
        var refs = await _db.DbAsync(db => db.Participants.OrderBy(p => p.Ref).Select(p => p.Ref).ToListAsync());
        Assert.Equal(["A1", "A3"], refs);
        Assert.Equal(2, await _db.DbAsync(db => db.Invitations.CountAsync()));
        Assert.Equal("a1@example.nl", await _db.DbAsync(db => db.ParticipantContacts.OrderBy(c => c.ParticipantId).Select(c => c.Email).FirstAsync()));
    }

    [Fact]
    public async Task Duplicates_against_an_earlier_import_in_the_same_round_are_errors()
    {
        Assert.Empty((await _db.ImportParticipantsAsync("R1", Header + "\nA1,a1@example.nl,WP-AMS,ja,WW,\n")).Errors);

        var result = await _db.ImportParticipantsAsync("R1", Header + "\nA2,A1@example.nl,WP-AMS,ja,WW,\nA1,new@example.nl,WP-AMS,ja,WW,\nA3,a3@example.nl,WP-AMS,ja,WW,\n");

        AssertError(result, 2, "email", "zit al in ronde 'R1'");
        AssertError(result, 3, "ref", "ref 'A1' zit al in ronde 'R1'");
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(1, await ParticipantCountAsync());
    }

    [Fact]
    public async Task A_second_import_continues_the_participant_ids()
    {
        await _db.ImportParticipantsAsync("R1", Header + "\nA1,a1@example.nl,WP-AMS,ja,WW,\n");
        var result = await _db.ImportParticipantsAsync("R1", Header + "\nA2,a2@example.nl,WP-AMS,ja,WW,\n");

        Assert.Equal(1, result.RowsStored);
        Assert.Equal([1L, 2L], await _db.DbAsync(db => db.ParticipantContacts.OrderBy(c => c.ParticipantId).Select(c => c.ParticipantId).ToListAsync()));
    }

    [Fact]
    public async Task Closed_round_is_rejected()
    {
        await _db.WithAsync(async sp =>
        {
            var rounds = sp.GetRequiredService<RoundService>();
            await rounds.OpenAsync("R1");
            return await rounds.CloseAsync("R1");
        });

        var e = await Assert.ThrowsAsync<ImportException>(() => _db.ImportParticipantsAsync("R1", Header + "\nA1,a1@example.nl,WP-AMS,ja,WW,\n"));

        Assert.Contains("gesloten", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ParticipantCountAsync());
    }

    [Fact]
    public async Task Unknown_round_is_rejected()
    {
        var e = await Assert.ThrowsAsync<ImportException>(() => _db.ImportParticipantsAsync("R9", Header + "\n"));
        Assert.Contains("'R9'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Semicolon_separated_windows_1252_file_with_free_column_and_CRLF_is_read()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = "Ref ; EMAIL;Werkplein;Vaste_Contactpersoon;uitkering;Dagen_tot_eerste_betaling;Klantmanager\r\n" +
                  "A1;zoe@example.nl;WP-AMS;ja;WW;3;Café Zoë\r\n";

        var result = await _db.ImportParticipantsAsync("R1", csv, encoding: Encoding.GetEncoding(1252));

        Assert.Empty(result.Errors);
        var free = await _db.DbAsync(db => db.ParticipantAttributes.SingleAsync(a => a.Name == "klantmanager"));
        Assert.Equal("Café Zoë", free.Value);
    }

    [Fact]
    public async Task Utf8_file_with_BOM_and_quoted_fields_with_separators_and_line_breaks_is_read()
    {
        var csv = "ref;email;werkplein;vaste_contactpersoon;uitkering;dagen_tot_eerste_betaling;opmerking\r\n" +
                  "A1;a1@example.nl;WP-AMS;ja;WW;;\"eerste; tweede, derde\"\r\n" +
                  "A2;a2@example.nl;WP-AMS;ja;WW;;\"over twee\r\nregels met \"\"aanhalingstekens\"\"\"\r\n" +
                  "A3;bad;WP-AMS;ja;WW;;Zoë\r\n";

        var result = await _db.ImportParticipantsAsync("R1", csv, encoding: new UTF8Encoding(true));

        // The record of A2 spans lines 3 and 4, so A3 is on physical line 5.
        Assert.Single(result.Errors);
        AssertError(result, 5, "email", "'bad' is geen geldig e-mailadres");
        var ok = await _db.ImportParticipantsAsync("R1", csv.Replace(";bad;", ";a3@example.nl;", StringComparison.Ordinal), encoding: new UTF8Encoding(true));
        Assert.Empty(ok.Errors);
        var values = await _db.DbAsync(db => db.ParticipantAttributes.Where(a => a.Name == "opmerking").OrderBy(a => a.ParticipantId).Select(a => a.Value).ToListAsync());
        Assert.Equal(["eerste; tweede, derde", "over twee\r\nregels met \"aanhalingstekens\"", "Zoë"], values);
    }

    [Fact]
    public async Task Progress_is_reported_for_both_passes()
    {
        var rows = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 12_000; i++)
        {
            rows.Append($"R{i},p{i}@example.nl,WP-UTR,nee,geen,{i % 100}\n");
        }

        var reports = new List<ImportProgress>();
        var result = await _db.ImportParticipantsAsync("R1", rows.ToString(), progress: new SyncProgress(reports.Add));

        Assert.Equal(12_000, result.RowsStored);
        Assert.Contains(reports, r => r is { Phase: ImportPhase.Validate, RowsRead: 5_000 });
        Assert.Contains(reports, r => r is { Phase: ImportPhase.Write, RowsRead: 10_000 });
        Assert.Equal(ImportPhase.Done, reports[^1].Phase);
        Assert.Equal(12_000, await _db.DbAsync(db => db.Invitations.CountAsync()));
    }

    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

public sealed class SurveyWithoutAttributesTests
{
    [Fact]
    public async Task Survey_without_attributes_needs_only_the_base_columns_and_keeps_extra_columns()
    {
        // The shipped employer questionnaire expects no attributes.
        var surveys = Path.Combine(AppContext.BaseDirectory, "surveys");
        await using var db = await ImportTestDatabase.CreateAsync(surveys);
        await db.SeedAsync("W1", "werkgevers-2009");

        var result = await db.ImportParticipantsAsync("W1", "ref,email,werkplein,Sector\nB1,hr@bedrijf.nl,WP-UTR,Zorg\n");

        Assert.Empty(result.Errors);
        Assert.Equal("sector=Zorg", await db.DbAsync(d => d.ParticipantAttributes.Select(a => a.Name + "=" + a.Value).SingleAsync()));
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class ParticipantImporterTestsOnSqlite() : ParticipantImporterTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class ParticipantImporterTestsOnPostgreSql() : ParticipantImporterTests(DatabaseProvider.PostgreSql);
