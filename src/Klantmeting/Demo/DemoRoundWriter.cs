using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Surveys;

namespace Klantmeting.Demo;

/// <summary>How one Werkplein behaves in a demo round: sample size, response propensity and satisfaction shift.</summary>
internal sealed record DemoWerkplein(int Id, string Code, int Sample, double ResponseRate, double Satisfaction);

/// <summary>
/// One demo round's sample, deliveries and answers. Every draw comes from one seeded <see cref="Random"/>, so the same
/// seed gives the same demo on every machine.
/// </summary>
/// <param name="RoundId">The round, already created through the round service.</param>
/// <param name="RefPrefix">Start of every participant ref (unique per round).</param>
/// <param name="Survey">The round's questionnaire.</param>
/// <param name="SentAt">When the invitations went out (UTC).</param>
/// <param name="ReminderDays">Days after <paramref name="SentAt"/> of the reminders.</param>
/// <param name="AnswerUntil">Last moment an answer may carry (UTC): the end of fieldwork, or now for an open round.</param>
/// <param name="Shift">Satisfaction shift of the whole round (a trend between rounds).</param>
/// <param name="Seed">Seed of the pseudo-random draws.</param>
internal sealed record DemoRoundPlan(int RoundId, string RefPrefix, SurveyDefinition Survey, DateTime SentAt, int[] ReminderDays,
    DateTime AnswerUntil, double Shift, int Seed);

/// <summary>
/// Writes a demo round in one bulk write: participants with attributes and e-mail address, invitations in their final
/// delivery state (sent, a few bounced or opted out), and web responses (complete, partial, break-off) whose answers
/// and per-principle summaries go through <see cref="AnswerWriter"/>, the single writer of that pair.
/// </summary>
internal static class DemoRoundWriter
{
    private const int RowsPerFlush = 1000;

    private static readonly string[] _benefits = ["WW", "WWB", "AO", "geen"];

    /// <summary>Satisfaction effect of each benefit type (same order as <see cref="_benefits"/>).</summary>
    private static readonly double[] _benefitEffect = [0.1, -0.3, -0.15, 0.35];

    private static readonly string[] _comments =
    [
        "Mijn contactpersoon denkt echt met mij mee.",
        "Ik moest lang wachten op een antwoord op mijn vraag.",
        "De website is onduidelijk, ik kon niet vinden wat ik zocht.",
        "Fijn dat ik steeds dezelfde persoon spreek.",
        "Afspraken werden twee keer verzet zonder uitleg.",
        "Goed geholpen, dank u wel.",
        "Ik kreeg te weinig informatie over mijn rechten.",
        "De telefoon werd vaak niet opgenomen.",
        "Snel en vriendelijk geholpen bij de balie.",
        "Ik voelde me niet serieus genomen.",
    ];

    /// <summary>Counts of what was written.</summary>
    internal sealed record Written(int Participants, int Responses);

    /// <summary>
    /// Writes <paramref name="plan"/> for <paramref name="werkpleinen"/>; <paramref name="pending"/> more participants
    /// get an invitation that is still to be sent (the open round's outbox demo).
    /// </summary>
    public static Task<Written> WriteAsync(KlantmetingDbContext db, DemoRoundPlan plan, IReadOnlyList<DemoWerkplein> werkpleinen,
        int pending, DateTime now, CancellationToken ct) =>
        BulkWrite.RunAsync(db, bulk => WriteRowsAsync(bulk, plan, werkpleinen, pending, now, ct), ct);

    private static async Task<Written> WriteRowsAsync(BulkWrite bulk, DemoRoundPlan plan, IReadOnlyList<DemoWerkplein> werkpleinen,
        int pending, DateTime now, CancellationToken ct)
    {
        var rows = await Rows.CreateAsync(bulk, plan, ct);
        var buffered = 0;
        var written = 0;
        foreach (var werkplein in werkpleinen)
        {
            for (var n = 0; n < werkplein.Sample; n++)
            {
                if (rows.AddPerson(werkplein) && ++buffered == RowsPerFlush)
                {
                    await bulk.FlushAsync(ct);
                    buffered = 0;
                }
            }

            written += werkplein.Sample;
        }

        // The open round's late additions: invitations still to be sent, which the dispatcher mails at once.
        for (var n = 1; n <= pending; n++)
        {
            rows.AddPending(n, werkpleinen[n % werkpleinen.Count], now);
        }

        await bulk.FlushAsync(ct);
        return new Written(written + pending, rows.Responded);
    }

    /// <summary>The inserters and the pseudo-random state of one demo round; one person at a time.</summary>
    private sealed class Rows
    {
        private readonly DemoRoundPlan _plan;
        private readonly Random _random;
        private readonly SampleInserters _sample;
        private readonly BulkInserter _invitations;
        private readonly BulkInserter _responses;
        private readonly AnswerWriter _answers;
        private readonly bool _hasAttributes;
        private readonly int _applicable;
        private readonly int _statementCount;
        private readonly List<(string ItemId, int Value)> _answered = [];
        private long _nextParticipant;
        private long _nextInvitation;
        private long _nextResponse;
        private int _number;

        private Rows(BulkWrite bulk, DemoRoundPlan plan, long participant, long invitation, long response)
        {
            _plan = plan;
            _random = new Random(plan.Seed);
            (_nextParticipant, _nextInvitation, _nextResponse) = (participant, invitation, response);
            // Parents first, so that foreign keys hold after every statement.
            _sample = SampleInserters.Create(bulk);
            _invitations = bulk.Inserter<Invitation>(100,
                nameof(Invitation.Id), nameof(Invitation.ParticipantId), nameof(Invitation.RoundId), nameof(Invitation.State),
                nameof(Invitation.Attempts), nameof(Invitation.NextAttemptAt), nameof(Invitation.SentAt), nameof(Invitation.BouncedAt),
                nameof(Invitation.OptedOutAt), nameof(Invitation.RemindersSent), nameof(Invitation.LastReminderAt), nameof(Invitation.NextReminderAt));
            _responses = bulk.Inserter<Response>(200,
                nameof(Response.Id), nameof(Response.InvitationId), nameof(Response.RoundId), nameof(Response.StartedAt),
                nameof(Response.UpdatedAt), nameof(Response.CompletedAt), nameof(Response.Grade), nameof(Response.Comment),
                nameof(Response.Mode), nameof(Response.CurrentStep));
            _answers = AnswerWriter.For(bulk);
            _hasAttributes = plan.Survey.FindAttribute("vaste_contactpersoon") is not null;
            _applicable = Results.Dispositions.ApplicableItems(plan.Survey);
            _statementCount = plan.Survey.Statements.Count();
        }

        public int Responded { get; private set; }

        public static async Task<Rows> CreateAsync(BulkWrite bulk, DemoRoundPlan plan, CancellationToken ct)
        {
            var participant = await bulk.ReserveIdsAsync<Participant>(ct);
            var invitation = await bulk.ReserveIdsAsync<Invitation>(ct);
            var response = await bulk.ReserveIdsAsync<Response>(ct);
            return new Rows(bulk, plan, participant, invitation, response);
        }

        /// <summary>One sampled person: participant, invitation in its final state and perhaps a response; true when they responded.</summary>
        public bool AddPerson(DemoWerkplein werkplein)
        {
            var participantId = _nextParticipant++;
            var invitationId = _nextInvitation++;
            _number++;
            _sample.Participants.Add(participantId, _plan.RoundId, $"{_plan.RefPrefix}-{_number:00000}", werkplein.Id);
            _sample.Contacts.Add(participantId, _plan.RoundId, $"{_plan.RefPrefix.ToLowerInvariant()}-{_number:00000}@voorbeeld.nl", null);
            var satisfaction = AddAttributes(participantId, werkplein);

            // Delivery: a few addresses bounce, a few people opt out, the rest received the mail.
            var random = _random;
            var plan = _plan;
            var draw = random.NextDouble();
            var sentAt = plan.SentAt.AddMinutes(random.Next(0, 90));
            var willRespond = random.NextDouble() < werkplein.ResponseRate * (1 + satisfaction * 0.08);
            var respondedAt = willRespond ? AnswerTime(random, sentAt, plan) : (DateTime?)null;
            var remindersBefore = plan.ReminderDays.Count(d => sentAt.AddDays(d) <= (respondedAt ?? plan.AnswerUntil));
            var lastReminder = remindersBefore > 0 ? sentAt.AddDays(plan.ReminderDays[remindersBefore - 1]) : (DateTime?)null;
            var nextReminderDay = remindersBefore < plan.ReminderDays.Length ? plan.ReminderDays[remindersBefore] : (int?)null;
            if (draw < 0.03)
            {
                _invitations.Add(invitationId, participantId, plan.RoundId, InvitationState.Bounced, 1, sentAt, sentAt,
                    sentAt.AddMinutes(random.Next(2, 600)), null, 0, null, null);
                return false;
            }

            if (draw < 0.05)
            {
                var optedOut = sentAt.AddHours(random.Next(1, 24 * 10));
                _invitations.Add(invitationId, participantId, plan.RoundId, InvitationState.OptedOut, 1, sentAt, sentAt, null,
                    optedOut < plan.AnswerUntil ? optedOut : plan.AnswerUntil, 0, null, null);
                return false;
            }

            var complete = willRespond && random.NextDouble() < 0.86;
            DateTime? nextReminder = !complete && nextReminderDay is { } day && respondedAt is null ? sentAt.AddDays(day) : null;
            _invitations.Add(invitationId, participantId, plan.RoundId, InvitationState.Sent, 1, sentAt, sentAt, null, null,
                remindersBefore, lastReminder, nextReminder);
            if (respondedAt is not { } started)
            {
                return false;
            }

            AddResponse(invitationId, werkplein, satisfaction, complete, started);
            return true;
        }

        /// <summary>The person's attributes; returns their satisfaction (a steady contact person and the benefit type matter most).</summary>
        private double AddAttributes(long participantId, DemoWerkplein werkplein)
        {
            var random = _random;
            var contactPerson = random.NextDouble() < 0.6;
            var benefit = random.Next(_benefits.Length);
            var satisfaction = _plan.Shift + werkplein.Satisfaction + Gaussian(random);
            if (_hasAttributes)
            {
                // Days until the first payment: most within a month, a long tail; waiting long costs satisfaction.
                var days = (int)Math.Clamp(Math.Round(-25 * Math.Log(1 - random.NextDouble()) + (contactPerson ? 0 : 5)), 0, 365);
                satisfaction += (contactPerson ? 0.35 : -0.45) + _benefitEffect[benefit] - days / 100.0;
                _sample.Attributes.Add(participantId, "vaste_contactpersoon", contactPerson ? "ja" : "nee");
                _sample.Attributes.Add(participantId, "uitkering", _benefits[benefit]);
                // Missing for some, as in real samples (the attribute is optional).
                if (random.NextDouble() < 0.9)
                {
                    _sample.Attributes.Add(participantId, "dagen_tot_eerste_betaling", days.ToString(CultureInfo.InvariantCulture));
                }
            }

            return satisfaction;
        }

        /// <summary>A web response: everything answered (complete), or the first steps only (partial, break-off).</summary>
        private void AddResponse(long invitationId, DemoWerkplein werkplein, double satisfaction, bool complete, DateTime started)
        {
            var random = _random;
            var target = complete ? _statementCount : random.NextDouble() < 0.7
                ? random.Next((_applicable + 1) / 2, _applicable * 4 / 5)
                : random.Next(1, Math.Max(2, _applicable / 2));
            _answered.Clear();
            var steps = 0;
            foreach (var principle in _plan.Survey.Principles)
            {
                if (_answered.Count >= target)
                {
                    break;
                }

                var principleShift = PrincipleShift(principle.Id, werkplein.Code);
                foreach (var statement in principle.Statements)
                {
                    _answered.Add((statement.Id, random.NextDouble() < 0.06
                        ? Answer.DontKnow
                        : (int)Math.Clamp(Math.Round(3.4 + 0.8 * (satisfaction + principleShift) + 0.7 * Gaussian(random)), 1, 5)));
                }

                steps++;
            }

            int? grade = complete ? (int)Math.Clamp(Math.Round(6.9 + 0.9 * satisfaction + 0.6 * Gaussian(random)), 1, 10) : null;
            var comment = complete && random.NextDouble() < 0.2 ? _comments[random.Next(_comments.Length)] : null;
            var updated = started.AddMinutes(random.Next(2, 15));
            var responseId = _nextResponse++;
            _responses.Add(responseId, invitationId, _plan.RoundId, started, updated, complete ? updated : null, grade, comment,
                ResponseMode.Web, steps);
            _answers.Add(responseId, _answered);
            Responded++;
        }

        /// <summary>A participant of the open round whose invitation is still to be sent.</summary>
        public void AddPending(int n, DemoWerkplein werkplein, DateTime now)
        {
            var participantId = _nextParticipant++;
            _sample.Participants.Add(participantId, _plan.RoundId, $"DEMO-{n:000}", werkplein.Id);
            _sample.Contacts.Add(participantId, _plan.RoundId, $"deelnemer{n:000}@voorbeeld.nl", null);
            if (_hasAttributes)
            {
                _sample.Attributes.Add(participantId, "vaste_contactpersoon", n % 3 == 0 ? "nee" : "ja");
                _sample.Attributes.Add(participantId, "uitkering", _benefits[n % _benefits.Length]);
                _sample.Attributes.Add(participantId, "dagen_tot_eerste_betaling", (n * 7 % 70).ToString(CultureInfo.InvariantCulture));
            }

            _invitations.Add(_nextInvitation++, participantId, _plan.RoundId, InvitationState.Pending, 0, now, null, null, null, 0, null, null);
        }
    }

    /// <summary>When a respondent started: most right after the invitation, a second wave after each reminder.</summary>
    private static DateTime AnswerTime(Random random, DateTime sentAt, DemoRoundPlan plan)
    {
        var wave = random.NextDouble() switch
        {
            < 0.55 => 0,
            < 0.85 => 1,
            _ => 2,
        };
        var waveStart = wave == 0 || plan.ReminderDays.Length < wave ? 0 : plan.ReminderDays[wave - 1];
        if (sentAt.AddDays(waveStart) >= plan.AnswerUntil)
        {
            // An open round: that reminder has not gone out yet, so this person answered after the invitation.
            waveStart = 0;
        }

        var at = sentAt.AddDays(waveStart).AddHours(Math.Min(24 * 6, 48 * -Math.Log(1 - random.NextDouble() * 0.95)));
        var latest = plan.AnswerUntil.AddHours(-1);
        return at < latest ? at : latest.AddMinutes(-random.Next(1, 600));
    }

    /// <summary>Each Werkplein has its own strong and weak principle, so the comparison has something to show.</summary>
    private static double PrincipleShift(string principleId, string werkplein) =>
        (principleId, werkplein) switch
        {
            ("tijdigheid", "WP-AMS") => -0.45,
            ("bereikbaarheid" or "toegankelijkheid", "WP-UTR") => 0.35,
            ("persoonlijke_aandacht", "WP-GRO") => 0.4,
            ("duidelijkheid" or "houvast", "WP-MST") => -0.3,
            ("daadkracht", "WP-AMS") => -0.4,
            ("flexibiliteit", "WP-GRO") => 0.35,
            ("tijdigheid", _) => -0.15,
            _ => 0,
        };

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
