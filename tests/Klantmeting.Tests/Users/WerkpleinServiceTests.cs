using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Participants;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Users;

/// <summary><see cref="WerkpleinService"/>: the list with its counts, and editing code, name and region with each refusal.</summary>
public sealed class WerkpleinServiceTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lists_counts_and_changes_a_code_only_while_no_round_uses_it(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(provider: provider);
        var round = await host.SeedRoundAsync("Voorjaar", 3);
        await using var scope = host.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var used = await db.Participants.Where(p => p.RoundId == round.Id).Select(p => p.WerkpleinId).Distinct().SingleAsync();
        var usedCode = await db.Werkpleinen.Where(w => w.Id == used).Select(w => w.Code).SingleAsync();
        db.Werkpleinen.AddRange(new Werkplein { Code = "WP-NIEUW", Name = "Nieuw" }, new Werkplein { Code = "WP-ANDER", Name = "Ander" });
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("wp@werkplein.test", Roles.Werkplein, [usedCode], "Correct-Paard-Batterij-9");
        var service = scope.ServiceProvider.GetRequiredService<WerkpleinService>();

        var list = await service.ListAsync();
        var usedRow = list.Single(w => w.Code == usedCode);
        Assert.Equal((1, 3, 1), (usedRow.Rounds, usedRow.Participants, usedRow.Users));
        Assert.Equal((0, 0, 0), list.Single(w => w.Code == "WP-NIEUW") is var n ? (n.Rounds, n.Participants, n.Users) : default);

        // Name and region of a used Werkplein can change; its code cannot.
        await service.UpdateAsync(usedCode, usedCode, "Werkplein Hoofdstad", "Noord-Holland");
        var refused = await Assert.ThrowsAsync<WerkpleinException>(() => service.UpdateAsync(usedCode, "WP-XYZ", "Werkplein Hoofdstad", null));
        Assert.StartsWith($"De code {usedCode} kan niet meer veranderen: een ronde heeft deelnemers van dit Werkplein", refused.Message, StringComparison.Ordinal);

        await service.UpdateAsync("WP-NIEUW", "WP-NW", "Nieuw West", "");
        Assert.Equal("Er is al een Werkplein met de code WP-ANDER.",
            (await Assert.ThrowsAsync<WerkpleinException>(() => service.UpdateAsync("WP-NW", "wp-ander", "Nieuw West", null))).Message);
        Assert.StartsWith("De code bevat een teken dat niet mag ('/')",
            (await Assert.ThrowsAsync<WerkpleinException>(() => service.UpdateAsync("WP-NW", "WP/NW", "Nieuw West", null))).Message, StringComparison.Ordinal);
        Assert.Equal("Vul een naam in.", (await Assert.ThrowsAsync<WerkpleinException>(() => service.UpdateAsync("WP-NW", "WP-NW", " ", null))).Message);
        Assert.Equal("Er is geen Werkplein met de code WP-WEG.", (await Assert.ThrowsAsync<WerkpleinException>(() => service.UpdateAsync("WP-WEG", "WP-WEG", "x", null))).Message);

        list = await service.ListAsync();
        Assert.Equal(("Werkplein Hoofdstad", "Noord-Holland"), list.Single(w => w.Code == usedCode) is var u ? (u.Name, u.Region) : default);
        Assert.Equal(("Nieuw West", (string?)null), list.Single(w => w.Code == "WP-NW") is var nw ? (nw.Name, nw.Region) : default);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditAction.WerkpleinChanged).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([usedCode, "WP-NIEUW"], entries.Select(e => e.ObjectKey));
        Assert.Equal("code WP-NIEUW -> WP-NW; naam Nieuw -> Nieuw West", entries[1].Details);
        Assert.Equal("Werkplein gewijzigd", AuditLog.Describe(AuditAction.WerkpleinChanged));
    }
}
