using Klantmeting.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Klantmeting.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the model for SqlServer without a server or a host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KlantmetingDbContext>
{
    public KlantmetingDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<KlantmetingDbContext>();
        DatabaseExtensions.Configure(options, DatabaseProvider.SqlServer, "Server=design-time;Database=klantmeting;TrustServerCertificate=true");
        return new KlantmetingDbContext(options.Options);
    }
}
