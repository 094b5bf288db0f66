using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DrService.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Backups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "backup_copies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false),
                    Application = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ResourceId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    SourceRegion = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    SourceId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    SourceCreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    DestinationRegion = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    TargetName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CopyId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Phase = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    ErrorCode = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ErrorMessage = table.Column<string>(type: "text", nullable: true),
                    RecordedAt = table.Column<long>(type: "bigint", nullable: false),
                    IssuedAt = table.Column<long>(type: "bigint", nullable: true),
                    CompletedAt = table.Column<long>(type: "bigint", nullable: true),
                    RunKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backup_copies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "backup_resource_status",
                columns: table => new
                {
                    Application = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ResourceId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Region = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    NewestCopyId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    NewestCopySourceTime = table.Column<long>(type: "bigint", nullable: true),
                    CopyCount = table.Column<int>(type: "integer", nullable: false),
                    RpoState = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RpoAgeSeconds = table.Column<double>(type: "double precision", nullable: true),
                    RpoTargetSeconds = table.Column<double>(type: "double precision", nullable: false),
                    CheckedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastErrorCode = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LastErrorMessage = table.Column<string>(type: "text", nullable: true),
                    LastErrorAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backup_resource_status", x => new { x.Application, x.Kind, x.ResourceId });
                });

            migrationBuilder.CreateTable(
                name: "backup_rpo_samples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Application = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ResourceId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    AgeSeconds = table.Column<double>(type: "double precision", nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backup_rpo_samples", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_backup_copies_Application_Phase",
                table: "backup_copies",
                columns: new[] { "Application", "Phase" });

            migrationBuilder.CreateIndex(
                name: "IX_backup_copies_Key",
                table: "backup_copies",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_backup_rpo_samples_Application_At",
                table: "backup_rpo_samples",
                columns: new[] { "Application", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "backup_copies");

            migrationBuilder.DropTable(
                name: "backup_resource_status");

            migrationBuilder.DropTable(
                name: "backup_rpo_samples");
        }
    }
}
