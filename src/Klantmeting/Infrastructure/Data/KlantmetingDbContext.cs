using Klantmeting.Audit;
using Klantmeting.Bounces;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Retention;
using Klantmeting.Rounds;
using Klantmeting.Uploads;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Klantmeting.Infrastructure.Data;

/// <summary>The one EF Core model of Klantmeting, shared by every database provider (including the Identity tables of users and roles).</summary>
public class KlantmetingDbContext(DbContextOptions<KlantmetingDbContext> options)
    : IdentityDbContext<User, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core data-protection keys, shared by every web node (cookies, antiforgery tokens).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Local offices; every participant belongs to one.</summary>
    public DbSet<Werkplein> Werkpleinen => Set<Werkplein>();

    /// <summary>Measurement rounds.</summary>
    public DbSet<Round> Rounds => Set<Round>();

    /// <summary>Sampled persons, pseudonymous.</summary>
    public DbSet<Participant> Participants => Set<Participant>();

    /// <summary>E-mail addresses of participants, kept apart so retention can delete them.</summary>
    public DbSet<ParticipantContact> ParticipantContacts => Set<ParticipantContact>();

    /// <summary>Attribute values of participants, for breakdowns.</summary>
    public DbSet<ParticipantAttribute> ParticipantAttributes => Set<ParticipantAttribute>();

    /// <summary>One invitation per participant, with its delivery and reminder state.</summary>
    public DbSet<Invitation> Invitations => Set<Invitation>();

    /// <summary>Hashes of every mailed link token (table <c>InvitationTokens</c>).</summary>
    public DbSet<IssuedToken> InvitationTokens => Set<IssuedToken>();

    /// <summary>Hashes of opted-out e-mail addresses kept out of future rounds.</summary>
    public DbSet<SuppressedAddress> SuppressedAddresses => Set<SuppressedAddress>();

    /// <summary>One response per answered invitation.</summary>
    public DbSet<Response> Responses => Set<Response>();

    /// <summary>Statement answers of the responses.</summary>
    public DbSet<Answer> Answers => Set<Answer>();

    /// <summary>Frozen results of closed rounds.</summary>
    public DbSet<RoundResultSnapshot> RoundResultSnapshots => Set<RoundResultSnapshot>();

    /// <summary>Log of contact-data deletions.</summary>
    public DbSet<RetentionRun> RetentionRuns => Set<RetentionRun>();

    /// <summary>Handled bounce reports.</summary>
    public DbSet<BounceReport> BounceReports => Set<BounceReport>();

    /// <summary>Which Werkpleinen a <c>werkplein</c> user may see.</summary>
    public DbSet<UserWerkplein> UserWerkpleinen => Set<UserWerkplein>();

    /// <summary>Per response and principle: answered, scored and sum, kept with the answers.</summary>
    public DbSet<ResponseScore> ResponseScores => Set<ResponseScore>();

    /// <summary>The append-only record of administrative actions.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Uploaded participant and answer files and how far their background job is.</summary>
    public DbSet<Upload> Uploads => Set<Upload>();

    /// <summary>The bytes of uploaded files until their job finishes, in pieces.</summary>
    public DbSet<UploadChunk> UploadChunks => Set<UploadChunk>();

    /// <summary>The errors found in uploaded files.</summary>
    public DbSet<UploadError> UploadErrors => Set<UploadError>();

    /// <summary>Open answers an administrator hid from the Werkpleinen and the downloads, with the reason.</summary>
    public DbSet<Klantmeting.Comments.CommentHide> CommentHides => Set<Klantmeting.Comments.CommentHide>();

    /// <summary>Landkaart submissions: one per Werkplein per tertaal.</summary>
    public DbSet<Klantmeting.Landkaart.LandkaartSubmission> LandkaartSubmissions => Set<Klantmeting.Landkaart.LandkaartSubmission>();

    /// <summary>The answers of Landkaart submissions, one per milestone.</summary>
    public DbSet<Klantmeting.Landkaart.LandkaartAnswer> LandkaartAnswers => Set<Klantmeting.Landkaart.LandkaartAnswer>();

    /// <summary>Uploaded evidence PDFs of Landkaart answers.</summary>
    public DbSet<Klantmeting.Landkaart.LandkaartEvidence> LandkaartEvidence => Set<Klantmeting.Landkaart.LandkaartEvidence>();

    /// <summary>Who changed what in a Landkaart submission, and when.</summary>
    public DbSet<Klantmeting.Landkaart.LandkaartHistoryEntry> LandkaartHistory => Set<Klantmeting.Landkaart.LandkaartHistoryEntry>();

    /// <summary>Interviewers assigned to a round's call list.</summary>
    public DbSet<Klantmeting.Calls.RoundInterviewer> RoundInterviewers => Set<Klantmeting.Calls.RoundInterviewer>();

    /// <summary>The call list: one case per participant to be called.</summary>
    public DbSet<Klantmeting.Calls.CallCase> CallCases => Set<Klantmeting.Calls.CallCase>();

    /// <summary>Every call with its outcome.</summary>
    public DbSet<Klantmeting.Calls.CallAttempt> CallAttempts => Set<Klantmeting.Calls.CallAttempt>();

    /// <summary>Adds the Identity model and every configuration in this assembly.</summary>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(KlantmetingDbContext).Assembly);
    }

    /// <summary>Reads every DateTime back as UTC.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime in the model is UTC; SQLite drops the kind, so restore it on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
