using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ResponseScoresCovering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ResponseScores_ResponseId_PrincipleId_Answered_Scored_Sum",
                table: "ResponseScores",
                columns: new[] { "ResponseId", "PrincipleId", "Answered", "Scored", "Sum" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ResponseScores_ResponseId_PrincipleId_Answered_Scored_Sum",
                table: "ResponseScores");
        }
    }
}
