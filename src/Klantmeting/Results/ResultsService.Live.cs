using System.Text.Json;
using Klantmeting.Calls;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Uploads;
using Microsoft.Extensions.Caching.Memory;

namespace Klantmeting.Results;

public sealed partial class ResultsService
{
    /// <summary>
    /// How long after the last change of a response a computed figure of a round that is not frozen is checked again
    /// in full: a save takes its time stamp before it commits, so a save that commits late may carry a time stamp
    /// below the newest one already read (the version key would not see it). Figures computed at least this long after
    /// the newest response change are trusted until the key changes; earlier ones are recomputed on every read.
    /// </summary>
    public static readonly TimeSpan LiveSettleTime = TimeSpan.FromSeconds(10);

    /// <summary>How long the figures of a round that is not frozen stay in memory after their last use.</summary>
    public static readonly TimeSpan LiveCacheDuration = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The figure <paramref name="part"/> of a round that is not frozen (open, or closed before its snapshot was
    /// written): from memory when nothing that feeds it changed since it was computed, else computed now and kept.
    /// </summary>
    /// <remarks>
    /// Every read runs one query (<see cref="LiveVersionAsync"/>) on the round's indexed rows, so a second web process
    /// (another machine on the same database) never serves figures older than the database: a change made anywhere
    /// changes the key. Per round and part only the latest version is kept, and it expires after
    /// <see cref="LiveCacheDuration"/> unused.
    /// </remarks>
    private async Task<T> LiveAsync<T>(RoundContext context, string part, Func<Task<T>> compute, CancellationToken ct)
        where T : class
    {
        var version = await LiveVersionAsync(context, ct);
        var key = ("results-live", context.Round.Id, part);
        if (cache.TryGetValue(key, out LiveEntry? kept) && kept!.Version == version.Key && kept.Value is T value
            && (version.LastResponseChange is not { } last || kept.ComputedAt >= last + LiveSettleTime))
        {
            return value;
        }

        var computedAt = clock.GetUtcNow().UtcDateTime;
        var computed = await compute();
        cache.Set(key, new LiveEntry(version.Key, computedAt, computed), new MemoryCacheEntryOptions { SlidingExpiration = LiveCacheDuration });
        return computed;
    }

    /// <summary>
    /// The version key of everything a round's live figures are computed from, in one query: the number and newest
    /// change of its responses (every save, complete, import and deletion), the number of its participants (imports,
    /// removed samples), the number of its invitations in every state (dispatch, opt-out, bounce, failure), of its call
    /// cases and call attempts (telephone outcomes) and of its uploads; together with the round row itself (state,
    /// settings) and its Werkpleinen (code, name, region) as <see cref="LoadAsync"/> read them.
    /// </summary>
    private async Task<LiveVersion> LiveVersionAsync(RoundContext context, CancellationToken ct)
    {
        var m = new ModelSql(db);
        var round = m.Placeholder("round");
        string Count<T>(string extra = "") => $"(SELECT COUNT(*) FROM {m.Table<T>()} WHERE {m.Column<T>("RoundId")} = {round}{extra})";
        var states = Enum.GetValues<InvitationState>()
            .Select(s => Count<Invitation>($" AND {m.Column<Invitation>("State")} = {(int)s}"));
        var sql = $"""
            SELECT (SELECT MAX({m.Column<Response>("UpdatedAt")}) FROM {m.Table<Response>()} WHERE {m.Column<Response>("RoundId")} = {round}),
                   {Count<Response>()}, {Count<Participant>()}, {Count<CallCase>()}, {Count<CallAttempt>()}, {Count<Upload>()},
                   {string.Join(", ", states)}
            """;
        DateTime? last = null;
        var key = new StringBuilder();
        key.Append(JsonSerializer.Serialize(context.Round, _json)).Append('|');
        foreach (var w in context.Werkpleinen)
        {
            key.Append(w.Id).Append('\u001f').Append(w.Code).Append('\u001f').Append(w.Name).Append('\u001f').Append(w.Region).Append('\u001e');
        }

        await QueryAsync(sql, [("@round", context.Round.Id)], reader =>
        {
            last = reader.IsDBNull(0) ? null : DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc);
            key.Append('|').Append(last?.Ticks);
            for (var i = 1; i < reader.FieldCount; i++)
            {
                key.Append('|').Append(reader.GetInt64(i));
            }
        }, ct);
        return new LiveVersion(key.ToString(), last);
    }

    /// <summary>A round's version key and the newest change of its responses (null: none yet).</summary>
    private sealed record LiveVersion(string Key, DateTime? LastResponseChange);

    /// <summary>A kept figure: the version key it was computed under, when its computation started, and the figure.</summary>
    private sealed record LiveEntry(string Version, DateTime ComputedAt, object Value);
}
