using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Klantmeting.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Landkaart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LandkaartSubmissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WerkpleinId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    TertaalNumber = table.Column<int>(type: "integer", nullable: false),
                    LandkaartId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FilledInBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReviewedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LandkaartSubmissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LandkaartSubmissions_Werkpleinen_WerkpleinId",
                        column: x => x.WerkpleinId,
                        principalTable: "Werkpleinen",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LandkaartAnswers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubmissionId = table.Column<long>(type: "bigint", nullable: false),
                    Milestone = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Explanation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    EvidenceLink = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    EvidenceFileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    ImprovementActions = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ReviewComment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LandkaartAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LandkaartAnswers_LandkaartSubmissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "LandkaartSubmissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LandkaartHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubmissionId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Milestone = table.Column<int>(type: "integer", nullable: true),
                    Change = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LandkaartHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LandkaartHistory_LandkaartSubmissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "LandkaartSubmissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LandkaartEvidence",
                columns: table => new
                {
                    AnswerId = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    Size = table.Column<int>(type: "integer", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LandkaartEvidence", x => x.AnswerId);
                    table.ForeignKey(
                        name: "FK_LandkaartEvidence_LandkaartAnswers_AnswerId",
                        column: x => x.AnswerId,
                        principalTable: "LandkaartAnswers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LandkaartAnswers_SubmissionId_Milestone",
                table: "LandkaartAnswers",
                columns: new[] { "SubmissionId", "Milestone" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LandkaartHistory_SubmissionId_Id",
                table: "LandkaartHistory",
                columns: new[] { "SubmissionId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LandkaartSubmissions_WerkpleinId_Year_TertaalNumber",
                table: "LandkaartSubmissions",
                columns: new[] { "WerkpleinId", "Year", "TertaalNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LandkaartSubmissions_Year_TertaalNumber_State",
                table: "LandkaartSubmissions",
                columns: new[] { "Year", "TertaalNumber", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LandkaartEvidence");

            migrationBuilder.DropTable(
                name: "LandkaartHistory");

            migrationBuilder.DropTable(
                name: "LandkaartAnswers");

            migrationBuilder.DropTable(
                name: "LandkaartSubmissions");
        }
    }
}
