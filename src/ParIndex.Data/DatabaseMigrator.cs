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
        await db.Database.MigrateAsync(cancellationToken);
    }

    private static async Task PrepareSqliteAsync(ParIndexDb db, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        if (inMemory) return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
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
