using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Klantmeting.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RoundScheduleAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CloseCompletedAt",
                table: "Rounds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ContactDataDeletedAt",
                table: "Rounds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ScheduledAt",
                table: "Rounds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SendingPaused",
                table: "Rounds",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "RetentionRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RanAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RoundId = table.Column<int>(type: "integer", nullable: false),
                    ContactsDeleted = table.Column<int>(type: "integer", nullable: false),
                    TokensDeleted = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RetentionRuns_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RoundResultSnapshots",
                columns: table => new
                {
                    RoundId = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Figures = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoundResultSnapshots", x => x.RoundId);
                    table.ForeignKey(
                        name: "FK_RoundResultSnapshots_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionRuns_RoundId_RanAt",
                table: "RetentionRuns",
                columns: new[] { "RoundId", "RanAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RetentionRuns");

            migrationBuilder.DropTable(
                name: "RoundResultSnapshots");

            migrationBuilder.DropColumn(
                name: "CloseCompletedAt",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "ContactDataDeletedAt",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "ScheduledAt",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "SendingPaused",
                table: "Rounds");
        }
    }
}
