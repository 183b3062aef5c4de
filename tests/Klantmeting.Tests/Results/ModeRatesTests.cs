using Klantmeting.Calls;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Results;

/// <summary>
/// AAPOR rates per mode, the worked example of docs/response-rates.md ("Per mode"): a mixed round of 20 on one
/// Werkplein, 10 of whom stayed web and 10 moved to the call list. Runs on every provider: see the subclasses.
/// </summary>
public abstract class ModeRatesTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(provider: provider);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private enum Answers { None, Complete, Partial, BreakOff }

    [Fact]
    public async Task A_mixed_round_counts_the_moved_participants_in_telefoon_with_the_documented_rates()
    {
        var round = await _host.SeedRoundAsync("Gemengd", 20);
        await using (var scope = _host.CreateScope())
        {
            var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009")!;
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            await db.Rounds.Where(r => r.Id == round.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Mode, RoundMode.Gemengd));
            var invitations = await db.Invitations.Where(i => i.RoundId == round.Id).OrderBy(i => i.ParticipantId).ToListAsync();
            var web = new (InvitationState State, Answers Answers)[]
            {
                (InvitationState.Sent, Answers.Complete), (InvitationState.Sent, Answers.Complete), (InvitationState.Sent, Answers.Complete),
                (InvitationState.Sent, Answers.Complete), (InvitationState.Sent, Answers.Complete), // I = 5
                (InvitationState.OptedOut, Answers.None), (InvitationState.OptedOut, Answers.None), // R = 2
                (InvitationState.Bounced, Answers.None), (InvitationState.Sent, Answers.None),      // UO = 2
                (InvitationState.Pending, Answers.None),                                             // UH = 1
            };
            for (var n = 0; n < web.Length; n++)
            {
                invitations[n].State = web[n].State;
                AddResponse(db, survey, invitations[n], web[n].Answers, ResponseMode.Web);
            }

            var phone = new (CallOutcome[] Attempts, Answers Answers)[]
            {
                ([CallOutcome.GeenGehoor, CallOutcome.Interview], Answers.Complete),           // I
                ([CallOutcome.Interview], Answers.Complete),                                    // I
                ([CallOutcome.Afspraak, CallOutcome.Interview], Answers.Complete),              // I = 3
                ([CallOutcome.Interview], Answers.Partial),                                     // P = 1
                ([CallOutcome.Voicemail, CallOutcome.Weigering], Answers.None),                 // R = 1 (2.11)
                ([CallOutcome.GeenGehoor, CallOutcome.InGesprek, CallOutcome.NietBereikbaar], Answers.None), // NC (2.20)
                ([CallOutcome.Afspraak, CallOutcome.GeenGehoor], Answers.None),                 // NC = 2 (2.21)
                ([CallOutcome.Taalprobleem], Answers.None),                                     // O = 1 (2.33)
                ([CallOutcome.VerkeerdNummer], Answers.None),                                   // not eligible (4.31)
                ([], Answers.None),                                                             // UH = 1: not yet called
            };
            for (var n = 0; n < phone.Length; n++)
            {
                var invitation = invitations[web.Length + n];
                invitation.State = InvitationState.Sent;
                AddResponse(db, survey, invitation, phone[n].Answers, ResponseMode.Telefoon);
                AddCase(db, invitation, phone[n].Attempts);
            }

            await db.SaveChangesAsync();
        }

        IReadOnlyList<ModeRateRow> rows;
        await using (var scope = _host.CreateScope())
        {
            rows = await scope.ServiceProvider.GetRequiredService<ResultsService>().ComputeModeRatesAsync("Gemengd");
        }

        Assert.Equal(["NL web", "NL telefoon", "WP-TST web", "WP-TST telefoon"], rows.Select(r => $"{r.Werkplein} {r.Mode.ToString().ToLowerInvariant()}"));
        var webRow = rows.Single(r => r.Werkplein == "NL" && r.Mode == RateMode.Web);
        Assert.Equal(new ModeRateRow("Gemengd", "NL", RateMode.Web, 5, 0, 2, 0, 0, 1, 2, 0), webRow);
        AssertRates(webRow, 5 / 10.0, 5 / 10.0, 5 / 7.0, 2 / 10.0, 7 / 10.0);
        var phoneRow = rows.Single(r => r.Werkplein == "NL" && r.Mode == RateMode.Telefoon);
        Assert.Equal(new ModeRateRow("Gemengd", "NL", RateMode.Telefoon, 3, 1, 1, 2, 1, 1, 0, 1), phoneRow);
        Assert.Equal(10, phoneRow.Sample);
        AssertRates(phoneRow, 3 / 9.0, 4 / 9.0, 3 / 6.0, 1 / 9.0, 6 / 9.0);
        Assert.Equal(phoneRow with { Werkplein = "WP-TST" }, rows.Single(r => r.Werkplein == "WP-TST" && r.Mode == RateMode.Telefoon));
    }

    [Fact]
    public async Task A_paper_round_counts_the_paper_responses_over_its_whole_sample()
    {
        var round = await _host.SeedRoundAsync("Papier", 6);
        await using (var scope = _host.CreateScope())
        {
            var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009")!;
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            await db.Rounds.Where(r => r.Id == round.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Mode, RoundMode.Papier));
            var invitations = await db.Invitations.Where(i => i.RoundId == round.Id).OrderBy(i => i.ParticipantId).ToListAsync();
            Answers[] answers = [Answers.Complete, Answers.Complete, Answers.Complete, Answers.Partial, Answers.BreakOff, Answers.None];
            for (var n = 0; n < answers.Length; n++)
            {
                AddResponse(db, survey, invitations[n], answers[n], ResponseMode.Papier);
            }

            await db.SaveChangesAsync();
        }

        await using var read = _host.CreateScope();
        var rows = await read.ServiceProvider.GetRequiredService<ResultsService>().ComputeModeRatesAsync("Papier");

        // I = 3, P = 1, R = 1 (under 50%), UO = 1 (not returned): RR1 3/6, RR2 4/6, COOP1 3/5, REF1 1/6, CON1 5/6.
        Assert.Equal(["NL", "WP-TST"], rows.Select(r => r.Werkplein));
        Assert.Equal(new ModeRateRow("Papier", "NL", RateMode.Papier, 3, 1, 1, 0, 0, 0, 1, 0), rows[0]);
        AssertRates(rows[0], 3 / 6.0, 4 / 6.0, 3 / 5.0, 1 / 6.0, 5 / 6.0);
    }

    [Fact]
    public void In_a_telephone_round_a_participant_not_yet_on_the_call_list_is_unknown_and_an_interview_without_answers_a_break_off()
    {
        var notListed = new ModeDispositions.Facts(InvitationState.Pending, null, null, OnCallList: false, LastOutcome: null, HadAppointment: false);
        Assert.Equal((RateMode.Telefoon, ModeDispositions.Letter.UH), ModeDispositions.Classify(RoundMode.Telefoon, notListed, 15));
        var noAnswers = notListed with { OnCallList = true, LastOutcome = CallOutcome.Interview };
        Assert.Equal((RateMode.Telefoon, ModeDispositions.Letter.R), ModeDispositions.Classify(RoundMode.Telefoon, noAnswers, 15));
        var webPartialThenMoved = new ModeDispositions.Facts(InvitationState.Sent, 9, ResponseMode.Web, true, CallOutcome.Voicemail, false);
        Assert.Equal((RateMode.Telefoon, ModeDispositions.Letter.NC), ModeDispositions.Classify(RoundMode.Gemengd, webPartialThenMoved, 15));
    }

    private static void AssertRates(ModeRateRow row, double rr1, double rr2, double coop1, double ref1, double con1)
    {
        Assert.Equal(rr1, row.Rr1!.Value, 10);
        Assert.Equal(rr2, row.Rr2!.Value, 10);
        Assert.Equal(coop1, row.Coop1!.Value, 10);
        Assert.Equal(ref1, row.Ref1!.Value, 10);
        Assert.Equal(con1, row.Con1!.Value, 10);
    }

    /// <summary>Complete: every statement and the grade; partial: half of the items (50-80%), grade included; break-off: one statement and the grade.</summary>
    private static void AddResponse(KlantmetingDbContext db, SurveyDefinition survey, Invitation invitation, Answers answers, ResponseMode mode)
    {
        if (answers == Answers.None)
        {
            return;
        }

        var applicable = Dispositions.ApplicableItems(survey);
        var statements = survey.Statements.Take(answers switch { Answers.Complete => applicable - 1, Answers.Partial => (applicable + 1) / 2 - 1, _ => 1 }).ToList();
        var at = new DateTime(2009, 9, 20, 10, 0, 0, DateTimeKind.Utc);
        var response = new Response { InvitationId = invitation.Id, RoundId = invitation.RoundId, StartedAt = at, UpdatedAt = at, Grade = 8, Mode = mode,
            CompletedAt = answers == Answers.Complete ? at : null };
        response.Answers.AddRange(statements.Select(s => new Answer { ItemId = s.Id, Value = 4 }));
        response.Scores.AddRange(ResponseScore.Summarize(0, response.Answers.Select(a => (a.ItemId, a.Value))));
        db.Responses.Add(response);
    }

    private static void AddCase(KlantmetingDbContext db, Invitation invitation, CallOutcome[] attempts)
    {
        var at = new DateTime(2009, 9, 21, 8, 0, 0, DateTimeKind.Utc);
        var done = attempts.Length > 0 && (CallDispositions.IsDecisive(attempts[^1]) || attempts[^1] == CallOutcome.NietBereikbaar);
        var call = new CallCase { RoundId = invitation.RoundId, ParticipantId = invitation.ParticipantId, CreatedAt = at, NextCallAt = at,
            State = done ? CallCaseState.Done : CallCaseState.Waiting, Attempts = attempts.Length, LastOutcome = attempts.Length == 0 ? null : attempts[^1] };
        db.CallCases.Add(call);
        db.SaveChanges();
        db.CallAttempts.AddRange(attempts.Select((o, n) => new CallAttempt { CallCaseId = call.Id, RoundId = invitation.RoundId, InterviewerId = "anna",
            StartedAt = at.AddHours(n), EndedAt = at.AddHours(n).AddMinutes(2), Outcome = o, DayPart = DayPart.Ochtend }));
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class ModeRatesTestsOnSqlite() : ModeRatesTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class ModeRatesTestsOnPostgreSql() : ModeRatesTests(DatabaseProvider.PostgreSql);
