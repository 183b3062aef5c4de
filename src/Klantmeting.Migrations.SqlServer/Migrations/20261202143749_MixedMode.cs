using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class MixedMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ParticipantContacts_RoundId_Email",
                table: "ParticipantContacts");

            migrationBuilder.AddColumn<int>(
                name: "CallListAfterDays",
                table: "Rounds",
                type: "int",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<bool>(
                name: "CallOnSaturday",
                table: "Rounds",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "CallingHoursEnd",
                table: "Rounds",
                type: "time",
                nullable: false,
                defaultValue: new TimeOnly(20, 30, 0));

            migrationBuilder.AddColumn<TimeOnly>(
                name: "CallingHoursStart",
                table: "Rounds",
                type: "time",
                nullable: false,
                defaultValue: new TimeOnly(9, 0, 0));

            migrationBuilder.AddColumn<int>(
                name: "MaxCallAttempts",
                table: "Rounds",
                type: "int",
                nullable: false,
                defaultValue: 6);

            migrationBuilder.AddColumn<int>(
                name: "Mode",
                table: "Rounds",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "InterviewerId",
                table: "Responses",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Email",
                table: "ParticipantContacts",
                type: "nvarchar(254)",
                maxLength: 254,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(254)",
                oldMaxLength: 254);

            migrationBuilder.AddColumn<string>(
                name: "Phone",
                table: "ParticipantContacts",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CallCases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RoundId = table.Column<int>(type: "int", nullable: false),
                    ParticipantId = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<int>(type: "int", nullable: false),
                    ClaimId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ClaimedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    ClaimedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    NextCallAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    PreferredInterviewerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    LastOutcome = table.Column<int>(type: "int", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallCases_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CallCases_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "RoundInterviewers",
                columns: table => new
                {
                    RoundId = table.Column<int>(type: "int", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoundInterviewers", x => new { x.RoundId, x.UserId });
                    table.ForeignKey(
                        name: "FK_RoundInterviewers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RoundInterviewers_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CallAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CallCaseId = table.Column<long>(type: "bigint", nullable: false),
                    RoundId = table.Column<int>(type: "int", nullable: false),
                    InterviewerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Outcome = table.Column<int>(type: "int", nullable: false),
                    DayPart = table.Column<int>(type: "int", nullable: false),
                    CallbackAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallAttempts_CallCases_CallCaseId",
                        column: x => x.CallCaseId,
                        principalTable: "CallCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CallAttempts_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id");
                });

            migrationBuilder.InsertData(
                table: "AspNetRoles",
                columns: new[] { "Id", "ConcurrencyStamp", "Name", "NormalizedName" },
                values: new object[] { "3f1c7f4e-0b7a-4c55-9d41-6a1e2b7c0a03", "interviewer-1", "interviewer", "INTERVIEWER" });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipantContacts_RoundId_Email",
                table: "ParticipantContacts",
                columns: new[] { "RoundId", "Email" },
                unique: true,
                filter: "[Email] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CallAttempts_CallCaseId",
                table: "CallAttempts",
                column: "CallCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CallAttempts_RoundId_InterviewerId",
                table: "CallAttempts",
                columns: new[] { "RoundId", "InterviewerId" });

            migrationBuilder.CreateIndex(
                name: "IX_CallCases_ParticipantId",
                table: "CallCases",
                column: "ParticipantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CallCases_RoundId_State_NextCallAt",
                table: "CallCases",
                columns: new[] { "RoundId", "State", "NextCallAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RoundInterviewers_UserId",
                table: "RoundInterviewers",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallAttempts");

            migrationBuilder.DropTable(
                name: "RoundInterviewers");

            migrationBuilder.DropTable(
                name: "CallCases");

            migrationBuilder.DropIndex(
                name: "IX_ParticipantContacts_RoundId_Email",
                table: "ParticipantContacts");

            migrationBuilder.DeleteData(
                table: "AspNetRoles",
                keyColumn: "Id",
                keyValue: "3f1c7f4e-0b7a-4c55-9d41-6a1e2b7c0a03");

            migrationBuilder.DropColumn(
                name: "CallListAfterDays",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "CallOnSaturday",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "CallingHoursEnd",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "CallingHoursStart",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "MaxCallAttempts",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "Mode",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "InterviewerId",
                table: "Responses");

            migrationBuilder.DropColumn(
                name: "Phone",
                table: "ParticipantContacts");

            migrationBuilder.AlterColumn<string>(
                name: "Email",
                table: "ParticipantContacts",
                type: "nvarchar(254)",
                maxLength: 254,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "nvarchar(254)",
                oldMaxLength: 254,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ParticipantContacts_RoundId_Email",
                table: "ParticipantContacts",
                columns: new[] { "RoundId", "Email" },
                unique: true);
        }
    }
}
