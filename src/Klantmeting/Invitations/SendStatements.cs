using Microsoft.EntityFrameworkCore.Storage;

namespace Klantmeting.Invitations;

/// <summary>
/// The two writes the dispatcher makes per message, as prepared statements on the context's open connection: the
/// token hashes of a batch (one transaction) and marking one invitation sent. Through LINQ each cost more than
/// rendering the e-mail (bench/run.sh, dispatch); the SQL and its parameters come from the EF model (<see cref="ModelSql"/>).
/// </summary>
internal sealed class SendStatements(KlantmetingDbContext db) : IAsyncDisposable
{
    private readonly ModelSql _sql = new(db);
    private DbCommand? _markSent;

    /// <summary>The transaction the marking statement runs in (a group of messages), or null for none.</summary>
    public DbTransaction? Transaction { get; set; }

    /// <summary>
    /// Stores the hashes of the answer and opt-out tokens of a batch, all or none, with multi-row INSERTs (one round
    /// trip per hundred rows instead of one per token: on a database server that was 2 ms per message).
    /// </summary>
    public Task StoreTokensAsync(IReadOnlyDictionary<long, (string Answer, string OptOut)> tokens, DateTime createdAt, CancellationToken ct)
    {
        if (tokens.Count == 0)
        {
            return Task.CompletedTask;
        }

        return BulkWrite.RunAsync(db, bulk =>
        {
            var rows = bulk.Inserter<IssuedToken>(100,
                nameof(IssuedToken.Hash), nameof(IssuedToken.InvitationId), nameof(IssuedToken.Purpose), nameof(IssuedToken.CreatedAt));
            foreach (var (invitationId, pair) in tokens)
            {
                rows.Add(InvitationToken.Hash(pair.Answer), invitationId, TokenPurpose.Answer, createdAt);
                rows.Add(InvitationToken.Hash(pair.OptOut), invitationId, TokenPurpose.OptOut, createdAt);
            }

            return Task.FromResult(tokens.Count);
        }, ct);
    }

    /// <summary>
    /// Marks an invitation sent if this batch still holds its claim (an opt-out or a takeover that came meanwhile is
    /// not overwritten). Not cancellable: the server has accepted the message.
    /// </summary>
    public async Task MarkInvitationSentAsync(long invitationId, Guid claimId, DateTime now, DateTime? firstReminder)
    {
        var command = _markSent;
        if (command is null)
        {
            _markSent = command = db.Database.GetDbConnection().CreateCommand();
            string C(string property) => _sql.Column<Invitation>(property);
            command.CommandText = $"""
                UPDATE {_sql.Table<Invitation>()}
                SET {C(nameof(Invitation.State))} = {_sql.Placeholder("sent")}, {C(nameof(Invitation.ClaimId))} = NULL,
                    {C(nameof(Invitation.SentAt))} = {_sql.Placeholder("now")}, {C(nameof(Invitation.NextReminderAt))} = {_sql.Placeholder("next")},
                    {C(nameof(Invitation.LastError))} = NULL
                WHERE {C(nameof(Invitation.Id))} = {_sql.Placeholder("id")} AND {C(nameof(Invitation.ClaimId))} = {_sql.Placeholder("claim")}
                    AND {C(nameof(Invitation.State))} = {_sql.Placeholder("claimed")}
                """;
        }

        command.Transaction = Transaction;
        command.Parameters.Clear();
        _sql.Add<Invitation>(command, "sent", nameof(Invitation.State), InvitationState.Sent);
        _sql.Add<Invitation>(command, "now", nameof(Invitation.SentAt), now);
        _sql.Add<Invitation>(command, "next", nameof(Invitation.NextReminderAt), firstReminder);
        _sql.Add<Invitation>(command, "id", nameof(Invitation.Id), invitationId);
        _sql.Add<Invitation>(command, "claim", nameof(Invitation.ClaimId), claimId);
        _sql.Add<Invitation>(command, "claimed", nameof(Invitation.State), InvitationState.Claimed);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_markSent is not null)
        {
            await _markSent.DisposeAsync();
        }
    }
}
