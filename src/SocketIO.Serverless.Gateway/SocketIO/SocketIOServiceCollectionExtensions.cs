using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Recovery;

namespace SocketIO.Serverless.Gateway.SocketIO;

public static class SocketIOServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Socket.IO layer: options from the <c>SocketIO</c> section, the per-hub servers
    /// (<see cref="ISocketHubs"/>, and <see cref="ISocketServer"/> for the default hub), the in-memory room
    /// index (replace <see cref="ISocketAdapterFactory"/> for another), and the <see cref="SocketIOEngineApplication"/>
    /// to mount on the Engine.IO endpoints. An <see cref="ISocketApplication"/> must be registered too.
    /// </summary>
    public static IServiceCollection AddSocketIO(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SocketIOOptions>()
            .BindConfiguration(SocketIOOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SocketIOMetrics>();
        services.TryAddSingleton<ISocketAdapterFactory, InMemorySocketAdapterFactory>();
        services.AddConnectionStateRecovery();
        services.TryAddSingleton<SocketHubs>();
        services.TryAddSingleton<ISocketHubs>(sp => sp.GetRequiredService<SocketHubs>());
        services.TryAddSingleton<ISocketServer>(sp =>
        {
            var servers = sp.GetRequiredService<ISocketHubs>();
            return servers.Get(servers.DefaultHub);
        });
        services.TryAddSingleton(sp => new SocketIOEngineApplication(
            sp.GetRequiredService<ISocketApplication>(),
            sp.GetRequiredService<SocketHubs>(),
            sp.GetRequiredService<IOptions<SocketIOOptions>>(),
            sp.GetRequiredService<SocketIOMetrics>(),
            sp.GetRequiredService<ILogger<SocketIOEngineApplication>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ConnectionStateRecovery>()));
        services.AddSingleton<IEngineShutdownHandler, SocketIOShutdownHandler>();
        return services;
    }
}
