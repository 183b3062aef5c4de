using Klantmeting.Demo;
using Klantmeting.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

using Klantmeting.Tests.Infrastructure;

namespace Klantmeting.Tests.Access;

/// <summary>The demo (Development default) creates a beheerder and a werkplein account to sign in with.</summary>
public sealed class DemoAccountsTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("klantmeting-demo-").FullName;

    [Fact]
    public async Task The_demo_creates_two_accounts_with_generated_passwords()
    {
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Klantmeting", $"Data Source={Path.Combine(_folder, "k.db")}");
            b.UseSetting("Mail:OutboxPath", Path.Combine(_folder, "outbox"));
            b.UseSetting("Demo:Seed", "true");
        });
        await using var scope = app.Services.CreateAsyncScope();

        var users = await scope.ServiceProvider.GetRequiredService<UserService>().ListAsync();

        Assert.Equal(2, users.Count);
        Assert.Contains(users, u => u is { Email: DemoSeeder.BeheerderEmail, Role: Roles.Beheerder, MustChangePassword: false });
        Assert.Contains(users, u => u.Email == DemoSeeder.WerkpleinEmail && u.Role == Roles.Werkplein && u.Werkpleinen.SequenceEqual(["WP-AMS"]));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // The demo's background dispatch may still be finishing an outbox file while the host stops: clean-up only.
        await Eventually.TrueAsync(() => TryDelete(_folder), TimeSpan.FromSeconds(2), "the outbox folder free to delete");
    }

    private static bool TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
