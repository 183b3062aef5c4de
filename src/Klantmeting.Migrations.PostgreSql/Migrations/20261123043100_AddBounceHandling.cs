using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Klantmeting.Migrations.PostgreSql.Migrations
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SoftBounceCount",
                table: "Invitations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SoftBouncedAt",
                table: "Invitations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BounceReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    InvitationId = table.Column<long>(type: "bigint", nullable: true),
                    RoundId = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Detail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
