using Microsoft.EntityFrameworkCore.Storage;

namespace Klantmeting.Responses;

/// <summary>
/// The only writer of the pair <see cref="Answer"/> + <see cref="ResponseScore"/>: the results read the per-principle
/// summary instead of the answers, so it must always equal <see cref="ResponseScore.Summarize"/> of the stored answers.
/// Callers hand over answers only; the summary is computed here, in the same transaction, by both paths: a saved
/// step of the answering page (<see cref="ReplaceStepAsync"/>) and <c>responses import</c> (<see cref="Add"/>).
/// </summary>
internal sealed class AnswerWriter
{
    private readonly BulkInserter _answers;
    private readonly BulkInserter _scores;

    private AnswerWriter(BulkInserter answers, BulkInserter scores)
    {
        _answers = answers;
        _scores = scores;
    }

    /// <summary>A writer of whole responses inside <paramref name="bulk"/>; make it after the inserter of the responses (parents first).</summary>
    public static AnswerWriter For(BulkWrite bulk) => new(
        bulk.Inserter<Answer>(600, nameof(Answer.ResponseId), nameof(Answer.ItemId), nameof(Answer.Value)),
        bulk.Inserter<ResponseScore>(200, nameof(ResponseScore.ResponseId), nameof(ResponseScore.PrincipleId),
            nameof(ResponseScore.Answered), nameof(ResponseScore.Scored), nameof(ResponseScore.Sum)));

    /// <summary>Buffers every answer of a new response and its summary (written by the bulk write's flushes).</summary>
    /// <param name="answers">Statement id and value (1-5 or <see cref="Answer.DontKnow"/>), each statement once.</param>
    /// <param name="responseId">Id of the response, already given to its inserter.</param>
    public void Add(long responseId, IReadOnlyCollection<(string ItemId, int Value)> answers)
    {
        foreach (var (itemId, value) in answers)
        {
            _answers.Add(responseId, itemId, value);
        }

        foreach (var score in ResponseScore.Summarize(responseId, answers))
        {
            _scores.Add(score.ResponseId, score.PrincipleId, score.Answered, score.Scored, score.Sum);
        }
    }

    /// <summary>
    /// Replaces the answers of one principle's step and that principle's summary inside <paramref name="transaction"/>
    /// (the post holds the whole step: a statement left out has no answer). Plain statements from the EF model: on
    /// SQLite they run behind the single writer, so every microsecond is paid by every respondent waiting
    /// (bench/run.sh, answer).
    /// </summary>
    /// <param name="statementIds">Every statement of the principle.</param>
    /// <param name="answers">The answers posted, each to one of <paramref name="statementIds"/>.</param>
    /// <param name="db">The context of the respondent's request.</param>
    /// <param name="transaction">The open write transaction of the step.</param>
    /// <param name="responseId">The response being answered.</param>
    /// <param name="principleId">The principle of the step.</param>
    /// <param name="ct">Cancels the statements.</param>
    /// <exception cref="ArgumentException">An answer is not to a statement of the principle.</exception>
    public static async Task ReplaceStepAsync(DbContext db, IDbContextTransaction transaction, long responseId, string principleId,
        IReadOnlyList<string> statementIds, IReadOnlyList<(string ItemId, int Value)> answers, CancellationToken ct)
    {
        foreach (var (itemId, _) in answers)
        {
            if (!statementIds.Contains(itemId))
            {
                throw new ArgumentException($"Answer to {itemId} is not on the step of principle {principleId}.", nameof(answers));
            }
        }

        var sql = new ModelSql(db);
        DbCommand Command()
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            return command;
        }

        string A(string property) => sql.Column<Answer>(property);
        string S(string property) => sql.Column<ResponseScore>(property);
        var delete = Command();
        sql.Add<Answer>(delete, "id", nameof(Answer.ResponseId), responseId);
        var items = new List<string>();
        for (var n = 0; n < statementIds.Count; n++)
        {
            items.Add(sql.Placeholder($"i{n}"));
            sql.Add<Answer>(delete, $"i{n}", nameof(Answer.ItemId), statementIds[n]);
        }

        delete.CommandText = $"DELETE FROM {sql.Table<Answer>()} WHERE {A(nameof(Answer.ResponseId))} = {sql.Placeholder("id")}"
            + (items.Count > 0 ? $" AND {A(nameof(Answer.ItemId))} IN ({string.Join(", ", items)})" : "");
        await RunAsync(delete, ct);

        var deleteScore = Command();
        sql.Add<ResponseScore>(deleteScore, "id", nameof(ResponseScore.ResponseId), responseId);
        sql.Add<ResponseScore>(deleteScore, "p", nameof(ResponseScore.PrincipleId), principleId);
        deleteScore.CommandText = $"DELETE FROM {sql.Table<ResponseScore>()} WHERE {S(nameof(ResponseScore.ResponseId))} = {sql.Placeholder("id")} AND {S(nameof(ResponseScore.PrincipleId))} = {sql.Placeholder("p")}";
        await RunAsync(deleteScore, ct);

        foreach (var (itemId, value) in answers)
        {
            var insert = Command();
            sql.Insert<Answer>(insert,
                (nameof(Answer.ResponseId), responseId),
                (nameof(Answer.ItemId), itemId),
                (nameof(Answer.Value), value));
            await RunAsync(insert, ct);
        }

        foreach (var score in ResponseScore.Summarize(responseId, answers))
        {
            var insert = Command();
            sql.Insert<ResponseScore>(insert,
                (nameof(ResponseScore.ResponseId), score.ResponseId),
                (nameof(ResponseScore.PrincipleId), score.PrincipleId),
                (nameof(ResponseScore.Answered), score.Answered),
                (nameof(ResponseScore.Scored), score.Scored),
                (nameof(ResponseScore.Sum), score.Sum));
            await RunAsync(insert, ct);
        }
    }

    private static async Task RunAsync(DbCommand command, CancellationToken ct)
    {
        await using (command)
        {
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
