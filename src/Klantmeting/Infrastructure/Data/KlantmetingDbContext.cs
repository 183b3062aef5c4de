using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Infrastructure.Data;

/// <summary>The one EF Core model of Klantmeting, shared by every database provider.</summary>
public class KlantmetingDbContext(DbContextOptions<KlantmetingDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core data-protection keys, shared by every web node (cookies, antiforgery tokens).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Werkplein> Werkpleinen => Set<Werkplein>();

    public DbSet<Round> Rounds => Set<Round>();

    public DbSet<Participant> Participants => Set<Participant>();

    public DbSet<ParticipantContact> ParticipantContacts => Set<ParticipantContact>();

    public DbSet<ParticipantAttribute> ParticipantAttributes => Set<ParticipantAttribute>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<Response> Responses => Set<Response>();

    public DbSet<Answer> Answers => Set<Answer>();

    public DbSet<ResponseScore> ResponseScores => Set<ResponseScore>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(KlantmetingDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime in the model is UTC; SQLite drops the kind, so restore it on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
