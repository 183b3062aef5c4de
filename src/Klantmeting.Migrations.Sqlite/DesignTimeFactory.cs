using Klantmeting.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Klantmeting.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the model for SQLite without starting a host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KlantmetingDbContext>
{
    public KlantmetingDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<KlantmetingDbContext>();
        DatabaseExtensions.Configure(options, DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new KlantmetingDbContext(options.Options);
    }
}
