using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Klantmeting.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MixedMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CallListAfterDays",
                table: "Rounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<bool>(
                name: "CallOnSaturday",
                table: "Rounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "CallingHoursEnd",
                table: "Rounds",
                type: "TEXT",
                nullable: false,
                defaultValue: new TimeOnly(20, 30, 0));

            migrationBuilder.AddColumn<TimeOnly>(
                name: "CallingHoursStart",
                table: "Rounds",
                type: "TEXT",
                nullable: false,
                defaultValue: new TimeOnly(9, 0, 0));

            migrationBuilder.AddColumn<int>(
                name: "MaxCallAttempts",
                table: "Rounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 6);

            migrationBuilder.AddColumn<int>(
                name: "Mode",
                table: "Rounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "InterviewerId",
                table: "Responses",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Email",
                table: "ParticipantContacts",
                type: "TEXT",
                maxLength: 254,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 254);

            migrationBuilder.AddColumn<string>(
                name: "Phone",
                table: "ParticipantContacts",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CallCases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    ParticipantId = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    ClaimId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClaimedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ClaimedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextCallAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PreferredInterviewerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastOutcome = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CallCaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    InterviewerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    DayPart = table.Column<int>(type: "INTEGER", nullable: false),
                    CallbackAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                type: "TEXT",
                maxLength: 254,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 254,
                oldNullable: true);
        }
    }
}
