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
        var nextParticipant = await bulk.ReserveIdsAsync<Participant>(ct);
        var nextInvitation = await bulk.ReserveIdsAsync<Invitation>(ct);
        var nextResponse = await bulk.ReserveIdsAsync<Response>(ct);
        // Parents first, so that foreign keys hold after every statement.
        var (participants, contacts, attributes) = SampleInserters.Create(bulk);
        var invitations = bulk.Inserter<Invitation>(100,
            nameof(Invitation.Id), nameof(Invitation.ParticipantId), nameof(Invitation.RoundId), nameof(Invitation.State),
            nameof(Invitation.Attempts), nameof(Invitation.NextAttemptAt), nameof(Invitation.SentAt), nameof(Invitation.BouncedAt),
            nameof(Invitation.OptedOutAt), nameof(Invitation.RemindersSent), nameof(Invitation.LastReminderAt), nameof(Invitation.NextReminderAt));
        var responses = bulk.Inserter<Response>(200,
            nameof(Response.Id), nameof(Response.InvitationId), nameof(Response.RoundId), nameof(Response.StartedAt),
            nameof(Response.UpdatedAt), nameof(Response.CompletedAt), nameof(Response.Grade), nameof(Response.Comment),
            nameof(Response.Mode), nameof(Response.CurrentStep));
        var answers = AnswerWriter.For(bulk);

        var random = new Random(plan.Seed);
        var survey = plan.Survey;
        var hasAttributes = survey.FindAttribute("vaste_contactpersoon") is not null;
        var principles = survey.Principles;
        var applicable = Results.Dispositions.ApplicableItems(survey);
        var statementCount = survey.Statements.Count();
        var answered = new List<(string ItemId, int Value)>();
        var buffered = 0;
        var written = 0;
        var responded = 0;
        var number = 0;

        foreach (var werkplein in werkpleinen)
        {
            for (var n = 0; n < werkplein.Sample; n++)
            {
                var participantId = nextParticipant++;
                var invitationId = nextInvitation++;
                number++;
                participants.Add(participantId, plan.RoundId, $"{plan.RefPrefix}-{number:00000}", werkplein.Id);
                contacts.Add(participantId, plan.RoundId, $"{plan.RefPrefix.ToLowerInvariant()}-{number:00000}@voorbeeld.nl");

                // Who the person is: a steady contact person and the benefit type matter most to satisfaction.
                var contactPerson = random.NextDouble() < 0.6;
                var benefit = random.Next(_benefits.Length);
                var satisfaction = plan.Shift + werkplein.Satisfaction + Gaussian(random);
                if (hasAttributes)
                {
                    // Days until the first payment: most within a month, a long tail; waiting long costs satisfaction.
                    var days = (int)Math.Clamp(Math.Round(-25 * Math.Log(1 - random.NextDouble()) + (contactPerson ? 0 : 5)), 0, 365);
                    satisfaction += (contactPerson ? 0.35 : -0.45) + _benefitEffect[benefit] - days / 100.0;
                    attributes.Add(participantId, "vaste_contactpersoon", contactPerson ? "ja" : "nee");
                    attributes.Add(participantId, "uitkering", _benefits[benefit]);
                    // Missing for some, as in real samples (the attribute is optional).
                    if (random.NextDouble() < 0.9)
                    {
                        attributes.Add(participantId, "dagen_tot_eerste_betaling", days.ToString(CultureInfo.InvariantCulture));
                    }
                }

                // Delivery: a few addresses bounce, a few people opt out, the rest received the mail.
                var draw = random.NextDouble();
                var sentAt = plan.SentAt.AddMinutes(random.Next(0, 90));
                var willRespond = random.NextDouble() < werkplein.ResponseRate * (1 + satisfaction * 0.08);
                var respondedAt = willRespond ? AnswerTime(random, sentAt, plan) : (DateTime?)null;
                var remindersBefore = plan.ReminderDays.Count(d => sentAt.AddDays(d) <= (respondedAt ?? plan.AnswerUntil));
                var lastReminder = remindersBefore > 0 ? sentAt.AddDays(plan.ReminderDays[remindersBefore - 1]) : (DateTime?)null;
                var nextReminderDay = remindersBefore < plan.ReminderDays.Length ? plan.ReminderDays[remindersBefore] : (int?)null;
                if (draw < 0.03)
                {
                    invitations.Add(invitationId, participantId, plan.RoundId, InvitationState.Bounced, 1, sentAt, sentAt,
                        sentAt.AddMinutes(random.Next(2, 600)), null, 0, null, null);
                    continue;
                }

                if (draw < 0.05)
                {
                    var optedOut = sentAt.AddHours(random.Next(1, 24 * 10));
                    invitations.Add(invitationId, participantId, plan.RoundId, InvitationState.OptedOut, 1, sentAt, sentAt, null,
                        optedOut < plan.AnswerUntil ? optedOut : plan.AnswerUntil, 0, null, null);
                    continue;
                }

                var complete = willRespond && random.NextDouble() < 0.86;
                DateTime? nextReminder = !complete && nextReminderDay is { } day && respondedAt is null ? sentAt.AddDays(day) : null;
                invitations.Add(invitationId, participantId, plan.RoundId, InvitationState.Sent, 1, sentAt, sentAt, null, null,
                    remindersBefore, lastReminder, nextReminder);
                if (respondedAt is not { } started)
                {
                    continue;
                }

                // What was answered: everything (complete), or the first steps only (partial, break-off).
                var target = complete ? statementCount : random.NextDouble() < 0.7
                    ? random.Next((applicable + 1) / 2, applicable * 4 / 5)
                    : random.Next(1, Math.Max(2, applicable / 2));
                answered.Clear();
                var steps = 0;
                foreach (var principle in principles)
                {
                    if (answered.Count >= target)
                    {
                        break;
                    }

                    var principleShift = PrincipleShift(principle.Id, werkplein.Code);
                    foreach (var statement in principle.Statements)
                    {
                        answered.Add((statement.Id, random.NextDouble() < 0.06
                            ? Answer.DontKnow
                            : (int)Math.Clamp(Math.Round(3.4 + 0.8 * (satisfaction + principleShift) + 0.7 * Gaussian(random)), 1, 5)));
                    }

                    steps++;
                }

                int? grade = complete ? (int)Math.Clamp(Math.Round(6.9 + 0.9 * satisfaction + 0.6 * Gaussian(random)), 1, 10) : null;
                var comment = complete && random.NextDouble() < 0.2 ? _comments[random.Next(_comments.Length)] : null;
                var updated = started.AddMinutes(random.Next(2, 15));
                var responseId = nextResponse++;
                responses.Add(responseId, invitationId, plan.RoundId, started, updated, complete ? updated : null, grade, comment,
                    ResponseMode.Web, steps);
                answers.Add(responseId, answered);
                responded++;

                if (++buffered == RowsPerFlush)
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
            var participantId = nextParticipant++;
            participants.Add(participantId, plan.RoundId, $"DEMO-{n:000}", werkpleinen[n % werkpleinen.Count].Id);
            contacts.Add(participantId, plan.RoundId, $"deelnemer{n:000}@voorbeeld.nl");
            if (hasAttributes)
            {
                attributes.Add(participantId, "vaste_contactpersoon", n % 3 == 0 ? "nee" : "ja");
                attributes.Add(participantId, "uitkering", _benefits[n % _benefits.Length]);
                attributes.Add(participantId, "dagen_tot_eerste_betaling", (n * 7 % 70).ToString(CultureInfo.InvariantCulture));
            }

            invitations.Add(nextInvitation++, participantId, plan.RoundId, InvitationState.Pending, 0, now, null, null, null, 0, null, null);
        }

        await bulk.FlushAsync(ct);
        return new Written(written + pending, responded);
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
