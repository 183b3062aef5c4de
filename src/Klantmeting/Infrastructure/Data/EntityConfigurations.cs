using Klantmeting.Invitations;
using Klantmeting.Participants;
using Klantmeting.Responses;
using Klantmeting.Rounds;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;
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
    }
}

internal sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> b)
    {
        b.Property(p => p.Ref).HasMaxLength(100);
        b.HasIndex(p => new { p.RoundId, p.Ref }).IsUnique();
        b.HasIndex(p => p.WerkpleinId);
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
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.HasIndex(i => i.ParticipantId).IsUnique();
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => new { i.State, i.NextAttemptAt });
        b.HasIndex(i => new { i.RoundId, i.State });
        b.Property(i => i.TokenHash).HasMaxLength(32);
        b.Property(i => i.LastError).HasMaxLength(1000);
        b.HasOne<Participant>().WithOne().HasForeignKey<Invitation>(i => i.ParticipantId)
            .OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Round>().WithMany().HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class ResponseConfiguration : IEntityTypeConfiguration<Response>
{
    public void Configure(EntityTypeBuilder<Response> b)
    {
        b.HasIndex(r => r.InvitationId).IsUnique();
        b.HasIndex(r => new { r.RoundId, r.CompletedAt });
        b.Property(r => r.Comment).HasMaxLength(Response.MaxCommentLength);
        b.HasOne<Invitation>().WithOne().HasForeignKey<Response>(r => r.InvitationId)
            .OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Round>().WithMany().HasForeignKey(r => r.RoundId).OnDelete(DeleteBehavior.NoAction);
        b.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
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
        // The two roles are part of the schema: fixed ids and stamps, so every provider's migration inserts the same rows.
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
            });
    }
}
