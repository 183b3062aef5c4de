using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CommentHides : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CommentHides",
                columns: table => new
                {
                    ResponseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    HiddenBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    HiddenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommentHides", x => x.ResponseId);
                    table.ForeignKey(
                        name: "FK_CommentHides_Responses_ResponseId",
                        column: x => x.ResponseId,
                        principalTable: "Responses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommentHides");
        }
    }
}
