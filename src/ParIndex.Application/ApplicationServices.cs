using MediatR;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Application.Features;

namespace ParIndex.Application;

/// <summary>Registers the handlers (MediatR 5 by Scrutor scanning), in one place for the web and the command line.</summary>
public static class ApplicationServices
{
    public static IServiceCollection AddParIndexApplication(this IServiceCollection services)
    {
        services.AddSingleton<ResultCache>();
        services.AddScoped<ServiceFactory>(p => p.GetService!);
        services.AddScoped<IMediator, Mediator>();
        // Requests only: the application publishes no notifications, so there are no notification handlers to find.
        services.Scan(s => s.FromAssemblyOf<Actor>()
            .AddClasses(c => c.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false).AsImplementedInterfaces().WithScopedLifetime());
        return services;
    }
}
