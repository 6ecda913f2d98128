using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ParIndex.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WithdrawAndStageOpening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "WithdrawnAt",
                table: "Submissions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawnBy",
                table: "Submissions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "Appraisal1Opens",
                table: "Rounds",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "Appraisal2Opens",
                table: "Rounds",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ExplanationOpens",
                table: "Rounds",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SelfAssessmentOpens",
                table: "Rounds",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "WithdrawnBy",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "Appraisal1Opens",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "Appraisal2Opens",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "ExplanationOpens",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "SelfAssessmentOpens",
                table: "Rounds");
        }
    }
}
