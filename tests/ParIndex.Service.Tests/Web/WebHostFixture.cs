using ParIndex.Data;
using ParIndex.Service.Tests.Infrastructure;

namespace ParIndex.Service.Tests.Web;

/// <summary>
/// A fresh database (a SQLite file in a fresh temp folder, or a new PostgreSQL database), and hosts of the
/// service over it, removed afterwards.
/// </summary>
internal sealed class TempService(DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncDisposable
{
    private readonly List<ServiceHost> _hosts = [];
    private DatabaseOptions? _postgres;

    public string Folder { get; } = Directory.CreateTempSubdirectory("parindex-web-").FullName;

    public DatabaseOptions Database => provider == DatabaseProvider.Sqlite
        ? new(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(Folder, "parindex.db")};Pooling=False")
        : _postgres ??= TestDatabase.Create(DatabaseProvider.Postgres);

    public ServiceHost Host(string environment = "Testing", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new ServiceHost(Database, environment, settings);
        _hosts.Add(host);
        return host;
    }

    /// <summary>The service on real Kestrel (127.0.0.1, a free port), started.</summary>
    public ServiceHost Kestrel(string environment = "Testing", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = ServiceHost.OverKestrel(Database, environment, settings);
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
