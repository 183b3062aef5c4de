using Klantmeting.Infrastructure.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Klantmeting.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the model for SqlServer without a server or a host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KlantmetingDbContext>
{
    public KlantmetingDbContext CreateDbContext(string[] args) =>
        DatabaseExtensions.CreateOfflineContext(DatabaseProvider.SqlServer);
}
