using System.Globalization;
using Klantmeting.Invitations;
using Klantmeting.Responses;
using Klantmeting.Surveys;

namespace Klantmeting.Bench;

/// <summary>
/// A finished round of the results scenario, as rows per table (the same rows on every provider, from one seed):
/// 100 Werkpleinen of different sizes, attributes as the participant import writes them (3 questionnaire attributes,
/// ~1 in 7 without dagen_tot_eerste_betaling, 1 free column), invitation states as in a finished round, and
/// responses of ~15 items: most complete, some partial or broken off, ~5% "weet niet".
/// </summary>
internal static class RoundGenerator
{
    /// <summary>The tables in the order their foreign keys need, with the columns written.</summary>
    public static readonly (string Table, string[] Columns)[] Tables =
    [
        ("Werkpleinen", ["Id", "Code", "Name", "Region"]),
        ("Rounds", ["Id", "Name", "QuestionnaireId", "FieldworkStart", "FieldworkEnd", "State", "CreatedAt", "OpenedAt", "ClosedAt", "SendingPaused"]),
        ("Participants", ["Id", "RoundId", "Ref", "WerkpleinId"]),
        ("ParticipantAttributes", ["ParticipantId", "Name", "Value"]),
        ("Invitations", ["Id", "ParticipantId", "RoundId", "State", "Attempts", "NextAttemptAt", "SentAt"]),
        ("Responses", ["Id", "InvitationId", "RoundId", "StartedAt", "UpdatedAt", "CompletedAt", "Grade", "Comment", "Mode", "CurrentStep"]),
        ("Answers", ["ResponseId", "ItemId", "Value"]),
        ("ResponseScores", ["ResponseId", "PrincipleId", "Answered", "Scored", "Sum"]),
    ];

    /// <summary>Writes the round table by table (each table one pass of the same seeded generator).</summary>
    public static void Write(string database, SurveyDefinition survey, string roundName, int invitations, int responses) =>
        Write(database, [new RoundSpec(1, survey, roundName, invitations, responses, RoundState: 2, new DateOnly(2009, 9, 1))]);

    /// <summary>
    /// One generated round: its id (ids of its participants, invitations and responses follow those of the rounds
    /// before it), questionnaire, size, state (1 open, 2 closed) and first fieldwork day.
    /// </summary>
    public sealed record RoundSpec(int Id, SurveyDefinition Survey, string Name, int Invitations, int Responses, int RoundState, DateOnly From);

    /// <summary>Several rounds after one another on the same 100 Werkpleinen (written once, with the first round).</summary>
    public static void Write(string database, IReadOnlyList<RoundSpec> rounds)
    {
        using var connection = RawDb.Open(database);
        if (!RawDb.IsPostgres(database))
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = OFF; PRAGMA cache_size = -131072;";
            pragma.ExecuteNonQuery();
        }

        long idBase = 0;
        foreach (var round in rounds)
        {
            for (var t = 0; t < Tables.Length; t++)
            {
                var (table, columns) = Tables[t];
                var only = t;
                var first = round == rounds[0];
                RawDb.Write(connection, table, columns, Rows(round, idBase, first).Where(r => r.Table == only).Select(r => r.Values));
            }

            idBase += round.Invitations;
        }

        RawDb.ResetIdentity(connection, "Werkpleinen", "Rounds", "Participants", "Invitations", "Responses");
        RawDb.Analyze(connection);
    }

    private static IEnumerable<(int Table, object?[] Values)> Rows(RoundSpec round, long idBase, bool werkpleinen)
    {
        var (roundId, survey, roundName, invitations, responses) = (round.Id, round.Survey, round.Name, round.Invitations, round.Responses);
        // The first round keeps seed 2009, so the results scenario's round is the same on every run and provider.
        var random = new Random(2008 + roundId);
        var now = round.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        if (werkpleinen)
        {
            for (var w = 1; w <= 100; w++)
            {
                yield return (0, [w, $"WP-{w:D3}", $"Werkplein {w}", null]);
            }
        }

        yield return (1, [roundId, roundName, survey.Id, round.From, round.From.AddDays(90), round.RoundState, now, now, null, false]);
        // Employer questionnaires ask no attributes.
        var attributes = survey.Attributes.Count > 0;

        var statements = survey.Statements.ToArray();
        string[] vcp = ["ja", "nee"];
        string[] uitkering = ["WW", "WWB", "AO", "geen"];
        var respondEvery = (double)invitations / responses;
        var nextResponse = 0.0;
        for (long n = 1; n <= invitations; n++)
        {
            var id = idBase + n;
            // Werkpleinen of different sizes (a few big cities, many small ones).
            var wp = 1 + (int)(100 * Math.Pow(random.NextDouble(), 1.6));
            yield return (2, [id, roundId, $"P{n:D7}", Math.Min(wp, 100)]);
            if (attributes)
            {
                yield return (3, [id, "vaste_contactpersoon", vcp[random.Next(2)]]);
                yield return (3, [id, "uitkering", uitkering[random.Next(4)]]);
                if (random.Next(7) != 0)
                {
                    yield return (3, [id, "dagen_tot_eerste_betaling", random.Next(0, 120).ToString(CultureInfo.InvariantCulture)]);
                }

                yield return (3, [id, "team", $"team {random.Next(10)}"]);
            }

            var responds = n >= nextResponse;
            if (responds)
            {
                nextResponse += respondEvery;
            }

            var state = responds ? InvitationState.Sent : random.Next(100) switch
            {
                < 2 => InvitationState.Bounced,
                < 4 => InvitationState.OptedOut,
                < 6 => InvitationState.Failed,
                _ => InvitationState.Sent,
            };
            yield return (4, [id, id, roundId, (int)state, 1, now, now]);
            if (!responds)
            {
                continue;
            }

            var kind = random.Next(100); // 90 complete, 6 partial, 4 break-off
            var answered = kind < 90 ? statements.Length : Math.Min(kind < 96 ? 9 : 4, statements.Length);
            var level = 2 + random.Next(4); // a respondent's general mood, 2-5
            var completedAt = now.AddDays(random.Next(0, 90)).AddMinutes(random.Next(0, 1440));
            int? grade = kind < 90 ? Math.Clamp(level * 2 - 1 + random.Next(-1, 3), 1, 10) : null;
            yield return (5, [id, id, roundId, completedAt, completedAt, kind < 96 ? completedAt : null, grade, null, 0, 0]);
            var given = new List<(string ItemId, int Value)>(answered);
            for (var s = 0; s < answered; s++)
            {
                var value = random.Next(20) == 0 ? 0 : Math.Clamp(level + random.Next(-1, 2), 1, 5);
                yield return (6, [id, statements[s].Id, value]);
                given.Add((statements[s].Id, value));
            }

            // The per-principle summary, as the answering page and the response import write it.
            foreach (var s in ResponseScore.Summarize(id, given))
            {
                yield return (7, [id, s.PrincipleId, s.Answered, s.Scored, s.Sum]);
            }
        }
    }
}
