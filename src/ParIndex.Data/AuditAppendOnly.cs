using Microsoft.EntityFrameworkCore.Migrations;

namespace ParIndex.Data;

/// <summary>
/// Database triggers that refuse any UPDATE or DELETE of the audit log (and TRUNCATE on PostgreSQL), so it
/// stays append-only even for SQL that bypasses <see cref="ParIndexDb.SaveChanges(bool)"/> (ExecuteUpdate,
/// ExecuteDelete, a person with psql). Created by the Initial migration of each provider.
/// </summary>
/// <remarks>
/// SQLite drops a table's triggers when EF rebuilds the table: a later migration that alters the "Audit"
/// table on SQLite must call <see cref="Create"/> again at its end (the Data tests catch a missing trigger).
/// </remarks>
public static class AuditAppendOnly
{
    /// <summary>The message the database raises.</summary>
    public const string Message = "Nhật ký thay đổi chỉ được ghi thêm, không được sửa hay xóa (audit log is append-only).";

    /// <summary>Creates the triggers for the migration's provider.</summary>
    public static void Create(MigrationBuilder migrationBuilder)
    {
        if (IsSqlite(migrationBuilder))
        {
            migrationBuilder.Sql($"""CREATE TRIGGER "Audit_NoUpdate" BEFORE UPDATE ON "Audit" BEGIN SELECT RAISE(ABORT, '{Message}'); END;""");
            migrationBuilder.Sql($"""CREATE TRIGGER "Audit_NoDelete" BEFORE DELETE ON "Audit" BEGIN SELECT RAISE(ABORT, '{Message}'); END;""");
        }
        else
        {
            migrationBuilder.Sql($"""
                CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '{Message}'; END $$;
                """);
            migrationBuilder.Sql("""CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON "Audit" FOR EACH ROW EXECUTE FUNCTION audit_append_only();""");
            migrationBuilder.Sql("""CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON "Audit" FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();""");
        }
    }

    /// <summary>Drops the triggers (the Initial migration's Down).</summary>
    public static void Drop(MigrationBuilder migrationBuilder)
    {
        if (IsSqlite(migrationBuilder))
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Audit_NoUpdate";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Audit_NoDelete";""");
        }
        else
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS audit_no_change ON "Audit";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS audit_no_truncate ON "Audit";""");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_append_only();");
        }
    }

    private static bool IsSqlite(MigrationBuilder migrationBuilder) =>
        migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";
}
