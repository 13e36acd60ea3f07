using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SocketIO.Serverless.Gateway.Engine;

public static class EngineEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Mounts an Engine.IO endpoint at <paramref name="pattern"/> (e.g. <c>/socket.io/</c>, or
    /// <c>/clients/socketio/hubs/{hub}/</c>: the <c>hub</c> route value becomes <see cref="EngineHandshake.Hub"/>)
    /// served by the application <paramref name="applicationFactory"/> makes (called once, now). Sessions belong
    /// to their endpoint: a sid from one endpoint is unknown at another.
    /// </summary>
    public static IEndpointConventionBuilder MapEngineIO(this IEndpointRouteBuilder endpoints, string pattern, Func<IServiceProvider, IEngineApplication> applicationFactory)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        ArgumentNullException.ThrowIfNull(applicationFactory);
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<EngineOptions>>().Value;
        var application = applicationFactory(services);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("SocketIO.Serverless.Gateway.Engine");
        var endpoint = new EngineEndpoint(
            pattern,
            application,
            options,
            services.GetRequiredService<EngineServer>(),
            services.GetRequiredService<EngineMetrics>(),
            new EngineCors(services.GetRequiredService<ICorsService>(), options.Cors),
            services.GetRequiredService<TimeProvider>(),
            logger);
        EngineLog.EndpointMapped(logger, pattern, application.GetType().Name);

        // Routing matches the path with or without its trailing slash; every method (GET, POST, OPTIONS) lands here.
        return endpoints.Map(RoutePattern(pattern), endpoint.HandleAsync).WithDisplayName($"Engine.IO {pattern}");
    }

    /// <summary>Mounts the raw Engine.IO echo (<see cref="EngineEchoApplication"/>) at <paramref name="pattern"/>.</summary>
    public static IEndpointConventionBuilder MapEngineEcho(this IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.MapEngineIO(pattern, static services => services.GetRequiredService<EngineEchoApplication>());

    /// <summary>Mounts the echo at <see cref="EngineOptions.EchoPath"/> (configuration <c>Engine:EchoPath</c>) when it is set; otherwise does nothing.</summary>
    public static IEndpointRouteBuilder MapEngineEcho(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var path = endpoints.ServiceProvider.GetRequiredService<IOptions<EngineOptions>>().Value.EchoPath;
        if (!string.IsNullOrWhiteSpace(path))
        {
            endpoints.MapEngineEcho(path);
        }

        return endpoints;
    }

    private static string RoutePattern(string pattern) => "/" + pattern.Trim('/');
}
