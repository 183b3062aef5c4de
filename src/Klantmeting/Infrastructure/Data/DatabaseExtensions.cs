using Microsoft.Data.Sqlite;

namespace Klantmeting.Infrastructure.Data;

/// <summary>Registers the database for the configured provider.</summary>
public static class DatabaseExtensions
{
    /// <summary>Name of the connection string in <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Klantmeting";

    private static readonly SqliteConnectionSettings _normalSync = new(SqliteSynchronous.Normal);
    private static readonly SqliteConnectionSettings _fullSync = new(SqliteSynchronous.Full);

    /// <summary>The connection string used when none is configured: a SQLite file under <c>data/</c>.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/klantmeting.db";

    /// <summary>Registers <see cref="KlantmetingDbContext"/> for the configured provider, with its migrations assembly and connection settings.</summary>
    public static IHostApplicationBuilder AddKlantmetingDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);

        // Provider selection happens before Build() so that `dotnet ef` sees the right model.
        var provider = builder.Configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        var synchronous = builder.Configuration.GetValue(DatabaseOptions.Section + ":SqliteSynchronous", SqliteSynchronous.Normal);
        // Pooled: the options are built once (not per request) and a context instance is reused, which halved the
        // cost of opening a respondent's page (bench/run.sh, answer).
        builder.Services.AddDbContextPool<KlantmetingDbContext>(o => Configure(o, provider, connectionString, synchronous));
        return builder;
    }

    /// <summary>Configures <paramref name="options"/> for a provider; shared by the hosts, tests and tools.</summary>
    /// <exception cref="NotSupportedException">The provider is not available in this build.</exception>
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string? connectionString,
        SqliteSynchronous sqliteSynchronous = SqliteSynchronous.Normal)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(NormalizeSqlite(connectionString), o =>
                        o.MigrationsAssembly("Klantmeting.Migrations.Sqlite"))
                    .AddInterceptors(sqliteSynchronous == SqliteSynchronous.Full ? _fullSync : _normalSync);
                break;
            case DatabaseProvider.SqlServer:
                // No EnableRetryOnFailure: its retrying strategy refuses the explicit transactions that imports and
                // the answering page use; a failed request or job is retried at its own level instead.
                options.UseSqlServer(Require(connectionString, provider), o =>
                    o.MigrationsAssembly("Klantmeting.Migrations.SqlServer"));
                break;
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(Require(connectionString, provider), o =>
                    o.MigrationsAssembly("Klantmeting.Migrations.PostgreSql"));
                break;
            default:
                throw new NotSupportedException($"Database:Provider '{provider}' is unknown; use Sqlite, SqlServer or PostgreSql.");
        }
    }

    /// <summary>
    /// A context for <paramref name="provider"/> that never connects: for design-time tools, migration scripts and
    /// model checks, which need the provider's model but no server.
    /// </summary>
    public static KlantmetingDbContext CreateOfflineContext(DatabaseProvider provider)
    {
        var connection = provider switch
        {
            DatabaseProvider.SqlServer => "Server=offline;Database=klantmeting;TrustServerCertificate=true",
            DatabaseProvider.PostgreSql => "Host=offline;Database=klantmeting",
            _ => "Data Source=:memory:",
        };
        var options = new DbContextOptionsBuilder<KlantmetingDbContext>();
        Configure(options, provider, connection);
        return new KlantmetingDbContext(options.Options);
    }

    private static string Require(string? connectionString, DatabaseProvider provider) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                $"Database:Provider is {provider}, but ConnectionStrings:{ConnectionStringName} is empty. Set it (e.g. the environment variable ConnectionStrings__{ConnectionStringName}).")
            : connectionString;

    /// <summary>Makes sure the folder of a SQLite file exists and sets a busy timeout for concurrent hosts.</summary>
    public static string NormalizeSqlite(string? connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnectionString : connectionString);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            // Embedded default: web host and CLI started anywhere in the checkout share one file.
            csb.DataSource = Path.Combine(LocalData.Root, "klantmeting.db");
        }
        if (csb.DataSource is { Length: > 0 } file && file != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
        }

        if (csb.DefaultTimeout < 30)
        {
            csb.DefaultTimeout = 30;
        }

        return csb.ToString();
    }

    /// <summary>
    /// Stops before migrating a database that another build of Klantmeting migrated: one that lists a migration this
    /// build does not have. Without this check, a database made before the pre-release migrations were folded into one
    /// <c>Initial</c> (2026-12-01) failed at start with "table AspNetRoles already exists" and a stack trace.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database has migrations this build does not know.</exception>
    private static async Task RefuseUnknownMigrationsAsync(KlantmetingDbContext db, CancellationToken ct)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw new UnknownMigrationsException(
                $"De database is bijgewerkt door een andere versie van Klantmeting: ze kent migraties die deze versie niet heeft " +
                $"({string.Join(", ", unknown.Take(3))}{(unknown.Count > 3 ? ", ..." : "")}). Een database die gemaakt is " +
                "vóór de eerste release (met migraties van vóór 3 december 2026) kan niet worden bijgewerkt: begin met een nieuwe database (bij de ingebouwde " +
                "standaard: verwijder data/klantmeting.db*), of gebruik de versie die deze database maakte.");
        }
    }

    /// <summary>Applies pending migrations (and, on SQLite, switches the file to WAL so web and CLI can share it).</summary>
    public static async Task MigrateKlantmetingDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        if (!scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            return;
        }

        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        await RefuseUnknownMigrationsAsync(db, ct);
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}

/// <summary>
/// The database carries migrations this build does not have (made by a newer build, or before the pre-release
/// migrations were folded). Start-up stops with this message instead of migrating.
/// </summary>
public sealed class UnknownMigrationsException(string message) : InvalidOperationException(message);
