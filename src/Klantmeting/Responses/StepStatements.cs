using System.Data.Common;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Klantmeting.Responses;

/// <summary>
/// The writes of one saved step, as plain statements inside the caller's transaction: on SQLite they run behind the
/// single writer, so every microsecond here is paid by every respondent waiting (bench/run.sh, answer). SQL and
/// parameters come from the EF model (<see cref="ModelSql"/>); each statement repeats the guard "response not
/// complete, round open".
/// </summary>
internal sealed class StepStatements(KlantmetingDbContext db, IDbContextTransaction transaction)
{
    private readonly ModelSql _sql = new(db);

    private string R(string property) => _sql.Column<Response>(property);

    /// <summary>Moves the response to <paramref name="nextStep"/> (and on the grade step sets grade and comment); 0 when refused.</summary>
    public Task<int> UpdateResponseAsync(long responseId, int nextStep, DateTime now, bool gradeStep, int? grade, string? comment, CancellationToken ct)
    {
        var command = Command();
        var set = $"{R(nameof(Response.CurrentStep))} = {_sql.Placeholder("step")}, {R(nameof(Response.UpdatedAt))} = {_sql.Placeholder("now")}";
        _sql.Add<Response>(command, "step", nameof(Response.CurrentStep), nextStep);
        _sql.Add<Response>(command, "now", nameof(Response.UpdatedAt), now);
        if (gradeStep)
        {
            set += $", {R(nameof(Response.Grade))} = {_sql.Placeholder("grade")}, {R(nameof(Response.Comment))} = {_sql.Placeholder("comment")}";
            _sql.Add<Response>(command, "grade", nameof(Response.Grade), grade);
            _sql.Add<Response>(command, "comment", nameof(Response.Comment), comment);
        }

        _sql.Add<Response>(command, "id", nameof(Response.Id), responseId);
        _sql.Add<Round>(command, "open", nameof(Round.State), RoundState.Open);
        var round = _sql.Table<Round>();
        command.CommandText = $"""
            UPDATE {_sql.Table<Response>()} SET {set}
            WHERE {R(nameof(Response.Id))} = {_sql.Placeholder("id")} AND {R(nameof(Response.CompletedAt))} IS NULL
              AND EXISTS (SELECT 1 FROM {round} o WHERE o.{_sql.Column<Round>(nameof(Round.Id))} = {_sql.Table<Response>()}.{R(nameof(Response.RoundId))}
                          AND o.{_sql.Column<Round>(nameof(Round.State))} = {_sql.Placeholder("open")})
            """;
        return RunAsync(command, ct);
    }

    /// <summary>Replaces the answers and the summary of one principle (the post holds the whole step).</summary>
    public async Task ReplaceAnswersAsync(long responseId, IReadOnlyList<string> itemIds, IReadOnlyList<Answer> answers, IReadOnlyList<ResponseScore> scores,
        string principleId, CancellationToken ct)
    {
        string A(string property) => _sql.Column<Answer>(property);
        string S(string property) => _sql.Column<ResponseScore>(property);
        var delete = Command();
        _sql.Add<Answer>(delete, "id", nameof(Answer.ResponseId), responseId);
        var items = new List<string>();
        for (var n = 0; n < itemIds.Count; n++)
        {
            items.Add(_sql.Placeholder($"i{n}"));
            _sql.Add<Answer>(delete, $"i{n}", nameof(Answer.ItemId), itemIds[n]);
        }

        delete.CommandText = $"DELETE FROM {_sql.Table<Answer>()} WHERE {A(nameof(Answer.ResponseId))} = {_sql.Placeholder("id")}"
            + (items.Count > 0 ? $" AND {A(nameof(Answer.ItemId))} IN ({string.Join(", ", items)})" : "");
        await RunAsync(delete, ct);

        var deleteScore = Command();
        _sql.Add<ResponseScore>(deleteScore, "id", nameof(ResponseScore.ResponseId), responseId);
        _sql.Add<ResponseScore>(deleteScore, "p", nameof(ResponseScore.PrincipleId), principleId);
        deleteScore.CommandText = $"DELETE FROM {_sql.Table<ResponseScore>()} WHERE {S(nameof(ResponseScore.ResponseId))} = {_sql.Placeholder("id")} AND {S(nameof(ResponseScore.PrincipleId))} = {_sql.Placeholder("p")}";
        await RunAsync(deleteScore, ct);

        foreach (var answer in answers)
        {
            var insert = Command();
            _sql.Insert<Answer>(insert,
                (nameof(Answer.ResponseId), answer.ResponseId),
                (nameof(Answer.ItemId), answer.ItemId),
                (nameof(Answer.Value), answer.Value));
            await RunAsync(insert, ct);
        }

        foreach (var score in scores)
        {
            var insert = Command();
            _sql.Insert<ResponseScore>(insert,
                (nameof(ResponseScore.ResponseId), score.ResponseId),
                (nameof(ResponseScore.PrincipleId), score.PrincipleId),
                (nameof(ResponseScore.Answered), score.Answered),
                (nameof(ResponseScore.Scored), score.Scored),
                (nameof(ResponseScore.Sum), score.Sum));
            await RunAsync(insert, ct);
        }
    }

    private DbCommand Command()
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        return command;
    }

    private static async Task<int> RunAsync(DbCommand command, CancellationToken ct)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(ct);
        }
    }
}
