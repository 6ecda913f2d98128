using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ParIndex.Data;

// Used only by `dotnet ef` (scripts/add-migration.sh) to build the model of each provider; nothing connects.

/// <summary>Builds the SQLite context for <c>dotnet ef migrations add … --context SqliteParIndexDb</c>.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteParIndexDb>
{
    /// <inheritdoc/>
    public SqliteParIndexDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteParIndexDb>().UseSqlite("Data Source=design-time.db").Options) { AuditContext = new FixedAuditContext("design-time") };
}

/// <summary>Builds the PostgreSQL context for <c>dotnet ef migrations add … --context PostgresParIndexDb</c>; no server needed.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresParIndexDb>
{
    /// <inheritdoc/>
    public PostgresParIndexDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresParIndexDb>().UseNpgsql("Host=localhost;Database=parindex_design").Options) { AuditContext = new FixedAuditContext("design-time") };
}
