using Klantmeting.Audit;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;

namespace Klantmeting.Demo;

/// <summary>
/// Fills an empty embedded database with a demo: four Werkpleinen, three closed rounds of the past year (job seekers
/// twice, employers once) with several hundred web responses per Werkplein, and an open round <c>demo</c> in
/// fieldwork. The rounds are created, opened and closed through <see cref="RoundService"/> on a clock set to their
/// dates, so the audit log has a history and the closed rounds' results are frozen by the real closing steps.
/// </summary>
public sealed partial class DemoSeeder(KlantmetingDbContext db, TimeProvider clock, UserService users, ISurveyCatalog surveys,
    IEnumerable<IRoundClosingStep> closingSteps, ILogger<DemoSeeder> logger)
{
    /// <summary>Name of the open demo round.</summary>
    public const string RoundName = "demo";

    /// <summary>Participants of the open round whose invitation is still to be sent (mailed to the outbox at start).</summary>
    public const int ParticipantCount = 50;

    /// <summary>Demo account with the role beheerder.</summary>
    public const string BeheerderEmail = "beheerder@demo.example";

    /// <summary>Demo account with the role werkplein, bound to WP-AMS.</summary>
    public const string WerkpleinEmail = "werkplein@demo.example";

    /// <summary>Who the demo's audit entries name.</summary>
    public const string Actor = "demo";

    private static readonly int[] _reminderDays = [7, 14];

    // Sample size, response propensity and satisfaction differ per Werkplein, so breakdowns and tests show something.
    private static readonly (string Code, string Name, string Region, int Sample, double ResponseRate, double Satisfaction)[] _werkpleinen =
    [
        ("WP-AMS", "Amsterdam Noord", "Groot-Amsterdam", 800, 0.50, -0.3),
        ("WP-UTR", "Utrecht Overvecht", "Midden-Utrecht", 700, 0.54, 0.05),
        ("WP-GRO", "Groningen", "Groningen", 640, 0.60, 0.35),
        ("WP-MST", "Maastricht", "Zuid-Limburg", 600, 0.56, -0.05),
    ];

    /// <summary>The closed rounds: audience, questionnaire, months before today, sample factor, satisfaction shift, seed.</summary>
    private static readonly (string Audience, string Questionnaire, int MonthsAgo, double SampleFactor, double Shift, int Seed)[] _pastRounds =
    [
        ("Werkzoekenden", "werkzoekenden-2007", 13, 1.0, -0.25, 2007),
        ("Werkzoekenden", "werkzoekenden-2009", 7, 1.0, 0.0, 2009),
        ("Werkgevers", "werkgevers-2009", 5, 1.0, 0.15, 3009),
    ];

    /// <summary>Seeds when the database has no rounds and no Werkpleinen yet; returns true when it did.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await db.Rounds.AnyAsync(ct) || await db.Werkpleinen.AnyAsync(ct))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(RoundCalendar.ToDutch(now));
        var demoClock = new DemoClock(now);
        var audit = new AuditLog(db, demoClock, new FixedAuditActor(Actor));
        var rounds = new RoundService(db, surveys, demoClock, closingSteps, audit);

        var first = FirstOfMonth(today.AddMonths(-_pastRounds[0].MonthsAgo));
        demoClock.Now = At(first.AddDays(-30), 9);
        var werkpleinen = _werkpleinen.Select(w => new Werkplein { Code = w.Code, Name = w.Name, Region = w.Region }).ToList();
        db.Werkpleinen.AddRange(werkpleinen);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditAction.WerkpleinChanged, AuditObject.Werkplein, string.Join(",", werkpleinen.Select(w => w.Code)), null,
            $"{werkpleinen.Count} Werkpleinen toegevoegd", ct);

        var participants = 0;
        var answered = 0;
        foreach (var (past, index) in _pastRounds.Select((p, i) => (p, i)))
        {
            var written = await SeedClosedRoundAsync(rounds, audit, demoClock, past, index, werkpleinen, today, ct);
            participants += written.Participants;
            answered += written.Responses;
        }

        var open = await SeedOpenRoundAsync(rounds, audit, demoClock, werkpleinen, today, now, ct);
        participants += open.Participants;
        answered += open.Responses;
        await DatabaseStatistics.RefreshAsync(db, [typeof(Participant), typeof(ParticipantContact), typeof(ParticipantAttribute),
            typeof(Invitation), typeof(Response), typeof(Answer), typeof(ResponseScore)], ct);
        LogSeeded(_pastRounds.Length, participants, answered);

        // Two accounts to sign in with; their generated passwords are shown once, here, in the console.
        if (!await db.Users.AnyAsync(ct))
        {
            var (_, beheerder) = await users.CreateAsync(BeheerderEmail, Roles.Beheerder, [], mustChangePassword: false, ct: ct);
            var (_, werkplein) = await users.CreateAsync(WerkpleinEmail, Roles.Werkplein, ["WP-AMS"], mustChangePassword: false, ct: ct);
            LogAccount(BeheerderEmail, Roles.Beheerder, beheerder!);
            LogAccount(WerkpleinEmail, Roles.Werkplein + " (WP-AMS)", werkplein!);
        }

        return true;
    }

    /// <summary>A past round as the AKO ran it: created, sample uploaded, opened, six weeks of fieldwork, closed, exported.</summary>
    private async Task<DemoRoundWriter.Written> SeedClosedRoundAsync(RoundService rounds, AuditLog audit, DemoClock demoClock,
        (string Audience, string Questionnaire, int MonthsAgo, double SampleFactor, double Shift, int Seed) past, int index,
        IReadOnlyList<Werkplein> werkpleinen, DateOnly today, CancellationToken ct)
    {
        var start = FirstOfMonth(today.AddMonths(-past.MonthsAgo));
        var end = start.AddDays(41);
        var name = $"{past.Audience} T{(start.Month + 2) / 3} {start.Year}";
        demoClock.Now = At(start.AddDays(-21), 10);
        // The first draft had a shorter fieldwork; extending it later gives the log an edit, as in real life.
        var round = await rounds.CreateAsync(name, past.Questionnaire, start, end.AddDays(-14), "7,14", ct);
        demoClock.Now = At(start.AddDays(-14), 11);
        var written = await WriteRoundAsync(round, past.Questionnaire, $"{(past.Audience == "Werkgevers" ? "WG" : "WZ")}{index + 1}",
            At(start, 8), At(end.AddDays(1), 0), werkpleinen, past.SampleFactor, 1.0, past.Shift, past.Seed, 0, ct);
        await audit.RecordAsync(AuditAction.SampleUploaded, AuditObject.Round, name, name,
            $"bestand steekproef-demo-{index + 1}.csv: {Number(written.Participants)} regels opgeslagen", ct);
        demoClock.Now = At(start.AddDays(-7), 14);
        await rounds.UpdateAsync(name, past.Questionnaire, start, end, ct: ct);
        demoClock.Now = At(start, 7);
        await rounds.OpenAsync(name, ct);
        if (index == 0)
        {
            // A pause during fieldwork (e.g. a wrong link in a letter), resumed the same day.
            demoClock.Now = At(start.AddDays(2), 9);
            await rounds.SetSendingPausedAsync(name, true, ct);
            demoClock.Now = At(start.AddDays(2), 13);
            await rounds.SetSendingPausedAsync(name, false, ct);
        }

        demoClock.Now = At(end.AddDays(1), 9);
        await rounds.CloseAsync(name, ct);
        demoClock.Now = At(end.AddDays(3), 10);
        await audit.RecordExportAsync("resultaten", name, "alle cellen (landelijk en per Werkplein)", ct);
        return written;
    }

    /// <summary>
    /// The open round <c>demo</c>: invitations went out five days ago and some answers are in; <see cref="ParticipantCount"/>
    /// late additions are still to be mailed, so the outbox fills at the first start.
    /// </summary>
    private async Task<DemoRoundWriter.Written> SeedOpenRoundAsync(RoundService rounds, AuditLog audit, DemoClock demoClock,
        IReadOnlyList<Werkplein> werkpleinen, DateOnly today, DateTime now, CancellationToken ct)
    {
        var start = today.AddDays(-5);
        demoClock.Now = At(start.AddDays(-10), 10);
        var round = await rounds.CreateAsync(RoundName, "werkzoekenden-2009", start, today.AddDays(23), "7,14", ct);
        demoClock.Now = At(start.AddDays(-3), 11);
        var written = await WriteRoundAsync(round, round.QuestionnaireId, "OPEN", At(start, 8), now, werkpleinen, 0.2, 0.6, 0.05, 4242,
            ParticipantCount, ct);
        await audit.RecordAsync(AuditAction.SampleUploaded, AuditObject.Round, RoundName, RoundName,
            $"bestand steekproef-demo.csv: {Number(written.Participants)} regels opgeslagen", ct);
        demoClock.Now = At(start, 7);
        await rounds.OpenAsync(RoundName, ct);
        return written;
    }

    private async Task<DemoRoundWriter.Written> WriteRoundAsync(Round round, string questionnaire, string refPrefix, DateTime sentAt,
        DateTime answerUntil, IReadOnlyList<Werkplein> werkpleinen, double sampleFactor, double responseFactor, double shift, int seed,
        int pending, CancellationToken ct)
    {
        var plan = new DemoRoundPlan(round.Id, refPrefix, surveys.Get(questionnaire), sentAt, _reminderDays, answerUntil, shift, seed);
        var people = werkpleinen.Select(w =>
        {
            var spec = _werkpleinen.Single(s => s.Code == w.Code);
            return new DemoWerkplein(w.Id, w.Code, (int)(spec.Sample * sampleFactor), spec.ResponseRate * responseFactor, spec.Satisfaction);
        }).ToList();
        return await DemoRoundWriter.WriteAsync(db, plan, people, pending, clock.GetUtcNow().UtcDateTime, ct);
    }

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>That Dutch calendar day at <paramref name="hour"/>:00 UTC.</summary>
    private static DateTime At(DateOnly day, int hour) => day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);

    private static string Number(int n) => n.ToString("N0", CultureInfo.GetCultureInfo("nl-NL"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo account {Email} ({Role}), password: {Password}")]
    private partial void LogAccount(string email, string role, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo created: {Closed} closed rounds and the open round 'demo', {Participants} participants, {Responses} responses")]
    private partial void LogSeeded(int closed, int participants, int responses);

    /// <summary>The clock the demo's round actions and audit entries run on: set to each step's moment in the past.</summary>
    private sealed class DemoClock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }
}
