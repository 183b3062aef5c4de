using Klantmeting.Infrastructure.Data;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Klantmeting.Tests.Data;

/// <summary>Every provider's migrations are in step with the one model; the SQL Server script is valid T-SQL.</summary>
public sealed class MigrationsTests
{
    private static KlantmetingDbContext Context(DatabaseProvider provider) => DatabaseExtensions.CreateOfflineContext(provider);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void Model_has_no_changes_without_a_migration(DatabaseProvider provider)
    {
        using var db = Context(provider);
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model changed without a migration for {provider}: run infra/add-migration.sh NAME.");
    }

    [Fact]
    public void Every_provider_has_the_same_migration_names_after_its_first()
    {
        // Each provider starts with its own Initial; every later migration is added to all by infra/add-migration.sh.
        var names = new[] { DatabaseProvider.Sqlite, DatabaseProvider.SqlServer, DatabaseProvider.PostgreSql }
            .Select(p =>
            {
                using var db = Context(p);
                return db.Database.GetMigrations().Select(m => m[15..]).ToList();
            }).ToList();
        Assert.All(names, n => Assert.Equal("Initial", n[0]));
        var sqlServerLater = names[1].Skip(1).ToList();
        Assert.Equal(sqlServerLater, names[2].Skip(1).ToList());
        Assert.All(sqlServerLater, n => Assert.Contains(n, names[0]));
    }

    [Fact]
    public async Task Sql_server_script_from_the_cli_parses_and_covers_every_table_and_index()
    {
        using var db = Context(DatabaseProvider.SqlServer);
        var file = Path.Combine(Path.GetTempPath(), $"klantmeting-{Guid.NewGuid():N}.sql");
        var output = new StringWriter();
        var code = await Klantmeting.Cli.CliApp.RunAsync(["db", "script", "--provider", "SqlServer", "--out", file], output, new StringWriter());
        Assert.Equal(0, code);
        var script = await File.ReadAllTextAsync(file);
        File.Delete(file);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal); // idempotent

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")));

        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            Assert.Contains($"CREATE TABLE [{table}]", script, StringComparison.Ordinal);
            foreach (var index in entity.GetIndexes())
            {
                Assert.Contains($"[{index.GetDatabaseName()}] ON [{table}]", script, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("20261123020610_Initial")] // before the first fold (1 December 2026)
    [InlineData("20261201200815_Initial")] // before the second fold (3 December 2026)
    public async Task A_database_with_migrations_this_build_does_not_know_is_refused_with_a_clear_message(string oldMigration)
    {
        // A database migrated before the pre-release migrations were folded into one Initial.
        await using var host = await TestHost.StartAsync();
        await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({0}, '10.0.14')", oldMigration));
        await using var scope = host.CreateScope();
        var error = await Assert.ThrowsAsync<UnknownMigrationsException>(() => scope.ServiceProvider.MigrateKlantmetingDatabaseAsync());
        Assert.Contains(oldMigration, error.Message);
        Assert.Contains("begin met een nieuwe database", error.Message);
    }

    [Fact]
    public async Task The_command_line_on_a_database_from_another_build_says_so_in_one_line_and_changes_nothing()
    {
        await using var db = await Klantmeting.Tests.Imports.ImportTestDatabase.CreateAsync();
        await db.DbAsync(d => d.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('20261201210827_AuditLog', '10.0.14')"));

        var (code, output, error) = await db.RunCliAsync("db", "migrate");

        Assert.Equal(Klantmeting.Cli.CliApp.UserError, code);
        Assert.Equal("", output);
        Assert.StartsWith("De database is bijgewerkt door een andere versie van Klantmeting", error, StringComparison.Ordinal);
        Assert.Contains("20261201210827_AuditLog", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, await db.DbAsync(d => d.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"__EFMigrationsHistory\"").SingleAsync()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_Initial_migration_keeps_the_column_defaults_of_the_folded_chain(DatabaseProvider provider)
    {
        // The folded chain added these columns to existing rows with a default; an insert written by hand that names only
        // the older columns (the results benchmark does) must still work, and get the same values the model uses.
        await using var host = await TestHost.StartAsync(provider: provider);
        await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"Rounds\" (\"Name\", \"QuestionnaireId\", \"FieldworkStart\", \"FieldworkEnd\", \"State\", \"CreatedAt\") " +
            "VALUES ('Met de hand', 'werkzoekenden-2009', {0}, {1}, 0, {2})",
            new DateOnly(2009, 3, 1), new DateOnly(2009, 4, 30), new DateTime(2009, 2, 1, 0, 0, 0, DateTimeKind.Utc)));

        var round = await host.WithDbAsync(db => db.Rounds.AsNoTracking().SingleAsync(r => r.Name == "Met de hand"));
        Assert.False(round.SendingPaused);
        Assert.Equal(Klantmeting.Rounds.RoundMode.Web, round.Mode);
        Assert.Equal(Klantmeting.Rounds.RoundModeSettings.DefaultCallListAfterDays, round.CallListAfterDays);
        Assert.Equal(Klantmeting.Rounds.RoundModeSettings.DefaultMaxCallAttempts, round.MaxCallAttempts);
        Assert.Equal(Klantmeting.Rounds.RoundModeSettings.DefaultCallingHoursStart, round.CallingHoursStart);
        Assert.Equal(Klantmeting.Rounds.RoundModeSettings.DefaultCallingHoursEnd, round.CallingHoursEnd);
        Assert.False(round.CallOnSaturday);
    }
}
