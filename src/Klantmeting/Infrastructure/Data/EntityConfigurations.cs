using Klantmeting.Bounces;
using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Retention;
using Klantmeting.Rounds;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Klantmeting.Infrastructure.Data;

internal sealed class WerkpleinConfiguration : IEntityTypeConfiguration<Werkplein>
{
    public void Configure(EntityTypeBuilder<Werkplein> b)
    {
        b.Property(w => w.Code).HasMaxLength(32);
        b.Property(w => w.Name).HasMaxLength(200);
        b.Property(w => w.Region).HasMaxLength(200);
        b.HasIndex(w => w.Code).IsUnique();
    }
}

internal sealed class RoundConfiguration : IEntityTypeConfiguration<Round>
{
    public void Configure(EntityTypeBuilder<Round> b)
    {
        b.Property(r => r.Name).HasMaxLength(100);
        b.Property(r => r.QuestionnaireId).HasMaxLength(100);
        b.HasIndex(r => r.Name).IsUnique();
        // Rounds created before reminders existed (and raw inserts) have none.
        b.Property(r => r.ReminderDays).HasMaxLength(50).HasDefaultValue("");
    }
}

internal sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> b)
    {
        b.Property(p => p.Ref).HasMaxLength(100);
        b.HasIndex(p => new { p.RoundId, p.Ref }).IsUnique();
        // (WerkpleinId, RoundId), not WerkpleinId alone: "which Werkpleinen have participants in this round" is one
        // seek per Werkplein instead of a walk over that Werkplein's participants of every earlier round.
        b.HasIndex(p => new { p.WerkpleinId, p.RoundId });
        b.HasOne<Round>().WithMany().HasForeignKey(p => p.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Werkplein>().WithMany().HasForeignKey(p => p.WerkpleinId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Attributes).WithOne().HasForeignKey(a => a.ParticipantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ParticipantContactConfiguration : IEntityTypeConfiguration<ParticipantContact>
{
    public void Configure(EntityTypeBuilder<ParticipantContact> b)
    {
        b.HasKey(c => c.ParticipantId);
        b.Property(c => c.ParticipantId).ValueGeneratedNever();
        b.Property(c => c.Email).HasMaxLength(254);
        b.Property(c => c.Phone).HasMaxLength(PhoneNumbers.MaxLength);
        b.HasIndex(c => new { c.RoundId, c.Email }).IsUnique();
        b.HasOne<Participant>().WithOne().HasForeignKey<ParticipantContact>(c => c.ParticipantId)
            .OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Round>().WithMany().HasForeignKey(c => c.RoundId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class ParticipantAttributeConfiguration : IEntityTypeConfiguration<ParticipantAttribute>
{
    public void Configure(EntityTypeBuilder<ParticipantAttribute> b)
    {
        b.HasKey(a => new { a.ParticipantId, a.Name });
        b.Property(a => a.Name).HasMaxLength(64);
        b.Property(a => a.Value).HasMaxLength(200);
        // Covering index: the results read the attributes of a range of participants from the index alone, without a
        // lookup of the row per attribute (a third of the time of every cell of a national round on SQLite).
        b.HasIndex(a => new { a.ParticipantId, a.Name, a.Value });
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.HasIndex(i => i.ParticipantId).IsUnique();
        b.HasIndex(i => new { i.State, i.NextAttemptAt });
        b.HasIndex(i => new { i.State, i.NextReminderAt });
        b.HasIndex(i => new { i.RoundId, i.State });
        // The dispatcher finds due invitations in id order: this index holds only the unsent ones (pending, or claimed
        // by a worker that may have died), so the scan does not walk every invitation already sent. On the primary key
        // that walk grew with the round: at 560,000 sent of 1,000,000 each batch's search read 563,800 rows (558 ms).
        // The filter reads the same on all three providers ("State" is quoted as each of them accepts).
        // The filter's numbers come from the enum, so it and the query's term in InvitationQueue.Due cannot drift apart.
        b.HasIndex(i => i.Id, "IX_Invitations_Unsent")
            .HasFilter($"\"State\" IN ({(int)InvitationState.Pending}, {(int)InvitationState.Claimed})");
        // Defaults for the bulk insert of the participant import, which names only the columns it fills.
        b.Property(i => i.RemindersSent).HasDefaultValue(0);
        b.Property(i => i.ReminderAttempts).HasDefaultValue(0);
        b.Property(i => i.SoftBounceCount).HasDefaultValue(0);
        b.HasMany(i => i.Tokens).WithOne().HasForeignKey(t => t.InvitationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(i => i.LastError).HasMaxLength(1000);
        b.HasOne<Participant>().WithOne().HasForeignKey<Invitation>(i => i.ParticipantId)
            .OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Round>().WithMany().HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class IssuedTokenConfiguration : IEntityTypeConfiguration<IssuedToken>
{
    public void Configure(EntityTypeBuilder<IssuedToken> b)
    {
        b.ToTable("InvitationTokens");
        b.HasKey(t => t.Hash);
        b.Property(t => t.Hash).HasMaxLength(32);
        b.HasIndex(t => t.InvitationId);
    }
}

internal sealed class SuppressedAddressConfiguration : IEntityTypeConfiguration<SuppressedAddress>
{
    public void Configure(EntityTypeBuilder<SuppressedAddress> b)
    {
        b.HasKey(a => a.Hash);
        b.Property(a => a.Hash).HasMaxLength(64).IsUnicode(false);
    }
}

internal sealed class ResponseConfiguration : IEntityTypeConfiguration<Response>
{
    public void Configure(EntityTypeBuilder<Response> b)
    {
        b.HasIndex(r => r.InvitationId).IsUnique();
        b.HasIndex(r => new { r.RoundId, r.CompletedAt });
        // The newest change per round in one index seek: the version key of the live results cache (ResultsService.Live).
        b.HasIndex(r => new { r.RoundId, r.UpdatedAt });
        b.Property(r => r.Comment).HasMaxLength(Response.MaxCommentLength);
        b.Property(r => r.InterviewerId).HasMaxLength(450);
        b.HasOne<Invitation>().WithOne().HasForeignKey<Response>(r => r.InvitationId)
            .OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Round>().WithMany().HasForeignKey(r => r.RoundId).OnDelete(DeleteBehavior.NoAction);
        b.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Scores).WithOne().HasForeignKey(s => s.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnswerConfiguration : IEntityTypeConfiguration<Answer>
{
    public void Configure(EntityTypeBuilder<Answer> b)
    {
        b.HasKey(a => new { a.ResponseId, a.ItemId });
        b.Property(a => a.ItemId).HasMaxLength(64);
    }
}

internal sealed class RoundResultSnapshotConfiguration : IEntityTypeConfiguration<RoundResultSnapshot>
{
    public void Configure(EntityTypeBuilder<RoundResultSnapshot> b)
    {
        b.HasKey(s => s.RoundId);
        b.Property(s => s.RoundId).ValueGeneratedNever();
        b.Property(s => s.Reason).HasMaxLength(16);
        b.HasOne<Round>().WithOne().HasForeignKey<RoundResultSnapshot>(s => s.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RetentionRunConfiguration : IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<RetentionRun> b)
    {
        b.HasIndex(r => new { r.RoundId, r.RanAt });
        b.HasOne<Round>().WithMany().HasForeignKey(r => r.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BounceReportConfiguration : IEntityTypeConfiguration<BounceReport>
{
    public void Configure(EntityTypeBuilder<BounceReport> b)
    {
        b.Property(r => r.MessageKey).HasMaxLength(BounceReport.MessageKeyMaxLength);
        // Unique: a report is handled once, however many workers read the mailbox at once.
        b.HasIndex(r => r.MessageKey).IsUnique();
        b.HasIndex(r => new { r.RoundId, r.Outcome });
        b.Property(r => r.Status).HasMaxLength(16);
        b.Property(r => r.Detail).HasMaxLength(200);
        b.HasOne<Invitation>().WithMany().HasForeignKey(r => r.InvitationId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<Klantmeting.Users.User>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Users.User> b)
    {
        b.HasMany(u => u.Werkpleinen).WithOne().HasForeignKey(w => w.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserWerkpleinConfiguration : IEntityTypeConfiguration<Klantmeting.Users.UserWerkplein>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Users.UserWerkplein> b)
    {
        b.ToTable("UserWerkpleinen");
        b.HasKey(w => new { w.UserId, w.WerkpleinId });
        b.HasIndex(w => w.WerkpleinId);
        b.HasOne(w => w.Werkplein).WithMany().HasForeignKey(w => w.WerkpleinId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Microsoft.AspNetCore.Identity.IdentityRole>
{
    public void Configure(EntityTypeBuilder<Microsoft.AspNetCore.Identity.IdentityRole> b)
    {
        // The roles are part of the schema: fixed ids and stamps, so every provider's migration inserts the same rows.
        b.HasData(
            new Microsoft.AspNetCore.Identity.IdentityRole
            {
                Id = "3f1c7f4e-0b7a-4c55-9d41-6a1e2b7c0a01",
                Name = Klantmeting.Users.Roles.Beheerder,
                NormalizedName = "BEHEERDER",
                ConcurrencyStamp = "beheerder-1",
            },
            new Microsoft.AspNetCore.Identity.IdentityRole
            {
                Id = "3f1c7f4e-0b7a-4c55-9d41-6a1e2b7c0a02",
                Name = Klantmeting.Users.Roles.Werkplein,
                NormalizedName = "WERKPLEIN",
                ConcurrencyStamp = "werkplein-1",
            },
            new Microsoft.AspNetCore.Identity.IdentityRole
            {
                Id = "3f1c7f4e-0b7a-4c55-9d41-6a1e2b7c0a03",
                Name = Klantmeting.Users.Roles.Interviewer,
                NormalizedName = "INTERVIEWER",
                ConcurrencyStamp = "interviewer-1",
            });
    }
}

internal sealed class ResponseScoreConfiguration : IEntityTypeConfiguration<ResponseScore>
{
    public void Configure(EntityTypeBuilder<ResponseScore> b)
    {
        b.HasKey(s => new { s.ResponseId, s.PrincipleId });
        b.Property(s => s.PrincipleId).HasMaxLength(64);
        // Covering index: the results read a range of responses' summaries from the index alone (on SQLite and
        // PostgreSQL the primary key index is not the table, so each row was a second lookup).
        b.HasIndex(s => new { s.ResponseId, s.PrincipleId, s.Answered, s.Scored, s.Sum });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<Klantmeting.Audit.AuditEntry>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Audit.AuditEntry> b)
    {
        b.Property(e => e.Actor).HasMaxLength(Klantmeting.Audit.AuditEntry.ActorMaxLength);
        // Stored by name: a code stays readable in the table and survives reordering the enum.
        b.Property(e => e.Action).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.ObjectType).HasMaxLength(32);
        b.Property(e => e.ObjectKey).HasMaxLength(Klantmeting.Audit.AuditEntry.ObjectKeyMaxLength);
        b.Property(e => e.Round).HasMaxLength(100);
        b.Property(e => e.Details).HasMaxLength(Klantmeting.Audit.AuditEntry.DetailsMaxLength);
        // No foreign key to the round: the entry outlives a deleted round.
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.Actor, e.At });
        b.HasIndex(e => new { e.Round, e.At });
    }
}

internal sealed class UploadConfiguration : IEntityTypeConfiguration<Klantmeting.Uploads.Upload>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Uploads.Upload> b)
    {
        b.Property(u => u.FileName).HasMaxLength(Klantmeting.Uploads.Upload.FileNameMaxLength);
        b.Property(u => u.UploadedBy).HasMaxLength(Klantmeting.Audit.AuditEntry.ActorMaxLength);
        // By name, like the audit actions: readable in the table and safe against reordering.
        b.Property(u => u.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(u => u.State).HasConversion<string>().HasMaxLength(16);
        b.Property(u => u.Mode).HasMaxLength(16);
        b.Property(u => u.Message).HasMaxLength(Klantmeting.Uploads.Upload.MessageMaxLength);
        b.HasOne<Round>().WithMany().HasForeignKey(u => u.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(u => new { u.RoundId, u.Kind, u.CreatedAt });
        // The sweeper finds unfinished uploads without a scan.
        b.HasIndex(u => u.State);
    }
}

internal sealed class UploadChunkConfiguration : IEntityTypeConfiguration<Klantmeting.Uploads.UploadChunk>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Uploads.UploadChunk> b)
    {
        b.HasKey(c => new { c.UploadId, c.Index });
        b.HasOne<Klantmeting.Uploads.Upload>().WithMany().HasForeignKey(c => c.UploadId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UploadErrorConfiguration : IEntityTypeConfiguration<Klantmeting.Uploads.UploadError>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Uploads.UploadError> b)
    {
        b.HasKey(e => new { e.UploadId, e.Number });
        b.Property(e => e.Field).HasMaxLength(Klantmeting.Uploads.UploadError.FieldMaxLength);
        b.Property(e => e.Message).HasMaxLength(Klantmeting.Uploads.UploadError.MessageMaxLength);
        b.HasOne<Klantmeting.Uploads.Upload>().WithMany().HasForeignKey(e => e.UploadId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommentHideConfiguration : IEntityTypeConfiguration<Klantmeting.Comments.CommentHide>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Comments.CommentHide> b)
    {
        // The response is the key: two administrators hiding the same comment at once store one row.
        b.HasKey(h => h.ResponseId);
        b.Property(h => h.ResponseId).ValueGeneratedNever();
        b.Property(h => h.Reason).HasMaxLength(Klantmeting.Comments.CommentHide.ReasonMaxLength);
        b.Property(h => h.HiddenBy).HasMaxLength(Klantmeting.Audit.AuditEntry.ActorMaxLength);
        b.HasOne<Response>().WithOne().HasForeignKey<Klantmeting.Comments.CommentHide>(h => h.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LandkaartSubmissionConfiguration : IEntityTypeConfiguration<Klantmeting.Landkaart.LandkaartSubmission>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Landkaart.LandkaartSubmission> b)
    {
        b.Ignore(s => s.Tertaal);
        b.Property(s => s.LandkaartId).HasMaxLength(64);
        // By name, like the audit actions: readable in the table and safe against reordering.
        b.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.FilledInBy).HasMaxLength(Klantmeting.Audit.AuditEntry.ActorMaxLength);
        b.Property(s => s.ReviewedBy).HasMaxLength(Klantmeting.Audit.AuditEntry.ActorMaxLength);
        b.HasOne<Werkplein>().WithMany().HasForeignKey(s => s.WerkpleinId).OnDelete(DeleteBehavior.Restrict);
        // One Landkaart per Werkplein per tertaal: two first saves at once store one row.
        b.HasIndex(s => new { s.WerkpleinId, s.Year, s.TertaalNumber }).IsUnique();
        b.HasIndex(s => new { s.Year, s.TertaalNumber, s.State });
        b.HasMany(s => s.Answers).WithOne().HasForeignKey(a => a.SubmissionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LandkaartAnswerConfiguration : IEntityTypeConfiguration<Klantmeting.Landkaart.LandkaartAnswer>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Landkaart.LandkaartAnswer> b)
    {
        b.Property(a => a.Level).HasMaxLength(16);
        b.Property(a => a.Explanation).HasMaxLength(Klantmeting.Landkaart.LandkaartAnswer.TextMaxLength);
        b.Property(a => a.ImprovementActions).HasMaxLength(Klantmeting.Landkaart.LandkaartAnswer.TextMaxLength);
        b.Property(a => a.ReviewComment).HasMaxLength(Klantmeting.Landkaart.LandkaartAnswer.TextMaxLength);
        b.Property(a => a.EvidenceLink).HasMaxLength(Klantmeting.Landkaart.LandkaartAnswer.LinkMaxLength);
        b.Property(a => a.EvidenceFileName).HasMaxLength(Klantmeting.Uploads.Upload.FileNameMaxLength);
        b.HasIndex(a => new { a.SubmissionId, a.Milestone }).IsUnique();
    }
}

internal sealed class LandkaartEvidenceConfiguration : IEntityTypeConfiguration<Klantmeting.Landkaart.LandkaartEvidence>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Landkaart.LandkaartEvidence> b)
    {
        b.HasKey(e => e.AnswerId);
        b.Property(e => e.AnswerId).ValueGeneratedNever();
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.UploadedBy).HasMaxLength(Klantmeting.Audit.AuditEntry.ActorMaxLength);
        b.HasOne<Klantmeting.Landkaart.LandkaartAnswer>().WithOne()
            .HasForeignKey<Klantmeting.Landkaart.LandkaartEvidence>(e => e.AnswerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LandkaartHistoryEntryConfiguration : IEntityTypeConfiguration<Klantmeting.Landkaart.LandkaartHistoryEntry>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Landkaart.LandkaartHistoryEntry> b)
    {
        b.Property(h => h.Actor).HasMaxLength(Klantmeting.Audit.AuditEntry.ActorMaxLength);
        b.Property(h => h.Change).HasMaxLength(Klantmeting.Landkaart.LandkaartHistoryEntry.ChangeMaxLength);
        b.HasOne<Klantmeting.Landkaart.LandkaartSubmission>().WithMany().HasForeignKey(h => h.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(h => new { h.SubmissionId, h.Id });
    }
}

internal sealed class RoundInterviewerConfiguration : IEntityTypeConfiguration<Klantmeting.Calls.RoundInterviewer>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Calls.RoundInterviewer> b)
    {
        b.HasKey(i => new { i.RoundId, i.UserId });
        b.HasIndex(i => i.UserId);
        b.HasOne<Round>().WithMany().HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Klantmeting.Users.User>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CallCaseConfiguration : IEntityTypeConfiguration<Klantmeting.Calls.CallCase>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Calls.CallCase> b)
    {
        // One case per participant: moving a round's non-respondents twice (two workers) adds nobody twice.
        b.HasIndex(c => c.ParticipantId).IsUnique();
        // "Next participant": the waiting cases of a round by the time they may be called.
        b.HasIndex(c => new { c.RoundId, c.State, c.NextCallAt });
        b.Property(c => c.ClaimedBy).HasMaxLength(450);
        b.Property(c => c.PreferredInterviewerId).HasMaxLength(450);
        b.HasOne<Participant>().WithMany().HasForeignKey(c => c.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Round>().WithMany().HasForeignKey(c => c.RoundId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class CallAttemptConfiguration : IEntityTypeConfiguration<Klantmeting.Calls.CallAttempt>
{
    public void Configure(EntityTypeBuilder<Klantmeting.Calls.CallAttempt> b)
    {
        b.HasIndex(a => new { a.RoundId, a.InterviewerId });
        b.HasIndex(a => a.CallCaseId);
        b.Property(a => a.InterviewerId).HasMaxLength(450);
        b.HasOne<Klantmeting.Calls.CallCase>().WithMany().HasForeignKey(a => a.CallCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Round>().WithMany().HasForeignKey(a => a.RoundId).OnDelete(DeleteBehavior.NoAction);
    }
}
