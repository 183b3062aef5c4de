using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class UnsentInvitationsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Invitations_Unsent",
                table: "Invitations",
                column: "Id",
                filter: "\"State\" IN (0, 1)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Invitations_Unsent",
                table: "Invitations");
        }
    }
}
