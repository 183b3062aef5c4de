namespace Klantmeting.Werkpleinen;

/// <summary>One Werkplein as the Werkpleinen page and <c>werkpleinen list</c> show it.</summary>
/// <param name="Code">Its code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Region">Its region, if any.</param>
/// <param name="Rounds">Rounds with participants of this Werkplein.</param>
/// <param name="Participants">Participants of this Werkplein, over all rounds.</param>
/// <param name="Users">Werkplein users bound to it.</param>
public sealed record WerkpleinSummary(string Code, string Name, string? Region, int Rounds, int Participants, int Users);

/// <summary>A Werkplein cannot be changed as asked; the Dutch message says why.</summary>
public sealed class WerkpleinException(string message) : Exception(message);

/// <summary>
/// Lists Werkpleinen and changes one (code, name, region) for the web page and the CLI, with the same checks as the
/// import (<see cref="WerkpleinCode"/>, <see cref="WerkpleinImporter.MaxNameLength"/>). A code can change only while
/// no round has participants of that Werkplein: exports, reports and frozen results name a Werkplein by its code.
/// </summary>
public sealed class WerkpleinService(KlantmetingDbContext db, Audit.AuditLog audit)
{
    /// <summary>Every Werkplein with its counts (counted in the database), ordered by code.</summary>
    public async Task<IReadOnlyList<WerkpleinSummary>> ListAsync(CancellationToken ct = default)
    {
        var werkpleinen = await db.Werkpleinen.AsNoTracking().ToListAsync(ct);
        var participants = await db.Participants.GroupBy(p => p.WerkpleinId)
            .Select(g => new { g.Key, Count = g.Count(), Rounds = g.Select(p => p.RoundId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, ct);
        var bound = await db.UserWerkpleinen.GroupBy(u => u.WerkpleinId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return werkpleinen
            .Select(w => new WerkpleinSummary(w.Code, w.Name, w.Region, participants.GetValueOrDefault(w.Id)?.Rounds ?? 0,
                participants.GetValueOrDefault(w.Id)?.Count ?? 0, bound.GetValueOrDefault(w.Id)))
            .OrderBy(w => w.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The Werkplein with exactly this code, or null.</summary>
    public async Task<WerkpleinSummary?> FindAsync(string code, CancellationToken ct = default) =>
        (await ListAsync(ct)).SingleOrDefault(w => w.Code == code);

    /// <summary>
    /// Gives the Werkplein <paramref name="code"/> a new code, name and region (an empty region removes it) and records
    /// "Werkplein gewijzigd" when anything changed.
    /// </summary>
    /// <returns>The Werkplein as it is now.</returns>
    /// <exception cref="WerkpleinException">Unknown code; invalid new code, name or region; the new code is taken; the code
    /// changes while a round uses the Werkplein. Nothing changed.</exception>
    public async Task<Werkplein> UpdateAsync(string code, string newCode, string name, string? region, CancellationToken ct = default)
    {
        var werkplein = await db.Werkpleinen.SingleOrDefaultAsync(w => w.Code == code, ct)
            ?? throw new WerkpleinException($"Er is geen Werkplein met de code {code}.");
        newCode = newCode.Trim();
        name = name.Trim();
        region = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        Check(newCode, name, region);
        var changes = new List<string>();
        if (newCode != werkplein.Code)
        {
            await CheckNewCodeAsync(werkplein, newCode, ct);
            changes.Add($"code {werkplein.Code} -> {newCode}");
        }

        if (name != werkplein.Name)
        {
            changes.Add($"naam {werkplein.Name} -> {name}");
        }

        if (region != werkplein.Region)
        {
            changes.Add($"regio {werkplein.Region ?? "(geen)"} -> {region ?? "(geen)"}");
        }

        if (changes.Count == 0)
        {
            return werkplein;
        }

        var oldCode = werkplein.Code;
        werkplein.Code = newCode;
        werkplein.Name = name;
        werkplein.Region = region;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(Audit.AuditAction.WerkpleinChanged, Audit.AuditObject.Werkplein, oldCode, null, string.Join("; ", changes), ct);
        return werkplein;
    }

    private static void Check(string code, string name, string? region)
    {
        if (WerkpleinCode.Check(code) is { } error)
        {
            throw new WerkpleinException(char.ToUpperInvariant(error[0]) + error[1..] + ".");
        }

        if (name.Length == 0)
        {
            throw new WerkpleinException("Vul een naam in.");
        }

        if (name.Length > WerkpleinImporter.MaxNameLength || region?.Length > WerkpleinImporter.MaxNameLength)
        {
            throw new WerkpleinException($"Een naam of regio is hoogstens {WerkpleinImporter.MaxNameLength} tekens lang.");
        }
    }

    private async Task CheckNewCodeAsync(Werkplein werkplein, string newCode, CancellationToken ct)
    {
        var rounds = await db.Participants.Where(p => p.WerkpleinId == werkplein.Id).Select(p => p.RoundId).Distinct().CountAsync(ct);
        if (rounds > 0)
        {
            throw new WerkpleinException($"De code {werkplein.Code} kan niet meer veranderen: {(rounds == 1 ? "een ronde heeft" : $"{rounds} rondes hebben")} "
                + "deelnemers van dit Werkplein, en exports en rapporten noemen het Werkplein bij deze code. De naam en de regio kunt u wel wijzigen.");
        }

        // Codes are unique without regard to case; another case of the same code is allowed.
        var taken = (await db.Werkpleinen.Where(w => w.Id != werkplein.Id).Select(w => w.Code).ToListAsync(ct))
            .FirstOrDefault(c => WerkpleinCode.Comparer.Equals(c, newCode));
        if (taken is not null)
        {
            throw new WerkpleinException($"Er is al een Werkplein met de code {taken}.");
        }
    }
}
