using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ParIndex.Data;

/// <summary>The database provider, chosen by configuration (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file: the default, no set-up at all.</summary>
    Sqlite,
    /// <summary>A PostgreSQL server: for a province-wide or national deployment.</summary>
    Postgres,
}

/// <summary>Database settings: <c>Database:Provider</c> and <c>ConnectionStrings:ParIndex</c>.</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The default: a SQLite file beside the working directory.</summary>
    public const string DefaultSqlite = "Data Source=parindex.db";

    /// <summary>Reads and checks the settings; a wrong value stops start-up with a message a person can act on.</summary>
    public static DatabaseOptions From(IConfiguration configuration)
    {
        var name = configuration["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider))
            throw new InvalidOperationException($"Database:Provider \"{name}\" không hợp lệ: dùng Sqlite hoặc Postgres.");
        var connection = configuration.GetConnectionString("ParIndex");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException("Database:Provider là Postgres nhưng thiếu ConnectionStrings:ParIndex (ví dụ Host=…;Database=parindex;Username=…;Password=…).");
            connection = DefaultSqlite;
        }
        return new DatabaseOptions(provider, connection);
    }

    /// <summary>
    /// For a SQLite file, the folder beside it named after it (parindex.db with "-keys": parindex-keys), so that what
    /// belongs to one database is kept and backed up with it; null for PostgreSQL or a database without a file.
    /// </summary>
    public string? FolderBesideFile(string suffix)
    {
        if (Provider != DatabaseProvider.Sqlite
            || new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource is not { Length: > 0 } file
            || file == ":memory:" || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return null;
        var full = Path.GetFullPath(file);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + suffix);
    }
}

/// <summary>Registers the database in one place.</summary>
public static class DataServices
{
    /// <summary>
    /// Adds <see cref="ParIndexDb"/> for the configured provider. Each provider has its own context type
    /// so that each has its own migrations (Migrations/Sqlite, Migrations/Postgres).
    /// </summary>
    public static IServiceCollection AddParIndexData(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        // Contexts come from a pool (made once, reset after each request) and get the request's audit context on each
        // rent: building a context per request (options, EF's service lookup, the sets) was a large part of a cached
        // page's cost.
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddPooledDbContextFactory<SqliteParIndexDb>(o => o.UseSqlite(options.ConnectionString));
                services.AddScoped<ParIndexDb>(Rent<SqliteParIndexDb>);
                break;
            case DatabaseProvider.Postgres:
                services.AddPooledDbContextFactory<PostgresParIndexDb>(o => o.UseNpgsql(options.ConnectionString));
                services.AddScoped<ParIndexDb>(Rent<PostgresParIndexDb>);
                break;
        }
        return services;
    }

    /// <summary>A pooled context for this scope, with the scope's audit context; disposing the scope returns it.</summary>
    private static TContext Rent<TContext>(IServiceProvider services) where TContext : ParIndexDb
    {
        var db = services.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
        db.AuditContext = services.GetRequiredService<IAuditContext>();
        return db;
    }
}

/// <summary>The SQLite flavour of the database (its migrations live in Migrations/Sqlite).</summary>
public class SqliteParIndexDb(DbContextOptions<SqliteParIndexDb> options) : ParIndexDb(options);

/// <summary>The PostgreSQL flavour of the database (its migrations live in Migrations/Postgres).</summary>
public class PostgresParIndexDb(DbContextOptions<PostgresParIndexDb> options) : ParIndexDb(options);
