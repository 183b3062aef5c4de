using Klantmeting.Infrastructure.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Klantmeting.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef</c> build the model for PostgreSql without a server or a host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KlantmetingDbContext>
{
    public KlantmetingDbContext CreateDbContext(string[] args) =>
        DatabaseExtensions.CreateOfflineContext(DatabaseProvider.PostgreSql);
}
