using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ParIndex.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StoredResultInputs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "InputsJson",
                table: "Results",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PreviousFingerprint",
                table: "Results",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "InputsJson",
                table: "Publications",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "InputsJson",
                table: "Results");

            migrationBuilder.DropColumn(
                name: "PreviousFingerprint",
                table: "Results");

            migrationBuilder.DropColumn(
                name: "InputsJson",
                table: "Publications");
        }
    }
}
