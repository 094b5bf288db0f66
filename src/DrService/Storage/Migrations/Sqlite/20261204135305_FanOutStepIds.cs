using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DrService.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FanOutStepIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
