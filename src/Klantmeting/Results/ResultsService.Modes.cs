using Klantmeting.Calls;
using Klantmeting.Infrastructure.Exports;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;

namespace Klantmeting.Results;

public sealed partial class ResultsService
{
    /// <summary>Header of the per-mode response-rate download.</summary>
    public const string ModeRatesHeader = "round,werkplein,mode,sample,not_eligible,complete,partial,refusal,non_contact,other,unknown,rr1,rr2,coop1,ref1,con1";

    /// <summary>
    /// AAPOR counts and rates per mode (web, telefoon, papier) of NL and each Werkplein, always computed from the
    /// current data; only the modes with at least one participant are listed (docs/response-rates.md, "Per mode").
    /// </summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task<IReadOnlyList<ModeRateRow>> ComputeModeRatesAsync(string roundName, CancellationToken ct = default)
    {
        var context = await LoadAsync(roundName, ct);
        return await LiveAsync(context, "modes", () => CountModeRatesAsync(context, ct), ct);
    }

    private async Task<IReadOnlyList<ModeRateRow>> CountModeRatesAsync(RoundContext context, CancellationToken ct)
    {
        int werkpleinCount = context.Werkpleinen.Count + 1;
        var werkpleinIndex = context.Werkpleinen.Select((w, i) => (w.Id, i)).ToDictionary(x => x.Id, x => x.i + 1);
        var applicable = Dispositions.ApplicableItems(context.Survey);
        const int modes = (int)RateMode.Papier + 1;
        const int letters = (int)ModeDispositions.Letter.NotEligible + 1;
        var counts = new int[werkpleinCount * modes * letters];
        var (countsSql, parameters) = AnswerCountsSql(context);
        var m = new ModelSql(db);
        string P(string property) => "p." + m.Column<Participant>(property);
        string I(string property) => "i." + m.Column<Invitation>(property);
        string R(string property) => "r." + m.Column<Response>(property);
        string K(string property) => "k." + m.Column<CallCase>(property);
        string A(string property) => "a." + m.Column<CallAttempt>(property);
        parameters.Add(("@afspraak", (int)CallOutcome.Afspraak));
        await QueryAsync(
            $"""
            SELECT {P("WerkpleinId")}, {I("State")}, CASE WHEN {R("Id")} IS NULL THEN 0 ELSE 1 END,
                   COALESCE(c.answered, 0) + CASE WHEN {R("Grade")} IS NULL THEN 0 ELSE 1 END, COALESCE({R("Mode")}, -1),
                   CASE WHEN {K("Id")} IS NULL THEN 0 ELSE 1 END, COALESCE({K("LastOutcome")}, 0),
                   CASE WHEN EXISTS (SELECT 1 FROM {m.Table<CallAttempt>()} a WHERE {A("CallCaseId")} = {K("Id")} AND {A("Outcome")} = {m.Placeholder("afspraak")}) THEN 1 ELSE 0 END
            FROM {m.Table<Invitation>()} i
            JOIN {m.Table<Participant>()} p ON {P("Id")} = {I("ParticipantId")}
            LEFT JOIN {m.Table<Response>()} r ON {R("InvitationId")} = {I("Id")}
            LEFT JOIN ({countsSql}) c ON c.response_id = {R("Id")}
            LEFT JOIN {m.Table<CallCase>()} k ON {K("ParticipantId")} = {P("Id")} AND {K("RoundId")} = {I("RoundId")}
            WHERE {I("RoundId")} = {m.Placeholder("round")}
            """,
            parameters,
            reader =>
            {
                var wp = werkpleinIndex.GetValueOrDefault(reader.GetInt32(0));
                var hasResponse = reader.GetInt32(2) == 1;
                var mode = reader.GetInt32(4);
                var outcome = reader.GetInt32(6);
                var facts = new ModeDispositions.Facts((InvitationState)reader.GetInt32(1), hasResponse ? reader.GetInt32(3) : null,
                    hasResponse ? (ResponseMode)mode : null, reader.GetInt32(5) == 1, outcome == 0 ? null : (CallOutcome)outcome,
                    reader.GetInt32(7) == 1);
                var (rateMode, letter) = ModeDispositions.Classify(context.Round.Mode, facts, applicable);
                counts[(int)rateMode * letters + (int)letter]++;
                if (wp > 0)
                {
                    counts[((wp * modes) + (int)rateMode) * letters + (int)letter]++;
                }
            },
            ct);
        return ModeRateRows(context, counts, modes, letters);
    }

    /// <summary>As <see cref="ComputeModeRatesAsync"/>, written as a table in <paramref name="format"/>.</summary>
    /// <exception cref="RoundException">Unknown round or questionnaire.</exception>
    public async Task WriteModeRatesAsync(string roundName, Stream output, TableFormat format, CancellationToken ct = default)
    {
        var rows = await ComputeModeRatesAsync(roundName, ct);
        await using (var writer = ResultsCsv.CreateWriter(output, format, "Respons per wijze"))
        {
            await writer.WriteTableAsync(ModeRatesHeader, rows, static (w, r) =>
            {
                w.Text(r.Round);
                w.Text(r.Werkplein);
                w.Text(r.Mode.ToString().ToLowerInvariant());
                w.Integer(r.Sample);
                w.Integer(r.NotEligible);
                w.Integer(r.Complete);
                w.Integer(r.Partial);
                w.Integer(r.Refusal);
                w.Integer(r.NonContact);
                w.Integer(r.Other);
                w.Integer(r.UnknownHousehold + r.UnknownOther);
                ResultsCsv.Rates(w, r.Rr1, r.Rr2, r.Coop1, r.Ref1, r.Con1);
            }, ct);
        }

        await audit.RecordExportAsync("respons-per-wijze", roundName, null, ct);
    }

    private static List<ModeRateRow> ModeRateRows(RoundContext context, int[] counts, int modes, int letters)
    {
        var rows = new List<ModeRateRow>();
        for (var wp = 0; wp < context.Werkpleinen.Count + 1; wp++)
        {
            var code = wp == 0 ? National : context.Werkpleinen[wp - 1].Code;
            for (var mode = 0; mode < modes; mode++)
            {
                var c = counts.AsSpan((wp * modes + mode) * letters, letters);
                if (wp == 0 && c.IndexOfAnyExcept(0) < 0)
                {
                    continue;
                }

                if (wp > 0 && counts.AsSpan(mode * letters, letters).IndexOfAnyExcept(0) < 0)
                {
                    continue;
                }

                rows.Add(new ModeRateRow(context.Round.Name, code, (RateMode)mode, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]));
            }
        }

        return rows;
    }
}
