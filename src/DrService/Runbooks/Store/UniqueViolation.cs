using Microsoft.Data.Sqlite;
using Npgsql;

namespace DrService.Runbooks.Store;

/// <summary>Recognises a unique-index violation on either provider (PostgreSQL 23505, SQLite constraint 2067/1555).</summary>
internal static class UniqueViolation
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public static bool Is(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                    return true;
                case SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey }:
                    return true;
            }
        }
        return false;
    }
}
