using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Fieldwork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReminderDays",
                table: "Rounds",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "LastReminderAt",
                table: "Invitations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextReminderAt",
                table: "Invitations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "OptedOutAt",
                table: "Invitations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReminderAttempts",
                table: "Invitations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "ReminderClaimId",
                table: "Invitations",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReminderClaimedAt",
                table: "Invitations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RemindersSent",
                table: "Invitations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "InvitationTokens",
                columns: table => new
                {
                    Hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    InvitationId = table.Column<long>(type: "bigint", nullable: false),
                    Purpose = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InvitationTokens", x => x.Hash);
                    table.ForeignKey(
                        name: "FK_InvitationTokens_Invitations_InvitationId",
                        column: x => x.InvitationId,
                        principalTable: "Invitations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every link already mailed keeps working: the one token hash per invitation moves to the token table.
            migrationBuilder.Sql("INSERT INTO \"InvitationTokens\" (\"Hash\", \"InvitationId\", \"Purpose\", \"CreatedAt\") SELECT \"TokenHash\", \"Id\", 0, COALESCE(\"SentAt\", \"NextAttemptAt\") FROM \"Invitations\" WHERE \"TokenHash\" IS NOT NULL;");

            migrationBuilder.DropIndex(
                name: "IX_Invitations_TokenHash",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "TokenHash",
                table: "Invitations");

            migrationBuilder.CreateTable(
                name: "SuppressedAddresses",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuppressedAddresses", x => x.Hash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_State_NextReminderAt",
                table: "Invitations",
                columns: new[] { "State", "NextReminderAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InvitationTokens_InvitationId",
                table: "InvitationTokens",
                column: "InvitationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InvitationTokens");

            migrationBuilder.DropTable(
                name: "SuppressedAddresses");

            migrationBuilder.DropIndex(
                name: "IX_Invitations_State_NextReminderAt",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "ReminderDays",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "LastReminderAt",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "NextReminderAt",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "OptedOutAt",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "ReminderAttempts",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "ReminderClaimId",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "ReminderClaimedAt",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "RemindersSent",
                table: "Invitations");

            migrationBuilder.AddColumn<byte[]>(
                name: "TokenHash",
                table: "Invitations",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_TokenHash",
                table: "Invitations",
                column: "TokenHash",
                unique: true);
        }
    }
}
