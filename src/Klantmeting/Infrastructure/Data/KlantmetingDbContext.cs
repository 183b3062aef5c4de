using Klantmeting.Audit;
using Klantmeting.Bounces;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Retention;
using Klantmeting.Rounds;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Infrastructure.Data;

/// <summary>The one EF Core model of Klantmeting, shared by every database provider (including the Identity tables of users and roles).</summary>
public class KlantmetingDbContext(DbContextOptions<KlantmetingDbContext> options)
    : IdentityDbContext<User, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core data-protection keys, shared by every web node (cookies, antiforgery tokens).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Werkplein> Werkpleinen => Set<Werkplein>();

    public DbSet<Round> Rounds => Set<Round>();

    public DbSet<Participant> Participants => Set<Participant>();

    public DbSet<ParticipantContact> ParticipantContacts => Set<ParticipantContact>();

    public DbSet<ParticipantAttribute> ParticipantAttributes => Set<ParticipantAttribute>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    /// <summary>Hashes of every mailed link token (table <c>InvitationTokens</c>).</summary>
    public DbSet<IssuedToken> InvitationTokens => Set<IssuedToken>();

    /// <summary>Hashes of opted-out e-mail addresses kept out of future rounds.</summary>
    public DbSet<SuppressedAddress> SuppressedAddresses => Set<SuppressedAddress>();

    public DbSet<Response> Responses => Set<Response>();

    public DbSet<Answer> Answers => Set<Answer>();

    public DbSet<RoundResultSnapshot> RoundResultSnapshots => Set<RoundResultSnapshot>();

    public DbSet<RetentionRun> RetentionRuns => Set<RetentionRun>();

    public DbSet<BounceReport> BounceReports => Set<BounceReport>();

    public DbSet<UserWerkplein> UserWerkpleinen => Set<UserWerkplein>();

    public DbSet<ResponseScore> ResponseScores => Set<ResponseScore>();

    /// <summary>The append-only record of administrative actions.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(KlantmetingDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime in the model is UTC; SQLite drops the kind, so restore it on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
