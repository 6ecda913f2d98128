using Microsoft.Data.Sqlite;
using Npgsql;
using ParIndex.Data;

namespace ParIndex.Cli;

/// <summary>
/// A database is created only by <c>db migrate</c> (or the service's start): any other verb given a mistyped
/// path or server must say so, not create a new, empty database there.
/// </summary>
internal static class ExistingDatabase
{
    /// <summary>Refuses a connection string the provider cannot parse (a usage error).</summary>
    public static void CheckSyntax(DatabaseOptions options)
    {
        try
        {
            _ = options.Provider == DatabaseProvider.Sqlite
                ? new SqliteConnectionStringBuilder(options.ConnectionString).DataSource
                : new NpgsqlConnectionStringBuilder(options.ConnectionString).Host;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new UsageException($"--connection \"{options.ConnectionString}\" không phải chuỗi kết nối hợp lệ ({e.Message}); "
                + (options.Provider == DatabaseProvider.Sqlite ? "ví dụ: Data Source=parindex.db" : "ví dụ: Host=…;Database=parindex;Username=…;Password=…"));
        }
    }

    /// <summary>Refuses a SQLite file or folder that does not exist (for migrate: only a missing folder).</summary>
    public static async Task CheckAsync(DatabaseOptions options, bool create, CancellationToken ct)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:") return;
            var path = Path.GetFullPath(builder.DataSource);
            if (Directory.Exists(path))
                throw new UsageException($"--connection trỏ tới {path}, là một thư mục; cần đường dẫn tệp cơ sở dữ liệu (ví dụ Data Source={Path.Combine(builder.DataSource, "parindex.db")})");
            var folder = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(folder))
                throw new InputException($"Không có thư mục {folder} của cơ sở dữ liệu; kiểm tra --connection (thư mục phải có sẵn)");
            if (!create && !File.Exists(path))
                throw new InputException($"Không có cơ sở dữ liệu {path}; kiểm tra --connection, hoặc tạo mới bằng: parindex db migrate --connection \"Data Source={builder.DataSource}\"");
            return;
        }
        if (create) return;
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException or InvalidOperationException or ArgumentException)
        {
            throw new InputException($"Không kết nối được cơ sở dữ liệu PostgreSQL ({e.Message}); kiểm tra --connection, hoặc tạo cơ sở dữ liệu bằng parindex db migrate");
        }
    }
}
