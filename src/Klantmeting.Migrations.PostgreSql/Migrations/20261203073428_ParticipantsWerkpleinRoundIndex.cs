using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ParticipantsWerkpleinRoundIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Participants_WerkpleinId",
                table: "Participants");

            migrationBuilder.CreateIndex(
                name: "IX_Participants_WerkpleinId_RoundId",
                table: "Participants",
                columns: new[] { "WerkpleinId", "RoundId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Participants_WerkpleinId_RoundId",
                table: "Participants");

            migrationBuilder.CreateIndex(
                name: "IX_Participants_WerkpleinId",
                table: "Participants",
                column: "WerkpleinId");
        }
    }
}
