using Klantmeting.Rounds;
using Microsoft.EntityFrameworkCore.Storage;

namespace Klantmeting.Responses;

/// <summary>
/// The response row's write of one saved step, as a plain statement inside the caller's transaction: on SQLite it runs
/// behind the single writer, so every microsecond here is paid by every respondent waiting (bench/run.sh, answer). SQL
/// and parameters come from the EF model (<see cref="ModelSql"/>); the statement repeats the guard "response not
/// complete, round open". The step's answers and summary are written by <see cref="AnswerWriter"/>.
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
