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

    private HandlerHost(ServiceProvider services, DatabaseOptions options)
    {
        _services = services;
        Options = options;
    }

    /// <summary>The database behind this host.</summary>
    public DatabaseOptions Options { get; }

    /// <summary>Starts over a database (migrated here if it is not yet).</summary>
    /// <param name="options">The database.</param>
    /// <param name="clock">The handlers' clock (a FakeTimeProvider for deadlines); the system clock when null.</param>
    public static async Task<HandlerHost> StartAsync(DatabaseOptions options, TimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        if (clock is not null) services.AddSingleton(clock);
        services
            .AddLogging()
            .AddScoped<IAuditContext>(p => new FixedAuditContext("kiem-thu", p.GetRequiredService<TimeProvider>()))
            .AddParIndexData(options)
            .AddSingleton(new EvidenceSettings(TestDatabase.EvidenceFolder(options)))
            .AddParIndexApplication();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await using (var scope = provider.CreateAsyncScope())
            await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<ParIndexDb>());
        return new HandlerHost(provider, options);
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

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    public static string RepoRoot => ParIndex.Tests.Shared.RepositoryRoot.Path;

    public static string Criteria => Path.Combine(RepoRoot, "scoring-criteria");
    public static string Samples => Path.Combine(RepoRoot, "samples");
}
