using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ResponsesRoundUpdatedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Responses_RoundId_UpdatedAt",
                table: "Responses",
                columns: new[] { "RoundId", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Responses_RoundId_UpdatedAt",
                table: "Responses");
        }
    }
}
