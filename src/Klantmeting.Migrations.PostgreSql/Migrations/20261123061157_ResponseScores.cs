using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ResponseScores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ResponseScores",
                columns: table => new
                {
                    ResponseId = table.Column<long>(type: "bigint", nullable: false),
                    PrincipleId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Answered = table.Column<int>(type: "integer", nullable: false),
                    Scored = table.Column<int>(type: "integer", nullable: false),
                    Sum = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResponseScores", x => new { x.ResponseId, x.PrincipleId });
                    table.ForeignKey(
                        name: "FK_ResponseScores_Responses_ResponseId",
                        column: x => x.ResponseId,
                        principalTable: "Responses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipantAttributes_ParticipantId_Name_Value",
                table: "ParticipantAttributes",
                columns: new[] { "ParticipantId", "Name", "Value" });

            // Backfill (hand-written; keep it when regenerating this migration): the per-principle summary of every
            // stored response, from its answers (statement ids are "principle.n", see SurveyLoader).
            migrationBuilder.Sql(@"INSERT INTO ""ResponseScores"" (""ResponseId"", ""PrincipleId"", ""Answered"", ""Scored"", ""Sum"") SELECT ""ResponseId"", substr(""ItemId"", 1, strpos(""ItemId"", '.') - 1), COUNT(*), SUM(CASE WHEN ""Value"" BETWEEN 1 AND 5 THEN 1 ELSE 0 END), SUM(CASE WHEN ""Value"" BETWEEN 1 AND 5 THEN ""Value"" ELSE 0 END) FROM ""Answers"" WHERE strpos(""ItemId"", '.') > 1 GROUP BY ""ResponseId"", substr(""ItemId"", 1, strpos(""ItemId"", '.') - 1)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResponseScores");

            migrationBuilder.DropIndex(
                name: "IX_ParticipantAttributes_ParticipantId_Name_Value",
                table: "ParticipantAttributes");
        }
    }
}
