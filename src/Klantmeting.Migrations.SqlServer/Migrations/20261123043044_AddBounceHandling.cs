using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.SqlServer.Migrations
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
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SoftBounceCount",
                table: "Invitations",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SoftBouncedAt",
                table: "Invitations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BounceReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MessageKey = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Outcome = table.Column<int>(type: "int", nullable: false),
                    InvitationId = table.Column<long>(type: "bigint", nullable: true),
                    RoundId = table.Column<int>(type: "int", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    Detail = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
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
