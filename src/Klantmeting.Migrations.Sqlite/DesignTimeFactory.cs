using Klantmeting.Infrastructure.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Klantmeting.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the model for SQLite without starting a host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KlantmetingDbContext>
{
    public KlantmetingDbContext CreateDbContext(string[] args) =>
        DatabaseExtensions.CreateOfflineContext(DatabaseProvider.Sqlite);
}
