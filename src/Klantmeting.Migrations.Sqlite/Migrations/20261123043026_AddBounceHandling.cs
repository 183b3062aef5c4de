using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddBounceHandling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "BouncedAt",
                table: "Invitations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SoftBounceCount",
                table: "Invitations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SoftBouncedAt",
                table: "Invitations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BounceReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    InvitationId = table.Column<long>(type: "INTEGER", nullable: true),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BounceReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BounceReports_Invitations_InvitationId",
                        column: x => x.InvitationId,
                        principalTable: "Invitations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BounceReports_InvitationId",
                table: "BounceReports",
                column: "InvitationId");

            migrationBuilder.CreateIndex(
                name: "IX_BounceReports_MessageKey",
                table: "BounceReports",
                column: "MessageKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BounceReports_RoundId_Outcome",
                table: "BounceReports",
                columns: new[] { "RoundId", "Outcome" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BounceReports");

            migrationBuilder.DropColumn(
                name: "BouncedAt",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "SoftBounceCount",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "SoftBouncedAt",
                table: "Invitations");
        }
    }
}
