using Klantmeting.Audit;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Klantmeting.Tests.Users;

/// <summary>
/// <see cref="UserService"/>'s account changes on a real database (SQLite and PostgreSQL): deactivate, reactivate,
/// unlock, reset the password, bind Werkpleinen, with every refusal and an audit entry without an e-mail address.
/// </summary>
public sealed class UserServiceTests
{
    private const string Password = "Correct-Paard-Batterij-9";

    /// <summary>An actor the test can switch (the web host names the signed-in user by id).</summary>
    private sealed class SwitchableActor : IAuditActor
    {
        public string Id { get; set; } = "cli:test";
    }

    private sealed record Fixture(TestHost Host, SwitchableActor Actor, AsyncServiceScope Scope) : IAsyncDisposable
    {
        public UserService Users => Scope.ServiceProvider.GetRequiredService<UserService>();

        public UserManager<User> Manager => Scope.ServiceProvider.GetRequiredService<UserManager<User>>();

        public KlantmetingDbContext Db => Scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();

        public async Task<User> ReloadAsync(string email)
        {
            Db.ChangeTracker.Clear();
            return (await Manager.FindByEmailAsync(email))!;
        }

        public async Task<List<AuditEntry>> AuditAsync() => await Db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();

        public async ValueTask DisposeAsync()
        {
            await Scope.DisposeAsync();
            await Host.DisposeAsync();
        }
    }

    private static async Task<Fixture> StartAsync(DatabaseProvider provider)
    {
        var actor = new SwitchableActor();
        var host = await TestHost.StartAsync(provider: provider, services: s =>
        {
            s.RemoveAll<IAuditActor>();
            s.AddSingleton<IAuditActor>(actor);
        });
        var scope = host.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        db.Werkpleinen.AddRange(new Werkplein { Code = "WP-A", Name = "A" }, new Werkplein { Code = "WP-B", Name = "B" });
        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync("baas@ako.test", Roles.Beheerder, [], Password, mustChangePassword: false);
        await users.CreateAsync("jan.jansen@werkplein.test", Roles.Werkplein, ["WP-A"], Password, mustChangePassword: false);
        return new Fixture(host, actor, scope);
    }

    private static async Task<string> RefusedAsync(Func<Task> action) => (await Assert.ThrowsAsync<UserException>(action)).Message;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deactivate_refuses_sign_in_changes_the_security_stamp_and_reactivate_undoes_it(DatabaseProvider provider)
    {
        await using var f = await StartAsync(provider);
        var before = await f.ReloadAsync("jan.jansen@werkplein.test");
        var stamp = before.SecurityStamp;

        await f.Users.DeactivateAsync("jan.jansen@werkplein.test");

        var deactivated = await f.ReloadAsync("jan.jansen@werkplein.test");
        Assert.NotEqual(stamp, deactivated.SecurityStamp);
        Assert.True(await f.Manager.IsLockedOutAsync(deactivated));
        var row = (await f.Users.ListAsync()).Single(u => u.Email == "jan.jansen@werkplein.test");
        Assert.Equal(UserState.Deactivated, row.State);
        Assert.Equal("gedeactiveerd", row.StateText);
        // Still deactivated a hundred years later: not a lockout that runs out.
        f.Host.Clock.Advance(TimeSpan.FromDays(36500));
        Assert.Equal(UserState.Deactivated, (await f.Users.ListAsync()).Single(u => u.Email == "jan.jansen@werkplein.test").State);
        Assert.Equal("Gebruiker jan.jansen@werkplein.test is al gedeactiveerd.", await RefusedAsync(() => f.Users.DeactivateAsync("jan.jansen@werkplein.test")));
        Assert.Equal("Gebruiker jan.jansen@werkplein.test is gedeactiveerd, niet geblokkeerd: maak de gebruiker weer actief (users reactivate).",
            await RefusedAsync(() => f.Users.UnlockAsync("jan.jansen@werkplein.test")));

        await f.Users.ReactivateAsync("jan.jansen@werkplein.test");

        var active = await f.ReloadAsync("jan.jansen@werkplein.test");
        Assert.False(await f.Manager.IsLockedOutAsync(active));
        Assert.True(await f.Manager.CheckPasswordAsync(active, Password));
        Assert.Equal(["WP-A"], (await f.Users.ListAsync()).Single(u => u.Email == "jan.jansen@werkplein.test").Werkpleinen);
        Assert.Equal("Gebruiker jan.jansen@werkplein.test is niet gedeactiveerd.", await RefusedAsync(() => f.Users.ReactivateAsync("jan.jansen@werkplein.test")));
        Assert.Equal([AuditAction.UserCreated, AuditAction.UserCreated, AuditAction.UserDeactivated, AuditAction.UserReactivated],
            (await f.AuditAsync()).Select(e => e.Action));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_beheerder_cannot_deactivate_themselves_nor_the_last_active_beheerder(DatabaseProvider provider)
    {
        await using var f = await StartAsync(provider);
        var baas = await f.ReloadAsync("baas@ako.test");

        Assert.Equal("Gebruiker baas@ako.test is de laatste actieve beheerder en kan niet gedeactiveerd worden. Maak eerst een andere beheerder aan.",
            await RefusedAsync(() => f.Users.DeactivateAsync("baas@ako.test")));
        await f.Users.CreateAsync("tweede@ako.test", Roles.Beheerder, [], Password, mustChangePassword: false);
        f.Actor.Id = baas.Id;
        Assert.Equal("U kunt uw eigen account niet deactiveren. Vraag dat aan een andere beheerder.",
            await RefusedAsync(() => f.Users.DeactivateAsync("baas@ako.test")));

        await f.Users.DeactivateAsync("tweede@ako.test");
        f.Actor.Id = "cli:test";
        Assert.Contains("de laatste actieve beheerder", await RefusedAsync(() => f.Users.DeactivateAsync("baas@ako.test")), StringComparison.Ordinal);
        Assert.False(await f.Manager.IsLockedOutAsync(await f.ReloadAsync("baas@ako.test")));
        Assert.Equal("Er is geen gebruiker met het e-mailadres niemand@ako.test.", await RefusedAsync(() => f.Users.DeactivateAsync("niemand@ako.test")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reset_password_gives_a_new_one_time_password_ends_sessions_and_lifts_a_lockout(DatabaseProvider provider)
    {
        await using var f = await StartAsync(provider);
        var user = await f.ReloadAsync("jan.jansen@werkplein.test");
        for (var i = 0; i < UsersExtensions.MaxFailedSignIns; i++)
        {
            await f.Manager.AccessFailedAsync(user);
        }

        Assert.Equal(UserState.LockedOut, (await f.Users.ListAsync()).Single(u => u.Email == user.Email).State);
        var stamp = (await f.ReloadAsync(user.Email!)).SecurityStamp;

        var password = await f.Users.ResetPasswordAsync("jan.jansen@werkplein.test");

        var reset = await f.ReloadAsync("jan.jansen@werkplein.test");
        Assert.Equal(20, password.Length);
        Assert.True(await f.Manager.CheckPasswordAsync(reset, password));
        Assert.False(await f.Manager.CheckPasswordAsync(reset, Password));
        Assert.True(reset.MustChangePassword);
        Assert.NotEqual(stamp, reset.SecurityStamp);
        Assert.False(await f.Manager.IsLockedOutAsync(reset));
        Assert.Equal("wachtwoord te wijzigen", (await f.Users.ListAsync()).Single(u => u.Email == user.Email).StateText);

        // A deactivated user stays deactivated after a reset.
        await f.Users.DeactivateAsync("jan.jansen@werkplein.test");
        await f.Users.ResetPasswordAsync("jan.jansen@werkplein.test");
        Assert.Equal(UserState.Deactivated, (await f.Users.ListAsync()).Single(u => u.Email == user.Email).State);
        Assert.Equal("Er is geen gebruiker met het e-mailadres niemand@ako.test.", await RefusedAsync(() => f.Users.ResetPasswordAsync("niemand@ako.test")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lock_and_unlock_are_recorded_and_unlock_lifts_a_lockout_after_failed_sign_ins(DatabaseProvider provider)
    {
        await using var f = await StartAsync(provider);
        await f.Users.LockAsync("jan.jansen@werkplein.test");
        var locked = (await f.Users.ListAsync()).Single(u => u.Email == "jan.jansen@werkplein.test");
        Assert.Equal(UserState.LockedOut, locked.State);
        Assert.Equal("geblokkeerd", locked.StateText);
        await f.Users.UnlockAsync("jan.jansen@werkplein.test");
        Assert.Equal(UserState.Active, (await f.Users.ListAsync()).Single(u => u.Email == "jan.jansen@werkplein.test").State);

        var user = await f.ReloadAsync("jan.jansen@werkplein.test");
        for (var i = 0; i < UsersExtensions.MaxFailedSignIns; i++)
        {
            await f.Manager.AccessFailedAsync(user);
        }

        await f.Users.UnlockAsync("jan.jansen@werkplein.test");
        Assert.False(await f.Manager.IsLockedOutAsync(await f.ReloadAsync("jan.jansen@werkplein.test")));
        var entries = await f.AuditAsync();
        Assert.Equal([AuditAction.UserLocked, AuditAction.UserUnlocked, AuditAction.UserUnlocked], entries.Skip(2).Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(AuditObject.User, e.ObjectType));
        Assert.All(entries.Skip(2), e => Assert.Equal(user.Id, e.ObjectKey));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Set_werkpleinen_replaces_the_set_and_refuses_what_create_refuses(DatabaseProvider provider)
    {
        await using var f = await StartAsync(provider);
        await f.Users.SetWerkpleinenAsync("jan.jansen@werkplein.test", ["WP-B", "WP-A"]);
        Assert.Equal(["WP-A", "WP-B"], (await f.Users.ListAsync()).Single(u => u.Email == "jan.jansen@werkplein.test").Werkpleinen);
        await f.Users.SetWerkpleinenAsync("jan.jansen@werkplein.test", ["WP-B"]);
        Assert.Equal(["WP-B"], (await f.Users.ListAsync()).Single(u => u.Email == "jan.jansen@werkplein.test").Werkpleinen);
        await f.Users.SetWerkpleinenAsync("jan.jansen@werkplein.test", ["WP-B"]); // no change: not recorded

        Assert.Equal("Onbekende Werkplein-code: 'WP-ZZZ'.", await RefusedAsync(() => f.Users.SetWerkpleinenAsync("jan.jansen@werkplein.test", ["WP-A", "WP-ZZZ"])));
        Assert.Contains("hoort bij minstens één Werkplein", await RefusedAsync(() => f.Users.SetWerkpleinenAsync("jan.jansen@werkplein.test", [])), StringComparison.Ordinal);
        Assert.Equal("Een beheerder ziet alle Werkpleinen: laat --werkplein weg.", await RefusedAsync(() => f.Users.SetWerkpleinenAsync("baas@ako.test", ["WP-A"])));
        Assert.Equal(["WP-B"], (await f.Users.ListAsync()).Single(u => u.Email == "jan.jansen@werkplein.test").Werkpleinen);
        var changes = (await f.AuditAsync()).Where(e => e.Action == AuditAction.UserChanged).Select(e => e.Details).ToList();
        Assert.Equal(["Werkpleinen WP-A -> WP-A, WP-B", "Werkpleinen WP-A, WP-B -> WP-B"], changes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task No_user_action_puts_an_email_address_in_the_audit_log(DatabaseProvider provider)
    {
        await using var f = await StartAsync(provider);
        const string email = "jan.jansen@werkplein.test";
        await f.Users.LockAsync(email);
        await f.Users.UnlockAsync(email);
        await f.Users.SetWerkpleinenAsync(email, ["WP-A", "WP-B"]);
        await f.Users.ResetPasswordAsync(email);
        await f.Users.DeactivateAsync(email);
        await f.Users.ReactivateAsync(email);

        var entries = await f.AuditAsync();
        Assert.Equal(8, entries.Count);
        var id = (await f.ReloadAsync(email)).Id;
        Assert.Equal(7, entries.Count(e => e.ObjectKey == id));
        foreach (var e in entries)
        {
            Assert.DoesNotContain('@', e.Actor + e.ObjectKey + e.Details + e.Round);
            Assert.DoesNotContain("jansen", e.Actor + e.ObjectKey + e.Details + e.Round, StringComparison.OrdinalIgnoreCase);
        }
    }
}
