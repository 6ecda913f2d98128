using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Application;
using ParIndex.Data;

namespace ParIndex.Service.Tests.Features;

/// <summary>The application's handlers over a real database, without HTTP: for the cycle's rules.</summary>
internal sealed class HandlerHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string? _file;

    private HandlerHost(ServiceProvider services, string? file)
    {
        _services = services;
        _file = file;
    }

    /// <summary>Starts over a fresh database, or over a copy of a SQLite file prepared once (<paramref name="copyOf"/>).</summary>
    public static async Task<HandlerHost> StartAsync(DatabaseOptions? options = null, string? copyOf = null)
    {
        string? file = null;
        if (options is null)
        {
            file = Path.Combine(Path.GetTempPath(), $"parindex-handlers-{Guid.NewGuid():N}.db");
            if (copyOf is not null) File.Copy(copyOf, file);
            options = new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False");
        }
        var services = new ServiceCollection()
            .AddLogging()
            .AddScoped<IAuditContext>(_ => new FixedAuditContext("kiem-thu"))
            .AddParIndexData(options)
            .AddParIndexApplication()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ParIndexDb>().Database.EnsureCreatedAsync();
        return new HandlerHost(services, file);
    }

    /// <summary>Sends a request in its own scope, as one HTTP request or one command would.</summary>
    public async Task<T> Send<T>(IRequest<T> request)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>Reads the database in its own scope.</summary>
    public async Task<T> Query<T>(Func<ParIndexDb, Task<T>> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ParIndexDb>());
    }

    /// <summary>The SQLite file behind this host, when it has one.</summary>
    public string? File => _file;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) System.IO.File.Delete(f);
        }
    }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ParIndex.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("ParIndex.sln not found");
        }
    }

    public static string Criteria => Path.Combine(RepoRoot, "scoring-criteria");
    public static string Samples => Path.Combine(RepoRoot, "samples");
}
