using Klantmeting.Comparison;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Tests.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Results;

/// <summary>
/// Employer rounds on werkgevers-2010 split by sector, size and kind of contact, with the same small-group rule as the
/// job-seeker breakdowns. Runs on every provider: see the subclasses below.
/// </summary>
public abstract class EmployerBreakdownTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: provider);
        await _db.SeedAsync("W1", "werkgevers-2010");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Sector_size_and_contact_are_breakdowns_with_the_small_group_rule()
    {
        // 12 employers in construction (F), 3 in health care (Q), 1 without a sector; sizes and contacts spread.
        var people = Enumerable.Range(1, 12).Select(i => (Ref: $"F{i}", Sector: "F", Size: i <= 10 ? "10-49" : "250+", Contact: "vacature", Grade: 6 + i % 3))
            .Concat(Enumerable.Range(1, 3).Select(i => (Ref: $"Q{i}", Sector: "q", Size: "1-9", Contact: "subsidie", Grade: 9)))
            .Append((Ref: "X1", Sector: "", Size: "", Contact: "", Grade: 5))
            .ToList();
        var participants = await _db.ImportParticipantsAsync("W1", "ref,email,werkplein,sector,grootte,soort_contact\n" +
            string.Concat(people.Select(p => $"{p.Ref},{p.Ref.ToLowerInvariant()}@example.nl,WP-AMS,{p.Sector},{p.Size},{p.Contact}\n")));
        Assert.Empty(participants.Errors);
        // Every statement answered (3) and the grade: complete responses, so every one counts as a respondent.
        var statements = await _db.WithAsync(sp => Task.FromResult(sp.GetRequiredService<ISurveyCatalog>().Get("werkgevers-2010").Statements));
        var csv = "ref,totaaloordeel," + string.Join(",", statements.Select(s => s.Id)) + "\n" +
            string.Concat(people.Select(p => $"{p.Ref},{p.Grade}," + string.Join(",", statements.Select(_ => "3")) + "\n"));
        var answers = await _db.WithAsync(sp => sp.GetRequiredService<ResponseImporter>().ImportAsync("W1",
            _db.WriteFile("answers.csv", csv), ResponseMode.Papier));
        Assert.Empty(answers.Errors);

        var cells = await _db.WithAsync(sp => sp.GetRequiredService<ResultsService>().ComputeCellsAsync("W1"));
        ResultCell Grade(string breakdown, string group) =>
            cells.Single(c => c.Werkplein == ResultKeys.National && c.Breakdown == breakdown && c.Group == group && c.Measure == SurveyDefinition.GradeItemId);

        // Construction: 12 employers, grades 6 + i % 3 for i = 1..12: four each of 7, 8 and 6 -> mean 7.
        Assert.Equal(12, Grade("sector", "F").N);
        Assert.Equal(7.0, Grade("sector", "F").Mean!.Value, 10);
        // Health care: 3 employers (the value matched without case) and 1 without a sector: below the minimum cell size of
        // 10, so suppressed and without figures.
        Assert.True(Grade("sector", "Q").Suppressed);
        Assert.Null(Grade("sector", "Q").N);
        Assert.True(Grade("sector", "onbekend").Suppressed);
        Assert.False(Grade("sector", "F").Suppressed);
        Assert.Equal(10, Grade("grootte", "10-49").N);
        Assert.Equal(12, Grade("soort_contact", "vacature").N);
        Assert.Equal(16, Grade(ResultKeys.Total, ResultKeys.Total).N);

        // The Werkplein's figures name the groups by their labels in the questionnaire.
        var figures = await _db.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<KlantmetingDbContext>();
            var werkplein = await db.Werkpleinen.SingleAsync(w => w.Code == "WP-AMS");
            var round = await db.Rounds.SingleAsync(r => r.Name == "W1");
            return await sp.GetRequiredService<WerkpleinReports>().BuildAsync(werkplein, round, CancellationToken.None);
        });
        var sector = figures!.Breakdowns.Single(b => b.AttributeId == "sector");
        Assert.Equal("Bouw", sector.Rows.Single(r => r.Group == "F").Text);
        Assert.Equal("Gezondheids- en welzijnszorg", sector.Rows.Single(r => r.Group == "Q").Text);
        Assert.Equal("250 werknemers of meer", figures.Breakdowns.Single(b => b.AttributeId == "grootte").Rows.Single(r => r.Group == "250+").Text);
    }

    [Fact]
    public async Task A_sector_outside_the_list_is_refused_with_its_line_and_the_allowed_values()
    {
        var result = await _db.ImportParticipantsAsync("W1", "ref,email,werkplein,sector\nE1,e1@example.nl,WP-AMS,Z\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal("sector", error.Field);
        Assert.Contains("'Z' is geen toegestane waarde; kies uit: A, B, C", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class EmployerBreakdownTestsOnSqlite() : EmployerBreakdownTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class EmployerBreakdownTestsOnPostgreSql() : EmployerBreakdownTests(DatabaseProvider.PostgreSql);
