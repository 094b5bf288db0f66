using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DrService.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Runbooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "drill_reports",
                columns: table => new
                {
                    execution_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    application = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    runbook_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    tier = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ended_at = table.Column<long>(type: "bigint", nullable: false),
                    rto_seconds = table.Column<double>(type: "double precision", nullable: true),
                    rpo_seconds = table.Column<double>(type: "double precision", nullable: true),
                    report = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drill_reports", x => x.execution_id);
                });

            migrationBuilder.CreateTable(
                name: "runbook_executions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    runbook_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    application = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    phase = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    definition = table.Column<string>(type: "text", nullable: false),
                    parameters = table.Column<string>(type: "text", nullable: false),
                    requested_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    waive_approvals = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    started_at = table.Column<long>(type: "bigint", nullable: true),
                    ended_at = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    lease_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    lease_expires_at = table.Column<long>(type: "bigint", nullable: true),
                    exclusive_slot = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_runbook_executions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "runbook_journal",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    execution_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    step_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    data = table.Column<string>(type: "text", nullable: true),
                    code = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    message = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_runbook_journal", x => x.id);
                    table.ForeignKey(
                        name: "FK_runbook_journal_runbook_executions_execution_id",
                        column: x => x.execution_id,
                        principalTable: "runbook_executions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_drill_reports_application_ended_at",
                table: "drill_reports",
                columns: new[] { "application", "ended_at" });

            migrationBuilder.CreateIndex(
                name: "ix_runbook_executions_application_created_at",
                table: "runbook_executions",
                columns: new[] { "application", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_runbook_executions_phase",
                table: "runbook_executions",
                column: "phase");

            migrationBuilder.CreateIndex(
                name: "ux_runbook_executions_exclusive_slot",
                table: "runbook_executions",
                column: "exclusive_slot",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_runbook_executions_request_key",
                table: "runbook_executions",
                column: "request_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_runbook_journal_execution_sequence",
                table: "runbook_journal",
                columns: new[] { "execution_id", "sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "drill_reports");

            migrationBuilder.DropTable(
                name: "runbook_journal");

            migrationBuilder.DropTable(
                name: "runbook_executions");
        }
    }
}
