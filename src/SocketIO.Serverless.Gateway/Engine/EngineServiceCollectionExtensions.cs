using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SocketIO.Serverless.Gateway.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Engine.IO server: <see cref="EngineOptions"/> bound from the <c>Engine</c> configuration
    /// section then <paramref name="configure"/>, the session registry (<see cref="IEngineServer"/>), metrics,
    /// graceful shutdown and the WebSocket middleware. Endpoints are then mapped with <c>MapEngineIO</c>.
    /// Calling it more than once is harmless.
    /// </summary>
    public static IServiceCollection AddEngineIO(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(static o => o.PingInterval > 0 && o.PingTimeout > 0 && o.UpgradeTimeout > 0 && o.CloseTimeout > 0 && o.ShutdownTimeout > 0,
                "Engine: PingInterval, PingTimeout, UpgradeTimeout, CloseTimeout and ShutdownTimeout must be positive (milliseconds).")
            .Validate(static o => o.MaxHttpBufferSize > 0 && o.MaxBufferedMessages > 0 && o.MaxBufferedBytes > 0,
                "Engine: MaxHttpBufferSize, MaxBufferedMessages and MaxBufferedBytes must be positive.")
            .Validate(static o => o.Transports != EngineTransports.None, "Engine: at least one transport must be enabled.")
            .ValidateOnStart();

        services.AddCors();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EngineMetrics>();
        services.TryAddSingleton<EngineServer>();
        services.TryAddSingleton<IEngineServer>(static provider => provider.GetRequiredService<EngineServer>());
        services.TryAddSingleton<EngineEchoApplication>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EngineShutdownService>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, EngineWebSocketsStartupFilter>());
        return services;
    }
}
