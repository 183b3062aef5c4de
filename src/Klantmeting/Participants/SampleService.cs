using Klantmeting.Audit;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Rounds;

namespace Klantmeting.Participants;

/// <summary>Participants of one Werkplein in a round.</summary>
/// <param name="Code">The Werkplein's code.</param>
/// <param name="Name">The Werkplein's name.</param>
/// <param name="Participants">Participants of the round at this Werkplein.</param>
public sealed record WerkpleinCount(string Code, string Name, int Participants);

/// <summary>Participants of a round with one value of one attribute.</summary>
/// <param name="Attribute">The stored attribute name.</param>
/// <param name="Value">The value as stored.</param>
/// <param name="Participants">Participants with this value.</param>
public sealed record AttributeValueCount(string Attribute, string Value, int Participants);

/// <summary>What a round's sample looks like, counted in the database.</summary>
/// <param name="Total">All participants of the round.</param>
/// <param name="PerWerkplein">Per Werkplein, by code.</param>
/// <param name="PerAttributeValue">Per attribute and value, by attribute then value; participants without the attribute are not counted.</param>
public sealed record SampleSummary(int Total, IReadOnlyList<WerkpleinCount> PerWerkplein, IReadOnlyList<AttributeValueCount> PerAttributeValue);

/// <summary>The sample of a round as a whole: its counts, and removing it while the round is a draft.</summary>
public sealed class SampleService(KlantmetingDbContext db, AuditLog audit)
{
    /// <summary>Attribute values listed per attribute at most; a free column with a value per person says nothing more.</summary>
    public const int MaxValuesPerAttribute = 50;

    /// <summary>Counts the participants of the round per Werkplein and per attribute value.</summary>
    public async Task<SampleSummary> SummaryAsync(int roundId, CancellationToken ct = default)
    {
        var perWerkplein = await db.Participants.Where(p => p.RoundId == roundId)
            .GroupBy(p => p.WerkpleinId)
            .Select(g => new { WerkpleinId = g.Key, Count = g.Count() })
            .Join(db.Werkpleinen, c => c.WerkpleinId, w => w.Id, (c, w) => new WerkpleinCount(w.Code, w.Name, c.Count))
            .ToListAsync(ct);
        var perValue = await db.ParticipantAttributes
            .Where(a => db.Participants.Any(p => p.Id == a.ParticipantId && p.RoundId == roundId))
            .GroupBy(a => new { a.Name, a.Value })
            .Select(g => new AttributeValueCount(g.Key.Name, g.Key.Value, g.Count()))
            .ToListAsync(ct);
        var values = perValue.GroupBy(v => v.Attribute)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderByDescending(v => v.Participants).ThenBy(v => v.Value, StringComparer.Ordinal).Take(MaxValuesPerAttribute))
            .ToList();
        return new SampleSummary(perWerkplein.Sum(w => w.Participants),
            [.. perWerkplein.OrderBy(w => w.Code, StringComparer.Ordinal)], values);
    }

    /// <summary>Removes every participant of a draft round (with their e-mail addresses, attributes and invitations).</summary>
    /// <returns>The participants removed.</returns>
    /// <exception cref="ImportException">The round does not exist, is open or closed, or has answers; nothing was removed.</exception>
    public async Task<int> RemoveAsync(string roundName, CancellationToken ct = default)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new ImportException($"Er is geen ronde met de naam '{roundName}'.");
        await SampleRules.EnsureReplaceableAsync(db, round, ct);
        int removed;
        using (await WriteGate.EnterAsync(db, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            removed = await SampleRules.RemoveInTransactionAsync(db, round, ct);
            await tx.CommitAsync(ct);
        }

        await audit.RecordAsync(AuditAction.ParticipantsRemoved, AuditObject.Round, round.Name, round.Name,
            $"{removed.ToString("N0", CultureInfo.GetCultureInfo("nl-NL"))} deelnemers verwijderd", ct);
        return removed;
    }
}

/// <summary>When the sample of a round may be replaced or removed: only while nobody was invited or answered.</summary>
internal static class SampleRules
{
    /// <exception cref="ImportException">The round is open or closed, or has answers.</exception>
    public static async Task EnsureReplaceableAsync(KlantmetingDbContext db, Round round, CancellationToken ct)
    {
        if (round.State != RoundState.Draft)
        {
            throw new ImportException(
                $"Ronde '{round.Name}' is {RoundService.Describe(round.State)}; de deelnemers kunnen alleen vervangen of verwijderd worden " +
                "zolang de ronde in voorbereiding is. Na het openen zijn er uitnodigingen verstuurd die bij deze deelnemers horen.");
        }

        if (await db.Responses.AnyAsync(r => r.RoundId == round.Id, ct))
        {
            throw new ImportException(
                $"Ronde '{round.Name}' heeft al antwoorden; de deelnemers kunnen daarom niet vervangen of verwijderd worden (hun antwoorden zouden verdwijnen).");
        }
    }

    /// <summary>
    /// Deletes the round's participants inside the caller's transaction, after checking again that the round is still
    /// a draft without answers (it may have been opened meanwhile). Contacts, attributes and invitations go with them
    /// (cascade).
    /// </summary>
    /// <exception cref="ImportException">The round was opened or answered meanwhile.</exception>
    public static async Task<int> RemoveInTransactionAsync(KlantmetingDbContext db, Round round, CancellationToken ct)
    {
        var current = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == round.Id, ct);
        await EnsureReplaceableAsync(db, current, ct);
        return await db.Participants.Where(p => p.RoundId == round.Id).ExecuteDeleteAsync(ct);
    }
}
