using Klantmeting.Rounds;
using Klantmeting.Werkpleinen;

namespace Klantmeting.Checks;

/// <summary>One stored row that breaks an identifier rule: what it is, its value (made visible) and the rule.</summary>
public sealed record IdentifierProblem(string Table, int Id, string Value, string Message)
{
    /// <summary>The problem as <c>db check</c> prints it.</summary>
    public override string ToString() => $"{Table} {Id} ('{Value}'): {Message}";
}

/// <summary>
/// Lists stored Werkpleinen and rounds whose code or name breaks the rules of <see cref="WerkpleinCode"/> and
/// <see cref="RoundName"/> (rows from before the rules existed). It reports and never changes anything: renaming a
/// round or a code changes links and exports, which people decide.
/// </summary>
public sealed class IdentifierCheck(KlantmetingDbContext db)
{
    /// <summary>Lists every stored round name and Werkplein code that breaks today's rules.</summary>
    public async Task<IReadOnlyList<IdentifierProblem>> RunAsync(CancellationToken ct = default)
    {
        var problems = new List<IdentifierProblem>();
        var werkpleinen = await db.Werkpleinen.AsNoTracking().OrderBy(w => w.Id).Select(w => new { w.Id, w.Code }).ToListAsync(ct);
        var firstByCode = new Dictionary<string, (int Id, string Code)>(WerkpleinCode.Comparer);
        foreach (var w in werkpleinen)
        {
            if (WerkpleinCode.Check(w.Code) is { } message)
            {
                problems.Add(new IdentifierProblem("Werkplein", w.Id, Visible(w.Code), message));
            }

            if (!firstByCode.TryAdd(w.Code, (w.Id, w.Code)))
            {
                var first = firstByCode[w.Code];
                problems.Add(new IdentifierProblem("Werkplein", w.Id, Visible(w.Code),
                    $"dezelfde code als Werkplein {first.Id} ('{Visible(first.Code)}') als hoofdletters niet tellen; codes moeten ook dan uniek zijn"));
            }
        }

        var rounds = await db.Rounds.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        foreach (var r in rounds)
        {
            if (RoundName.Check(r.Name) is { } message)
            {
                problems.Add(new IdentifierProblem("Ronde", r.Id, Visible(r.Name), message));
            }
        }

        return problems;
    }

    /// <summary>The value with control and invisible characters written as \u0000, so a terminal shows them safely.</summary>
    private static string Visible(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
