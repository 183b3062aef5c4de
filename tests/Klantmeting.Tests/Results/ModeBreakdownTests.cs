using System.Globalization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Paper;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Results;

/// <summary>
/// The mode breakdown (<c>wijze</c>) of a mixed round with web, telephone and paper responses, each stored by its own
/// writer (the answering steps, the import of interviews, the paper entry): the cells equal the hand-computed means,
/// a mode with fewer respondents than the minimum cell size is suppressed, the export has the lines, the response
/// rates do not. Runs on every provider: see the subclasses.
/// </summary>
public abstract class ModeBreakdownTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Results:MinimumCellSize"] = "2" }, provider: provider);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Web_telephone_and_paper_responses_get_their_own_cells_with_suppression()
    {
        var round = await _host.SeedRoundAsync("Gemengd", 6);
        await _host.WithDbAsync(db => db.Rounds.Where(r => r.Id == round.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Mode, RoundMode.Gemengd)));
        await using (var scope = _host.CreateScope())
        {
            var sp = scope.ServiceProvider;
            var survey = sp.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
            var invitations = await sp.GetRequiredService<KlantmetingDbContext>().Invitations.Where(i => i.RoundId == round.Id)
                .OrderBy(i => i.ParticipantId).Select(i => i.Id).ToListAsync();

            // Web: grades 6 and 8, every statement 4 (principle score 7.75).
            await AnswerOnTheWebAsync(sp, invitations[0], survey, grade: 6, value: 4);
            await AnswerOnTheWebAsync(sp, invitations[1], survey, grade: 8, value: 4);

            // Telephone (import): grades 9 and 7, every statement 2 (3.25).
            var statements = survey.Statements.Select(s => s.Id).ToList();
            var csv = Path.Combine(_host.Directory, "telefoon.csv");
            await File.WriteAllLinesAsync(csv, [
                string.Join(",", ["ref", "totaaloordeel", .. statements]),
                string.Join(",", ["Gemengd-3", "9", .. statements.Select(_ => "2")]),
                string.Join(",", ["Gemengd-4", "7", .. statements.Select(_ => "2")]),
            ]);
            var import = await sp.GetRequiredService<ResponseImporter>().ImportAsync("Gemengd", csv, ResponseMode.Telefoon);
            Assert.Equal(2, import.RowsStored);

            // Paper (entered by code): grade 5, every statement 5 (10). One respondent: below the minimum of 2.
            var paper = sp.GetRequiredService<PaperService>();
            var paperRound = (await paper.FindRoundAsync("Gemengd"))!;
            var sheet = (await paper.PrintAsync(paperRound, null, "Gemengd-5")).Single();
            var entered = await paper.EnterAsync(paperRound, sheet.Code,
                new PaperInput(statements.ToDictionary(s => s, _ => (string?)"5"), "5", null));
            Assert.True(entered.Saved, entered.CodeError);
        }

        await using var read = _host.CreateScope();
        var results = read.ServiceProvider.GetRequiredService<ResultsService>();
        var cells = await results.ComputeCellsAsync("Gemengd");
        var principle = read.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009").Principles[0].Id;
        foreach (var werkplein in new[] { ResultKeys.National, "WP-TST" })
        {
            ResultCell Cell(string breakdown, string group, string measure) =>
                cells.Single(c => c.Werkplein == werkplein && c.Breakdown == breakdown && c.Group == group && c.Measure == measure);
            Assert.Equal((5, 7.0), (Cell(ResultKeys.Total, ResultKeys.Total, SurveyDefinition.GradeItemId).N!.Value, Cell(ResultKeys.Total, ResultKeys.Total, SurveyDefinition.GradeItemId).Mean!.Value));
            Assert.Equal((2, 7.0), (Cell(ResultKeys.Mode, "web", SurveyDefinition.GradeItemId).N!.Value, Cell(ResultKeys.Mode, "web", SurveyDefinition.GradeItemId).Mean!.Value));
            Assert.Equal((2, 8.0), (Cell(ResultKeys.Mode, "telefoon", SurveyDefinition.GradeItemId).N!.Value, Cell(ResultKeys.Mode, "telefoon", SurveyDefinition.GradeItemId).Mean!.Value));
            Assert.Equal(7.75, Cell(ResultKeys.Mode, "web", principle).Mean!.Value, 10);
            Assert.Equal(3.25, Cell(ResultKeys.Mode, "telefoon", principle).Mean!.Value, 10);
            Assert.Equal((2 * 7.75 + 2 * 3.25 + 10) / 5, Cell(ResultKeys.Total, ResultKeys.Total, principle).Mean!.Value, 10);
            var paperCell = Cell(ResultKeys.Mode, "papier", SurveyDefinition.GradeItemId);
            Assert.True(paperCell.Suppressed);
            Assert.Null(paperCell.Mean);
            Assert.Null(paperCell.N);
        }

        // The export has the mode lines (in layout order, after the attributes); the response rates do not.
        using var export = new MemoryStream();
        await results.WriteCellsCsvAsync("Gemengd", export);
        var lines = System.Text.Encoding.UTF8.GetString(export.ToArray()).Split('\n');
        Assert.Contains(lines, l => l.StartsWith("Gemengd,NL,wijze,web,totaaloordeel,2,7", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Gemengd,NL,wijze,papier,totaaloordeel,,", StringComparison.Ordinal) && l.TrimEnd('\r').EndsWith(",true", StringComparison.Ordinal));
        Assert.DoesNotContain(await results.ComputeResponseRatesAsync("Gemengd"), r => r.Breakdown == ResultKeys.Mode);

        // Closing freezes the cells with the mode lines; the frozen figures are the same.
        await read.ServiceProvider.GetRequiredService<RoundService>().CloseAsync("Gemengd");
        Assert.Equal(1, await _host.WithDbAsync(db => db.RoundResultSnapshots.CountAsync()));
        await using var after = _host.CreateScope();
        var frozen = await after.ServiceProvider.GetRequiredService<ResultsService>().ComputeCellsAsync("Gemengd");
        Assert.Equal(cells.Where(c => c.Breakdown == ResultKeys.Mode), frozen.Where(c => c.Breakdown == ResultKeys.Mode));
    }

    /// <summary>Answers every step through the personal link (the respondent's writer) and submits.</summary>
    private static async Task AnswerOnTheWebAsync(IServiceProvider sp, long invitationId, SurveyDefinition survey, int grade, int value)
    {
        var db = sp.GetRequiredService<KlantmetingDbContext>();
        var token = InvitationToken.Generate();
        db.InvitationTokens.Add(new IssuedToken { Hash = InvitationToken.Hash(token), InvitationId = invitationId, Purpose = TokenPurpose.Answer, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var responses = sp.GetRequiredService<ResponseService>();
        var session = (await responses.FindAsync(token))!;
        var steps = session.Steps;
        foreach (var p in survey.Principles)
        {
            var step = steps.StepOf(p);
            var input = new StepInput(p.Statements.ToDictionary(s => s.Id, _ => (string?)value.ToString(CultureInfo.InvariantCulture)));
            Assert.Equal(StepOutcomeKind.Saved, (await responses.SaveStepAsync(session, step, step + 1, input)).Kind);
            session = (await responses.FindAsync(token))!;
        }

        var gradeInput = new StepInput(new Dictionary<string, string?>(), grade.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(StepOutcomeKind.Saved, (await responses.SaveStepAsync(session, steps.Grade, steps.Check, gradeInput)).Kind);
        session = (await responses.FindAsync(token))!;
        Assert.Equal(StepOutcomeKind.Completed, (await responses.CompleteAsync(session)).Kind);
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class ModeBreakdownTestsOnSqlite() : ModeBreakdownTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class ModeBreakdownTestsOnPostgreSql() : ModeBreakdownTests(DatabaseProvider.PostgreSql);
