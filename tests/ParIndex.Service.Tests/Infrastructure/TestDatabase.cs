using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ParIndex.Data;

// In the tests' root namespace, so the set-up fixture below covers every test of the project.
namespace ParIndex.Service.Tests;

/// <summary>
/// Fresh, empty databases for tests: a SQLite file in a new temp folder, or a new database on a real
/// PostgreSQL server. The server is the one named by <c>PARINDEX_TEST_POSTGRES</c> (a base connection string,
/// e.g. <c>Host=127.0.0.1;Port=55432;Username=postgres</c>, as .ci/run exports); without it, a private
/// throwaway cluster is started from the Debian binaries on first use and stopped when the run ends.
/// When neither is possible a PostgreSQL test is ignored, or fails when <c>CI=true</c>.
/// </summary>
public static class TestDatabase
{
    /// <summary>Both providers, for <c>[TestFixtureSource]</c> or <c>[TestCaseSource]</c>; call <see cref="Create"/> in the test.</summary>
    /// <remarks>Providers, not databases: sources are read when tests are discovered, before any server runs.</remarks>
    public static readonly DatabaseProvider[] All = [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    private static readonly ConcurrentBag<string> Folders = [];
    private static readonly ConcurrentBag<string> Databases = [];
    private static readonly Lazy<PostgresServer> Server = new(PostgresServer.Find);

    /// <summary>A fresh empty database of the provider (not migrated).</summary>
    public static DatabaseOptions Create(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => Sqlite(),
        DatabaseProvider.Postgres => Postgres(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>A SQLite file in a fresh temp folder; the file's own folder does not exist yet (migrating creates it).</summary>
    public static DatabaseOptions Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "parindex-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Folders.Add(folder);
        return new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "data", "parindex.db")}");
    }

    /// <summary>A new empty database on the test PostgreSQL server.</summary>
    public static DatabaseOptions Postgres()
    {
        var server = Server.Value;
        if (server.Unavailable is { } reason)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Assert.Fail($"PostgreSQL is required when CI=true: {reason}");
            Assert.Ignore($"No PostgreSQL for tests: {reason}");
        }
        var name = "parindex_test_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }
        Databases.Add(name);
        return new DatabaseOptions(DatabaseProvider.Postgres, server.ConnectionString(name));
    }

    /// <summary>
    /// The evidence folder of a test database: the service's default beside a SQLite file; for PostgreSQL (no file)
    /// a temp folder named after the database, so that every host and handler on one database shares it.
    /// </summary>
    public static string EvidenceFolder(DatabaseOptions options) =>
        options.FolderBesideFile("-evidence")
        ?? Path.Combine(Path.GetTempPath(), "parindex-tests", "evidence-" + new NpgsqlConnectionStringBuilder(options.ConnectionString).Database);

    /// <summary>A context on the database, as the service builds it, acting as <paramref name="audit"/> (default "test").</summary>
    public static ParIndexDb Connect(DatabaseOptions options, IAuditContext? audit = null)
    {
        audit ??= new FixedAuditContext("test");
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteParIndexDb(
                new DbContextOptionsBuilder<SqliteParIndexDb>().UseSqlite(options.ConnectionString).Options) { AuditContext = audit },
            DatabaseProvider.Postgres => new PostgresParIndexDb(
                new DbContextOptionsBuilder<PostgresParIndexDb>().UseNpgsql(options.ConnectionString).Options) { AuditContext = audit },
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
    }

    /// <summary>A fresh database of the provider, migrated to the latest migration.</summary>
    public static async Task<DatabaseOptions> CreateMigratedAsync(DatabaseProvider provider)
    {
        var options = Create(provider);
        await using var db = Connect(options, new FixedAuditContext("migration"));
        await DatabaseMigrator.MigrateAsync(db);
        return options;
    }

    /// <summary>
    /// A new database holding a copy of <paramref name="template"/> (a file copy for SQLite, CREATE DATABASE …
    /// TEMPLATE for PostgreSQL), so that an expensive set-up is done once and each test gets its own copy.
    /// </summary>
    public static DatabaseOptions Clone(DatabaseOptions template)
    {
        var copy = Create(template.Provider);
        if (template.Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            var from = new SqliteConnectionStringBuilder(template.ConnectionString).DataSource;
            var to = new SqliteConnectionStringBuilder(copy.ConnectionString).DataSource;
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                if (File.Exists(from + suffix)) File.Copy(from + suffix, to + suffix);
            return copy;
        }
        NpgsqlConnection.ClearAllPools();
        var source = new NpgsqlConnectionStringBuilder(template.ConnectionString).Database!;
        var target = new NpgsqlConnectionStringBuilder(copy.ConnectionString).Database!;
        using var connection = new NpgsqlConnection(Server.Value.ConnectionString("postgres"));
        connection.Open();
        using (var drop = new NpgsqlCommand($"DROP DATABASE \"{target}\"", connection)) drop.ExecuteNonQuery();
        using (var create = new NpgsqlCommand($"CREATE DATABASE \"{target}\" TEMPLATE \"{source}\"", connection)) create.ExecuteNonQuery();
        return copy;
    }

    /// <summary>Removes what the run created: temp folders, databases, the private cluster.</summary>
    internal static void CleanUp()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in Folders)
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        if (!Server.IsValueCreated) return;
        NpgsqlConnection.ClearAllPools();
        Server.Value.Dispose(Databases);
    }

    /// <summary>The PostgreSQL server of this run: given, started here, or unavailable (with the reason).</summary>
    private sealed class PostgresServer
    {
        private readonly string _baseConnection = "";
        private readonly string? _pgCtl;
        private readonly string? _folder;
        private readonly bool _asPostgresUser;

        public string? Unavailable { get; }

        private PostgresServer(string baseConnection, string? pgCtl = null, string? folder = null, bool asPostgresUser = false)
        {
            _baseConnection = baseConnection;
            _pgCtl = pgCtl;
            _folder = folder;
            _asPostgresUser = asPostgresUser;
        }

        private PostgresServer(string? unavailable, string baseConnection) =>
            (Unavailable, _baseConnection) = (unavailable, baseConnection);

        private static PostgresServer None(string reason) => new(unavailable: reason, baseConnection: "");

        public string ConnectionString(string database) =>
            new NpgsqlConnectionStringBuilder(_baseConnection) { Database = database }.ConnectionString;

        public static PostgresServer Find()
        {
            var given = Environment.GetEnvironmentVariable("PARINDEX_TEST_POSTGRES");
            return string.IsNullOrWhiteSpace(given) ? StartPrivateCluster() : new PostgresServer(baseConnection: given);
        }

        /// <summary>initdb and pg_ctl of the newest /usr/lib/postgresql/N (Debian), data in a temp folder, a free port on 127.0.0.1.</summary>
        private static PostgresServer StartPrivateCluster()
        {
            var bin = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(b => File.Exists(Path.Combine(b, "initdb")))
                    .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                    .FirstOrDefault()
                : null;
            if (bin is null)
                return None("PARINDEX_TEST_POSTGRES is not set and /usr/lib/postgresql/*/bin/initdb is missing (apt-get install postgresql).");

            // initdb refuses to run as root: as root, run the binaries as the postgres user, who must own the folder.
            var asPostgresUser = Environment.UserName == "root";
            var folder = Path.Combine(Path.GetTempPath(), "parindex-pg-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var data = Path.Combine(folder, "data");
            var port = FreePort();
            var pgCtl = Path.Combine(bin, "pg_ctl");
            try
            {
                if (asPostgresUser) Run("chown", ["postgres:postgres", folder], asPostgres: false);
                Run(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"], asPostgresUser);
                // A throwaway cluster: durability off for speed; room for every test's connection pool.
                var settings = $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=300 "
                    + "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
                Run(pgCtl, ["-D", data, "-o", settings, "-l", Path.Combine(folder, "server.log"), "-w", "start"], asPostgresUser);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
                return None($"could not start a private PostgreSQL cluster: {e.Message}");
            }
            var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres", pgCtl, folder, asPostgresUser);
            // Should the run end without the set-up fixture's tear-down (an aborted run), still stop the server.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopCluster();
            return server;
        }

        public void Dispose(IEnumerable<string> databases)
        {
            if (Unavailable is not null) return;
            if (_pgCtl is null)
            {
                // A server we were given outlives the run: drop what we created there.
                using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                connection.Open();
                foreach (var name in databases)
                {
                    using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                    drop.ExecuteNonQuery();
                }
                return;
            }
            StopCluster();
        }

        private int _stopped;

        private void StopCluster()
        {
            if (_pgCtl is null || _folder is null || Interlocked.Exchange(ref _stopped, 1) == 1) return;
            try { Run(_pgCtl, ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser); }
            catch (InvalidOperationException) { }
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static void Run(string program, string[] arguments, bool asPostgres)
        {
            var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (asPostgres)
                foreach (var a in new[] { "-u", "postgres", "--", program }) start.ArgumentList.Add(a);
            foreach (var a in arguments) start.ArgumentList.Add(a);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish in 2 minutes");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"{Path.GetFileName(program)} exited with {process.ExitCode}: {error.Result.Trim()} {output.Result.Trim()}");
        }
    }
}

/// <summary>Runs once around every test of the project: removes the test databases and stops a private PostgreSQL.</summary>
[SetUpFixture]
public sealed class TestDatabaseRun
{
    /// <summary>The end of the run.</summary>
    [OneTimeTearDown]
    public void StopDatabases() => TestDatabase.CleanUp();
}
