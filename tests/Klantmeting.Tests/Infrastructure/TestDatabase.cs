using Klantmeting.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Klantmeting.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database of one provider for one test: a SQLite file in a temporary folder, or a new database
/// on the PostgreSQL server named by KLANTMETING_TEST_POSTGRES (the test script starts one on 127.0.0.1).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "KLANTMETING_TEST_POSTGRES";

    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresAdmin = null, string? postgresName = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// The providers every integration test runs against. PostgreSQL needs the server that infra/test.sh starts;
    /// without it those tests fail with a message saying so (they are never skipped silently).
    /// </summary>
    public static IEnumerable<object[]> Providers => [[DatabaseProvider.Sqlite], [DatabaseProvider.PostgreSql]];

    /// <summary>Settings that point a host at this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("ConnectionStrings:" + DatabaseExtensions.ConnectionStringName, ConnectionString),
        new("Database:Provider", Provider.ToString()),
    ];

    /// <summary>Creates an empty database; <paramref name="folder"/> holds the SQLite file.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, string folder)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return new TestDatabase(provider, $"Data Source={Path.Combine(folder, "klantmeting.db")}");
        }

        if (provider != DatabaseProvider.PostgreSql)
        {
            throw new NotSupportedException($"{provider} cannot run on this machine.");
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests through infra/test.sh.");
        var name = "km_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var csb = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(provider, csb.ConnectionString, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is null)
        {
            SqliteConnection.ClearAllPools();
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_postgresAdmin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
