using System.Text;
using Klantmeting.DataExport;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Retention;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Imports;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Klantmeting.Tests.Calls;

/// <summary>Round modes and the phone column of the sample file. Runs on every provider: see the subclasses below.</summary>
public abstract class RoundModeSampleTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Attributes = "vaste_contactpersoon,uitkering";
    private readonly LogCapture _logs = new();
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: provider, services: s => s.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)));
        await _db.SeedAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<Round> CreateAsync(string name, RoundModeSettings mode) =>
        _db.WithAsync(sp => sp.GetRequiredService<RoundService>().CreateAsync(name, "werkzoekenden-2009",
            new DateOnly(2009, 3, 1), new DateOnly(2009, 4, 30), null, mode));

    private static void AssertError(ImportResult result, int line, string? field, string messagePart) =>
        Assert.Contains(result.Errors, e => e.Line == line && e.Field == field && e.Message.Contains(messagePart, StringComparison.Ordinal));

    [Fact]
    public async Task A_new_round_is_web_with_the_default_call_settings_and_a_mixed_round_keeps_its_own()
    {
        var web = await _db.DbAsync(db => db.Rounds.SingleAsync(r => r.Name == "R1"));
        Assert.Equal((RoundMode.Web, 3, 6, new TimeOnly(9, 0), new TimeOnly(20, 30), false),
            (web.Mode, web.CallListAfterDays, web.MaxCallAttempts, web.CallingHoursStart, web.CallingHoursEnd, web.CallOnSaturday));

        await CreateAsync("G1", new RoundModeSettings(RoundMode.Gemengd, 5, 8, new TimeOnly(10, 0), new TimeOnly(19, 0), CallOnSaturday: true));

        var mixed = await _db.DbAsync(db => db.Rounds.AsNoTracking().SingleAsync(r => r.Name == "G1"));
        Assert.Equal((RoundMode.Gemengd, 5, 8, new TimeOnly(10, 0), new TimeOnly(19, 0), true),
            (mixed.Mode, mixed.CallListAfterDays, mixed.MaxCallAttempts, mixed.CallingHoursStart, mixed.CallingHoursEnd, mixed.CallOnSaturday));
        Assert.Equal("gemengd, bellen 5 dagen na de laatste herinnering, hoogstens 8 belpogingen, bellen 10:00-19:00 op werkdagen en zaterdag",
            RoundModeSettings.Of(mixed).Describe());
    }

    [Fact]
    public async Task Wrong_call_settings_name_their_field_and_a_mode_is_fixed_once_the_round_has_participants()
    {
        var attempts = await Assert.ThrowsAsync<RoundException>(() => CreateAsync("G1", new RoundModeSettings(RoundMode.Gemengd, MaxCallAttempts: 0)));
        Assert.Equal(RoundFields.MaxCallAttempts, attempts.Field);
        var hours = await Assert.ThrowsAsync<RoundException>(() => CreateAsync("G1", new RoundModeSettings(RoundMode.Telefoon, CallingHoursStart: new TimeOnly(21, 0))));
        Assert.Equal(RoundFields.CallingHours, hours.Field);
        Assert.Contains("het einde (20:30) moet na het begin (21:00)", hours.Message, StringComparison.Ordinal);
        Assert.False(await _db.DbAsync(db => db.Rounds.AnyAsync(r => r.Name == "G1")));

        Assert.Empty((await _db.ImportParticipantsAsync("R1", $"ref,email,werkplein,{Attributes}\nA1,a1@example.nl,WP-AMS,ja,WW\n")).Errors);
        var mode = await Assert.ThrowsAsync<RoundException>(() =>
            _db.WithAsync(sp => sp.GetRequiredService<RoundService>().SetModeAsync("R1", new RoundModeSettings(RoundMode.Telefoon))));
        Assert.Equal(RoundFields.Mode, mode.Field);
        // The call settings may still change.
        var round = await _db.WithAsync(sp => sp.GetRequiredService<RoundService>().SetModeAsync("R1", new RoundModeSettings(RoundMode.Web, MaxCallAttempts: 4)));
        Assert.Equal((RoundMode.Web, 4), (round.Mode, round.MaxCallAttempts));
    }

    [Fact]
    public async Task A_telephone_round_needs_a_phone_number_not_an_email_address_and_stores_it_in_e164_in_the_contact_table()
    {
        await CreateAsync("T1", new RoundModeSettings(RoundMode.Telefoon));

        var result = await _db.ImportParticipantsAsync("T1", string.Join("\n",
            $"ref,telefoon,werkplein,{Attributes}",
            "A1,06 12345678,WP-AMS,ja,WW",
            "A2,+31 (0)10 123 45 67,WP-RTD,nee,WWB",
            "A3,0032 2 123 45 67,WP-UTR,ja,AO") + "\n");

        Assert.Empty(result.Errors);
        var contacts = await _db.DbAsync(db => db.ParticipantContacts.OrderBy(c => c.ParticipantId).Select(c => new { c.Email, c.Phone }).ToListAsync());
        Assert.Equal(["+31612345678", "+31101234567", "+3221234567"], contacts.Select(c => c.Phone));
        Assert.All(contacts, c => Assert.Null(c.Email));
        // The phone number is contact data, never an attribute.
        Assert.DoesNotContain(await _db.DbAsync(db => db.ParticipantAttributes.Select(a => a.Name).ToListAsync()), n => n == "telefoon");
        // Each participant has an invitation (it carries the disposition), but a telephone round sends no mail.
        Assert.Equal(3, await _db.DbAsync(db => db.Invitations.CountAsync()));
        await _db.WithAsync(sp => sp.GetRequiredService<RoundService>().OpenAsync("T1"));
        Assert.False(await _db.DbAsync(db => db.Rounds.Sending().AnyAsync(r => r.Name == "T1")));
    }

    [Fact]
    public async Task Phone_errors_have_line_and_field_never_quote_the_number_and_nothing_is_stored()
    {
        await CreateAsync("T1", new RoundModeSettings(RoundMode.Telefoon));

        var result = await _db.ImportParticipantsAsync("T1", string.Join("\n",
            $"ref,email,telefoon,werkplein,{Attributes}",
            "A1,,06 12345678,WP-AMS,ja,WW",          // 2 valid, no e-mail
            "A2,a2@example.nl,,WP-AMS,ja,WW",        // 3 no phone in a telephone round
            "A3,,06 1234 567,WP-AMS,ja,WW",          // 4 nine digits
            "A4,,+0 612345678,WP-AMS,ja,WW",         // 5 country code 0
            "A5,,06 1234567x,WP-AMS,ja,WW") + "\n"); // 6 a letter

        Assert.Equal(4, result.Errors.Count);
        AssertError(result, 3, "telefoon", "telefoonnummer ontbreekt");
        AssertError(result, 4, "telefoon", "10 cijfers");
        AssertError(result, 5, "telefoon", "landnummer");
        AssertError(result, 6, "telefoon", "andere tekens");
        string[] written = ["06 1234 567", "061234567", "+0 612345678", "06 1234567x", "061234567x"];
        Assert.DoesNotContain(result.Errors, e => written.Any(w => e.Message.Contains(w, StringComparison.Ordinal)));
        Assert.Equal(0, await _db.DbAsync(db => db.Participants.CountAsync()));
    }

    [Fact]
    public async Task Web_rounds_still_need_an_email_address_and_mixed_rounds_need_the_phone_column()
    {
        await CreateAsync("G1", new RoundModeSettings(RoundMode.Gemengd));

        var web = await _db.ImportParticipantsAsync("R1", $"ref,email,telefoon,werkplein,{Attributes}\nA1,,06 12345678,WP-AMS,ja,WW\n");
        var mixed = await _db.ImportParticipantsAsync("G1", $"ref,email,werkplein,{Attributes}\nA1,a1@example.nl,WP-AMS,ja,WW\n");
        var paper = await _db.ImportParticipantsAsync("R1", $"ref,werkplein,{Attributes}\nA1,WP-AMS,ja,WW\n");

        AssertError(web, 2, "email", "e-mailadres ontbreekt");
        Assert.Single(mixed.Errors);
        AssertError(mixed, 1, "telefoon", "verplichte kolom 'telefoon' ontbreekt");
        AssertError(paper, 1, "email", "verplichte kolom 'email' ontbreekt");

        // In a mixed round a participant without a phone number is fine: only e-mailed.
        var fine = await _db.ImportParticipantsAsync("G1", $"ref,email,telefoon,werkplein,{Attributes}\nA1,a1@example.nl,,WP-AMS,ja,WW\nA2,a2@example.nl,0612345678,WP-AMS,nee,WW\n");
        Assert.Empty(fine.Errors);
        Assert.Equal([null, "+31612345678"], await _db.DbAsync(db => db.ParticipantContacts.OrderBy(c => c.ParticipantId).Select(c => c.Phone).ToListAsync()));
    }

    [Fact]
    public async Task Retention_deletes_phone_numbers_with_the_contact_rows()
    {
        await CreateAsync("T1", new RoundModeSettings(RoundMode.Telefoon));
        Assert.Empty((await _db.ImportParticipantsAsync("T1", $"ref,telefoon,werkplein,{Attributes}\nA1,0612345678,WP-AMS,ja,WW\nA2,0101234567,WP-AMS,ja,WW\n")).Errors);
        // Closed 91 days before the clock (retention keeps contact data 90 days).
        await _db.DbAsync(db => db.Rounds.Where(r => r.Name == "T1")
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RoundState.Closed).SetProperty(r => r.ClosedAt, ImportTestDatabase.Now.AddDays(-91))));

        var report = await _db.WithAsync(sp => sp.GetRequiredService<ContactDataRetention>().RunAsync(dryRun: false));

        Assert.Equal(new RetentionRoundReport("T1", 2, 0), Assert.Single(report.Rounds));
        Assert.Equal(0, await _db.DbAsync(db => db.ParticipantContacts.CountAsync(c => c.Phone != null)));
        Assert.Equal(2, await _db.DbAsync(db => db.Participants.CountAsync()));
    }

    [Fact]
    public async Task Phone_numbers_never_appear_in_results_exports_the_audit_log_or_the_logs()
    {
        await CreateAsync("T1", new RoundModeSettings(RoundMode.Telefoon));
        string[] phones = ["0612345678", "0687654321", "0101234567"];
        var sample = $"ref,telefoon,werkplein,{Attributes}\n" + string.Join("\n", phones.Select((p, i) => $"A{i + 1},{p},WP-AMS,ja,WW")) + "\n";
        Assert.Empty((await _db.ImportParticipantsAsync("T1", sample)).Errors);
        // One bad number too: its error must not quote it either.
        var bad = await _db.ImportParticipantsAsync("T1", $"ref,telefoon,werkplein,{Attributes}\nA9,06 555 444 3,WP-AMS,ja,WW\n");
        Assert.Single(bad.Errors);
        var statements = await _db.WithAsync(sp => Task.FromResult(sp.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009").Statements.Select(s => s.Id).ToList()));
        var answers = _db.WriteFile("telefoon.csv", $"ref,totaaloordeel,{string.Join(',', statements)}\nA1,8,{string.Join(',', statements.Select(_ => "4"))}\nA2,6,{string.Join(',', statements.Select(_ => "3"))}\n");
        Assert.Empty((await _db.WithAsync(sp => sp.GetRequiredService<ResponseImporter>().ImportAsync("T1", answers, ResponseMode.Telefoon))).Errors);

        var seen = new StringBuilder();
        await _db.WithAsync(async sp =>
        {
            var results = sp.GetRequiredService<ResultsService>();
            using var cells = new MemoryStream();
            await results.WriteCellsCsvAsync("T1", cells);
            using var rates = new MemoryStream();
            await results.WriteResponseRatesCsvAsync("T1", rates);
            seen.Append(Encoding.UTF8.GetString(cells.ToArray())).Append(Encoding.UTF8.GetString(rates.ToArray()));
            var files = new Dictionary<string, MemoryStream>();
            foreach (var format in Enum.GetValues<DataFormat>())
            {
                await sp.GetRequiredService<RespondentDataReader>().ExportAsync("T1", format, name => files[name + format] = new MemoryStream());
            }

            foreach (var file in files.Values)
            {
                seen.Append(Encoding.UTF8.GetString(file.ToArray()));
            }

            return 0;
        });
        seen.AppendJoin('\n', await _db.DbAsync(db => db.AuditEntries.Select(a => a.Details + " " + a.ObjectKey).ToListAsync()));
        seen.AppendJoin('\n', _logs.Lines);

        Assert.Contains("A1", seen.ToString(), StringComparison.Ordinal); // the exports did run
        foreach (var phone in phones.Append("065554443"))
        {
            foreach (var form in new[] { phone, "+31" + phone[1..], phone[1..] })
            {
                Assert.DoesNotContain(form, seen.ToString(), StringComparison.Ordinal);
            }
        }
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class RoundModeSampleTestsOnSqlite() : RoundModeSampleTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class RoundModeSampleTestsOnPostgreSql() : RoundModeSampleTests(DatabaseProvider.PostgreSql);
