using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ParIndex.Data;

/// <summary>Brings a database up to the latest migration of its provider (at start-up or by a command).</summary>
public static class DatabaseMigrator
{
    /// <summary>
    /// Applies the provider's pending migrations (Migrations/Sqlite or Migrations/Postgres); an up-to-date
    /// database is left as it is. For a SQLite file, first creates its folder and switches it to WAL, so
    /// readers never wait for a writer and concurrent writers queue (each waits up to the command timeout,
    /// 30 s by default, instead of failing with "database is locked").
    /// </summary>
    /// <exception cref="InvalidOperationException">The model has changes that no migration covers
    /// (run scripts/add-migration.sh).</exception>
    public static async Task MigrateAsync(ParIndexDb db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            await PrepareSqliteAsync(db, cancellationToken);
            // EF Core takes a lock row (__EFMigrationsLock) for the whole of a migration, and on SQLite a process
            // killed while holding it leaves the row behind: every later start would wait for it forever. A file that
            // is already up to date needs no lock, so a command killed mid-way (db import, compute, publish) never
            // blocks the next one.
            if (await db.Database.CanConnectAsync(cancellationToken)
                && (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any()
                && !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
                return;
        }
        if (db.Database.IsSqlite() && SqliteFile(db) is { } file)
        {
            // EF Core's lock row outlives a killed process; an OS lock does not. Holding this file (FileShare.None, a
            // lock the system drops when the process dies), no other process is migrating: a lock row left behind is
            // provably stale and is removed.
            await using var held = await HoldAsync(file + ".migrating", cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                var stale = await db.Database.SqlQueryRaw<int>(
                    "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").SingleAsync(cancellationToken) > 0
                    && await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", cancellationToken) > 0;
                if (stale)
                    await Console.Error.WriteLineAsync("Đã xoá khoá di chuyển cơ sở dữ liệu còn sót lại (__EFMigrationsLock) của một lần chạy bị dừng giữa chừng; tiếp tục cập nhật.");
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }
        // PostgreSQL: Npgsql's migration lock is an advisory lock of the connection; it dies with the process.
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>The full path of a SQLite database file (null for an in-memory database).</summary>
    private static string? SqliteFile(ParIndexDb db)
    {
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        return builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" ? null : Path.GetFullPath(builder.DataSource);
    }

    private static async Task<FileStream> HoldAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another process migrates this file now: wait for it (or for its death, which frees the lock).
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static async Task PrepareSqliteAsync(ParIndexDb db, CancellationToken cancellationToken)
    {
        if (SqliteFile(db) is not { } file) return;
        var folder = Path.GetDirectoryName(file);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        // WAL is a property of the file: set once, it holds for every later connection.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
