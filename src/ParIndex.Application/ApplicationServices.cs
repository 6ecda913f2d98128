using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Application.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Application;

/// <summary>Registers the handlers (MediatR 5 by Scrutor scanning), in one place for the web and the command line.</summary>
public static class ApplicationServices
{
    public static IServiceCollection AddParIndexApplication(this IServiceCollection services)
    {
        services.AddSingleton<ResultCache>();
        // The web binds its own from settings; the command line keeps the defaults.
        services.TryAddSingleton(WorkbookSettings.Default);
        // Evidence files: the web binds the settings at start-up; elsewhere the defaults, beside the database.
        services.TryAddSingleton(p => EvidenceSettings.From(p.GetService<IConfiguration>(), p.GetRequiredService<Data.DatabaseOptions>()));
        services.TryAddSingleton<EvidenceStore>();
        // One clock (tests replace the TimeProvider) and one time display, in the province's zone.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(p => new ProvinceTime(p.GetRequiredService<TimeProvider>(),
            p.GetService<IConfiguration>()?[ProvinceTime.ZoneSetting]));
        services.AddScoped<ServiceFactory>(p => p.GetService!);
        services.AddScoped<IMediator, Mediator>();
        // Requests only: the application publishes no notifications, so there are no notification handlers to find.
        services.Scan(s => s.FromAssemblyOf<Actor>()
            .AddClasses(c => c.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false).AsImplementedInterfaces().WithScopedLifetime());
        return services;
    }
}
